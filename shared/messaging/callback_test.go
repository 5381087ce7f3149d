package messaging

import "testing"

func TestCallbackFormat(t *testing.T) {
	tests := []struct {
		name string
		msg  OutboundMessage
		want string
	}{
		{name: "seed", msg: OutboundMessage{OrgID: "org1", JobID: 1050, ID: "01JD0000000000000000000000"}, want: "v1|org1|1050|01JD0000000000000000000000"},
		{name: "big job id", msg: OutboundMessage{OrgID: "o-2", JobID: 1<<63 - 1, ID: "m"}, want: "v1|o-2|9223372036854775807|m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.msg.Callback().Format()
			if s != tt.want {
				t.Errorf("Format = %q, want %q", s, tt.want)
			}
			if len(s) > MaxCallbackLen {
				t.Errorf("callback data is %d bytes, over Meta's %d", len(s), MaxCallbackLen)
			}
			got, ok := ParseCallback(s)
			if want := tt.msg.Callback(); !ok || got != want {
				t.Errorf("ParseCallback(%q) = %+v, %v; want %+v, true", s, got, ok, want)
			}
		})
	}
}

func TestParseCallbackRefuses(t *testing.T) {
	for _, s := range []string{"", "v1", "v2|o|1|m", "v1|o|x|m", "v1||1|m", "v1|o|1|", "v1|o|1|m|extra", "v1|o|12abc|m", "v1|o| 12|m", "v1|o|+12|m", "v1|o|-3|m", "v1|o|0|m"} {
		t.Run(s, func(t *testing.T) {
			if c, ok := ParseCallback(s); ok {
				t.Errorf("ParseCallback(%q) = %+v, true; want refused", s, c)
			}
		})
	}
}

func FuzzParseCallback(f *testing.F) {
	f.Add("v1|org1|1050|01MSG")
	f.Add("v1|o|12abc|m")
	f.Add("v1|o|0|m")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseCallback(s)
		if !ok {
			return
		}
		if c.JobID <= 0 || c.OrgID == "" || c.MessageID == "" {
			t.Fatalf("ParseCallback(%q) accepted %+v", s, c)
		}
		if back := c.Format(); back != s {
			t.Fatalf("round trip of %q gave %q", s, back)
		}
	})
}
