package console

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestMarkReadSendsTheProvidersReadReceipt(t *testing.T) {
	msgs := []messaging.ConversationMessage{
		{ID: "wamid.first", Direction: messaging.DirectionInbound, At: t0.Add(-3 * time.Hour)},
		{ID: "wamid.latest", Direction: messaging.DirectionInbound, At: t0.Add(-time.Hour)},
		{ID: "01JOURS", Direction: messaging.DirectionOutbound, At: t0.Add(-30 * time.Minute)},
	}
	tests := []struct {
		name        string
		providerErr error
		wantReceipt bool
	}{
		{"meta answers", nil, true},
		{"provider without read receipts", whatsapp.ErrNoReadReceipts, false},
		{"provider fails: the marker stands", &whatsapp.Error{HTTPStatus: 500, Message: "boom"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			rec := &fakeReceipts{err: tt.providerErr}
			w.h.Receipts = &Receipts{Settings: fakeSettings{}, Secrets: fakeSettings{}, Provider: rec}
			convs := w.h.Conversations.(memConvs)
			convs.msgs = map[string][]messaging.ConversationMessage{convA.ID: msgs}
			w.h.Conversations = convs
			resp := w.do(t, "POST", "/console/api/conversations/"+convA.ID+"/read", "", map[string]string{"X-CSRF-Token": w.csrf})
			if resp.StatusCode != 200 {
				t.Fatalf("got %d %s", resp.StatusCode, resp.Body)
			}
			var env struct{ Data readView }
			if err := json.Unmarshal([]byte(resp.Body), &env); err != nil {
				t.Fatal(err)
			}
			if env.Data.ProviderReceipt != tt.wantReceipt {
				t.Errorf("provider_read_receipt = %v, want %v", env.Data.ProviderReceipt, tt.wantReceipt)
			}
			if len(rec.marked) != 1 || rec.marked[0] != "wamid.latest" {
				t.Errorf("provider asked to mark %v, want [wamid.latest]", rec.marked)
			}
			marks, _ := w.st.ReadMarks(context.Background(), "demo", "u1")
			if !marks[convA.ID].Equal(t0.Add(-time.Hour)) {
				t.Errorf("read marker %s, want the latest inbound message's time %s", marks[convA.ID], t0.Add(-time.Hour))
			}
		})
	}
	t.Run("nothing from the person yet", func(t *testing.T) {
		w := newWorld(t)
		rec := &fakeReceipts{}
		w.h.Receipts = &Receipts{Settings: fakeSettings{}, Secrets: fakeSettings{}, Provider: rec}
		resp := w.do(t, "POST", "/console/api/conversations/"+convA.ID+"/read", "", map[string]string{"X-CSRF-Token": w.csrf})
		if resp.StatusCode != 200 || len(rec.marked) != 0 {
			t.Errorf("got %d, provider asked %v; want 200 and no receipt", resp.StatusCode, rec.marked)
		}
	})
}
