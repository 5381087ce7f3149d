package dynamo

import "testing"

func TestKeys(t *testing.T) {
	tests := []struct {
		name string
		got  key
		want key
	}{
		{"token", tokenKey("o1", "ab12"), key{"ORG#o1#TOKEN#ab12", "TOKEN"}},
		{"settings", settingsKey("o1"), key{"ORG#o1", "SETTINGS#WHATSAPP"}},
		{"route", routeKey("1234567890"), key{"PHONE#1234567890", "ROUTE"}},
		{"template", templateKey("o1", 42), key{"ORG#o1", "TEMPLATE#0000000042"}},
		{"template name", templateNameKey("o1", "job_booked", "en_GB"), key{"ORG#o1", "TPLNAME#en_GB#job_booked"}},
		{"template counter", templateCounterKey("o1"), key{"ORG#o1", "COUNTER#TEMPLATE"}},
		{"job", jobKey("o1", 1050), key{"ORG#o1#JOB#1050", "JOB"}},
		{"note", noteKey("o1", 1050, "01J0000000000000000000000"), key{"ORG#o1#JOB#1050", "NOTE#01J0000000000000000000000"}},
		{"message", messageKey("o1", "m1"), key{"ORG#o1#MSG#m1", "MSG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %+v, want %+v", tt.got, tt.want)
			}
		})
	}
}

func TestTemplateSKOrdersByID(t *testing.T) {
	ids := []int{1, 2, 9, 10, 11, 99, 100, 1000000}
	for i := 1; i < len(ids); i++ {
		if a, b := templateSK(ids[i-1]), templateSK(ids[i]); a >= b {
			t.Errorf("templateSK(%d) = %q sorts at or after templateSK(%d) = %q", ids[i-1], a, ids[i], b)
		}
	}
}
