package messaging

import "testing"

func TestRemovesAllApproved(t *testing.T) {
	ok := func(name string) Template { return Template{Name: name, Language: "en_GB", Status: TemplateApproved} }
	pending := Template{Name: "p", Language: "en_GB", Status: TemplatePending}
	tests := []struct {
		name           string
		stored, listed []Template
		want           bool
	}{
		{"empty list against approved templates", []Template{ok("a"), ok("b")}, nil, true},
		{"a list with none of them", []Template{ok("a")}, []Template{ok("z")}, true},
		{"same name in another language", []Template{ok("a")}, []Template{{Name: "a", Language: "de", Status: TemplateApproved}}, true},
		{"one of them still listed", []Template{ok("a"), ok("b")}, []Template{ok("b")}, false},
		{"listed but paused", []Template{ok("a")}, []Template{{Name: "a", Language: "en_GB", Status: TemplatePaused}}, false},
		{"nothing approved stored", []Template{pending}, nil, false},
		{"nothing stored", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RemovesAllApproved(tt.stored, tt.listed); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
