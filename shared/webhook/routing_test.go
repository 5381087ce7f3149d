package webhook

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// numbersBody is a messages webhook whose changes name the given numbers, in order.
func numbersBody(numbers ...string) []byte {
	changes := make([]string, len(numbers))
	for i, n := range numbers {
		changes[i] = fmt.Sprintf(`{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":%q},`+
			`"statuses":[{"id":"wamid.%d","status":"sent","timestamp":"1764000000","recipient_id":"447700900123"}]}}`, n, i)
	}
	return []byte(`{"object":"whatsapp_business_account","entry":[{"id":"` + wabaA + `","changes":[` + strings.Join(changes, ",") + `]}]}`)
}

func TestWABAClaimantHasNoSayOverNumberEvents(t *testing.T) {
	// Organisation B claimed A's WhatsApp Business Account first. A's message webhooks name A's
	// number, so they route by it, verified with A's secret alone.
	r := newRig(t)
	wabas := &fakeLookup{orgs: map[string]string{wabaA: orgB}}
	svc, err := New(Config{Phones: r.phones, WABAs: wabas, Secrets: r.secrets, Queue: r.queue, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	got := svc.Handle(context.Background(), signed(mustRead(t, "text.json"), secretA))
	if got.StatusCode != http.StatusOK {
		t.Fatalf("status = %d %s, want 200", got.StatusCode, got.Body)
	}
	if in := r.inbound(); len(in) != 1 || in[0].OrgID != orgA {
		t.Errorf("enqueued %+v, want one event for %s", in, orgA)
	}
	if wabas.calls != 0 {
		t.Errorf("WABA lookups = %d, want 0 for a body whose changes all name a number", wabas.calls)
	}
}

func TestLookupsBeforeSignatureAreBounded(t *testing.T) {
	many := func(n int, first string) []byte {
		numbers := []string{first}
		for i := 1; i < n; i++ {
			numbers = append(numbers, fmt.Sprintf("9%014d", i))
		}
		return numbersBody(numbers...)
	}
	tests := []struct {
		name        string
		body        []byte
		wantStatus  int
		wantLookups int
	}{
		{"a thousand numbers", many(1000, phoneA), http.StatusBadRequest, 0},
		{"forged body naming a known number first", many(MaxRoutes, phoneA), http.StatusUnauthorized, 1},
		{"forged body naming a known number third", numbersBody("100000000000001", "100000000000002", phoneA, phoneB, "100000000000003"),
			http.StatusUnauthorized, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			got := r.svc.Handle(context.Background(), signed(tt.body, "forged"))
			if got.StatusCode != tt.wantStatus {
				t.Errorf("status = %d %s, want %d", got.StatusCode, got.Body, tt.wantStatus)
			}
			if r.phones.calls != tt.wantLookups {
				t.Errorf("lookups = %d, want %d", r.phones.calls, tt.wantLookups)
			}
			if len(r.queue.Sent()) != 0 {
				t.Errorf("enqueued %d, want 0", len(r.queue.Sent()))
			}
		})
	}
}

func TestAppSecretOfTheRoutesRevision(t *testing.T) {
	r := newRig(t)
	r.phones.revs = map[string]string{orgA: "r2"}
	r.secrets[messaging.OrgSecret(orgA, "r2", messaging.SecretAppSecret)] = "secret-a-r2"
	body := mustRead(t, "text.json")
	if got := r.svc.Handle(context.Background(), signed(body, secretA)); got.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed with the old revision's secret: status = %d, want 401", got.StatusCode)
	}
	if got := r.svc.Handle(context.Background(), signed(body, "secret-a-r2")); got.StatusCode != http.StatusOK {
		t.Errorf("signed with the revision's secret: status = %d %s, want 200", got.StatusCode, got.Body)
	}
}

func TestRouteCacheEvictsOneAtATime(t *testing.T) {
	lookups := map[string]int{}
	c := newRouteCache(func(_ context.Context, id string) (messaging.Route, error) {
		lookups[id]++
		return messaging.Route{OrgID: "org-" + id}, nil
	}, time.Minute, func() time.Time { return fixedNow }, 3)
	ctx := context.Background()
	for _, id := range []string{"1", "2", "3", "1", "4"} { // "2" is then the least recently used
		if _, err := c.route(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"1", "3", "4", "2"} {
		if _, err := c.route(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{"1": 1, "2": 2, "3": 1, "4": 1}
	for id, n := range want {
		if lookups[id] != n {
			t.Errorf("lookups of %s = %d, want %d (only the least recently used entry is evicted)", id, lookups[id], n)
		}
	}
}
