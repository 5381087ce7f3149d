package eventbus

import (
	"testing"
)

// FuzzParsePutEvents feeds PutEvents answers, well formed or not, to the parser: it yields an
// error and no results, or exactly one result per entry.
func FuzzParsePutEvents(f *testing.F) {
	f.Add([]byte(`{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}`), 1)
	f.Add([]byte(`{"FailedEntryCount":1,"Entries":[{"EventId":"e-1"},{"ErrorCode":"InternalException","ErrorMessage":"x"}]}`), 2)
	f.Add([]byte(`{"FailedEntryCount":-1,"Entries":null}`), 0)
	f.Add([]byte(`[]`), 0)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		if n < 0 || n > 10 {
			return
		}
		res, err := parsePutEvents(data, n)
		if err != nil && res != nil {
			t.Errorf("error %v with results %v", err, res)
		}
		if err == nil && len(res) != n {
			t.Errorf("got %d results for %d entries", len(res), n)
		}
	})
}
