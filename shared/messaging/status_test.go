package messaging

import "testing"

// TestStatusRankAdvances holds the forward-only rule the stores apply by rank (a status replaces
// another only when its rank is higher) for every pair: accepted < sent < delivered < read,
// queued first, failed final, unknown statuses never replace anything nor hold anything back,
// and a status never replaces itself.
func TestStatusRankAdvances(t *testing.T) {
	order := []Status{StatusQueued, StatusAccepted, StatusSent, StatusDelivered, StatusRead, StatusFailed}
	unknown := []Status{"", "deleted", "warning", "SENT"}
	all := append(append([]Status{}, order...), unknown...)
	index := map[Status]int{}
	for i, s := range order {
		index[s] = i + 1
	}
	for _, from := range all {
		for _, to := range all {
			t.Run(string(from)+"->"+string(to), func(t *testing.T) {
				var want bool
				switch {
				case index[to] == 0: // unknown never replaces
					want = false
				case index[from] == 0: // anything known replaces unknown
					want = true
				default:
					want = index[to] > index[from]
				}
				if got := to.Rank() > from.Rank(); got != want {
					t.Errorf("%q (rank %d) replaces %q (rank %d) = %v, want %v", to, to.Rank(), from, from.Rank(), got, want)
				}
			})
		}
	}
}

func TestStatusRules(t *testing.T) {
	tests := []struct {
		name     string
		from, to Status
		want     bool
	}{
		{"failed is final over read", StatusFailed, StatusRead, false},
		{"failed is final over sent", StatusFailed, StatusSent, false},
		{"read may fail later", StatusRead, StatusFailed, true},
		{"delivered may be skipped", StatusSent, StatusRead, true},
		{"late delivered after read ignored", StatusRead, StatusDelivered, false},
		{"equal never replaces", StatusDelivered, StatusDelivered, false},
		{"unknown never replaces", StatusSent, Status("deleted"), false},
		{"case matters", StatusAccepted, Status("SENT"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.to.Rank() > tt.from.Rank(); got != tt.want {
				t.Errorf("%q replaces %q = %v, want %v", tt.to, tt.from, got, tt.want)
			}
		})
	}
}
