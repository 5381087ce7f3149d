package local

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// The bridge takes only SNS notifications naming a queue; anything else is refused before a
// queue is called.
func TestSNSBridgeRefusesWhatIsNotANotification(t *testing.T) {
	b := &snsBridge{}
	for _, tc := range []struct{ name, query, body string }{
		{"no queue", "", `{"Type":"Notification","Message":"m"}`},
		{"not JSON", "?queue=http://q", `nope`},
		{"a subscription confirmation", "?queue=http://q", `{"Type":"SubscriptionConfirmation"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			b.serve(w, httptest.NewRequest(http.MethodPost, "/deliver"+tc.query, strings.NewReader(tc.body)))
			if w.Code != http.StatusBadRequest {
				t.Errorf("got %d, want 400", w.Code)
			}
		})
	}
}

func TestSNSBridgeEndpointNamesTheQueue(t *testing.T) {
	b, err := newSNSBridge(aws.Config{Region: Region})
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	got := b.endpoint("http://127.0.0.1:9324/123456789012/q", true)
	if !strings.Contains(got, "queue=http%3A%2F%2F127.0.0.1%3A9324%2F123456789012%2Fq") || !strings.Contains(got, "raw=true") {
		t.Errorf("endpoint %q, want the queue's URL and raw delivery", got)
	}
}
