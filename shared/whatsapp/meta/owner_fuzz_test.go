package meta

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// FuzzVerifyNumber feeds arbitrary provider answers to VerifyNumber: it never panics, and it
// confirms only an answer that names the number.
func FuzzVerifyNumber(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"106540352242922"}],"paging":{}}`), false)
	f.Add([]byte(`{"id":106540352242922}`), false)
	f.Add([]byte(`{"health_status":{"entities":[{"entity_type":"PHONE_NUMBER","id":"106540352242922"},{"entity_type":"WABA","id":"102290129340398"}]}}`), true)
	f.Add([]byte(`{"data":[],"paging":{"next":"http://elsewhere.example/x"}}`), false)
	var mu sync.Mutex
	var answer []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Write(answer)
	}))
	defer srv.Close()
	c := New(srv.Client(), "v21.0")
	f.Fuzz(func(t *testing.T, body []byte, dialog bool) {
		mu.Lock()
		answer = body
		mu.Unlock()
		for _, waba := range []string{"102290129340398", ""} {
			acct := whatsapp.Account{Provider: messaging.ProviderMeta, BaseURL: srv.URL, Token: "t", PhoneNumberID: "106540352242922", WABAID: waba}
			if dialog {
				acct.Provider = messaging.ProviderDialog360
			}
			if err := c.VerifyNumber(context.Background(), acct); err == nil && !strings.Contains(string(body), "106540352242922") {
				t.Fatalf("confirmed on an answer that does not name the number: %s", body)
			}
		}
	})
}
