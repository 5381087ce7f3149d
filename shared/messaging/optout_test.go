package messaging

import "testing"

func TestClassifyKeyword(t *testing.T) {
	tests := []struct {
		text string
		want Keyword
	}{
		{"STOP", KeywordOptOut},
		{"stop", KeywordOptOut},
		{"  Stop  ", KeywordOptOut},
		{"Stop!", KeywordOptOut},
		{"stop.", KeywordOptOut},
		{"STOP!!!", KeywordOptOut},
		{"stop\n", KeywordOptOut},
		{"Stop all", KeywordOptOut},
		{"STOP   ALL", KeywordOptOut},
		{"Unsubscribe", KeywordOptOut},
		{"opt out", KeywordOptOut},
		{"Opt-out", KeywordOptOut},
		{"OPTOUT", KeywordOptOut},
		{"cancel", KeywordNone},
		{"CANCEL", KeywordNone},
		{"End", KeywordNone},
		{"quit?", KeywordNone},
		{"START", KeywordOptIn},
		{"start", KeywordOptIn},
		{"Subscribe", KeywordOptIn},
		{"unstop", KeywordOptIn},
		{"Yes!", KeywordNone},
		{"yes", KeywordNone},
		{"YES.", KeywordNone},
		{"", KeywordNone},
		{"   ", KeywordNone},
		{"!", KeywordNone},
		{"stop the leak", KeywordNone},
		{"please stop", KeywordNone},
		{"don't stop", KeywordNone},
		{"STOPPED", KeywordNone},
		{"yes please", KeywordNone},
		{"start date?", KeywordNone},
		{".stop", KeywordNone},
		{"STOP " + string(make([]byte, 100)), KeywordNone},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := ClassifyKeyword(tt.text); got != tt.want {
				t.Errorf("ClassifyKeyword(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestKeywordConfirmations(t *testing.T) {
	for _, c := range []string{OptOutConfirmation, OptInConfirmation} {
		if c == "" || len(c) > 160 {
			t.Errorf("confirmation %q: want a short non-empty reply", c)
		}
	}
}

func FuzzClassifyKeyword(f *testing.F) {
	for _, s := range []string{"STOP", "stop all!", "Yes.", "stop the leak", "\u00a0start\u3002"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		k := ClassifyKeyword(text)
		if k != KeywordNone && k != KeywordOptOut && k != KeywordOptIn {
			t.Fatalf("ClassifyKeyword(%q) = %d", text, k)
		}
		if k != KeywordNone && len(text) > maxKeywordLen {
			t.Fatalf("long text %q classified %v", text, k)
		}
	})
}
