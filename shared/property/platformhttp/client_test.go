package platformhttp_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/platformhttp"
	"github.com/proplink/chat/shared/property/platformhttp/platformhttptest"
	"github.com/proplink/chat/shared/property/propertytest"
)

// orgSeeder seeds the stub's one organisation whatever organisation the suite names, and
// keeps the suite's other organisations (the rival of the tenancy test) empty: the stub's token
// belongs to one organisation, so "another organisation" is another platform (another stub).
type orgSeeder struct {
	mem *propertytest.Memory
}

func (s orgSeeder) PutRecord(ctx context.Context, _ string, r property.Record) error {
	return s.mem.PutRecord(ctx, platformhttptest.OrgID, r)
}

func (s orgSeeder) PutTicket(ctx context.Context, _ string, t property.Ticket) error {
	return s.mem.PutTicket(ctx, platformhttptest.OrgID, t)
}

// perOrg routes each organisation to its own stub and client, as the resolver does with each
// organisation's platform_url and token.
type perOrg struct {
	t       *testing.T
	clients map[string]*platformhttp.Client
	mems    map[string]*propertytest.Memory
}

func (p *perOrg) client(org string) *platformhttp.Client {
	if c, ok := p.clients[org]; ok {
		return c
	}
	mem := propertytest.NewMemory()
	stub := platformhttptest.Start(p.t, mem, "token-"+org)
	c, err := platformhttp.New(egress.New(egress.Config{Stage: lambdaenv.LocalStage}), stub.URL+"/", "token-"+org)
	if err != nil {
		p.t.Fatal(err)
	}
	p.clients[org], p.mems[org] = c.WithBackoff(time.Millisecond), mem
	return p.clients[org]
}

func (p *perOrg) PutRecord(ctx context.Context, org string, r property.Record) error {
	p.client(org)
	return orgSeeder{p.mems[org]}.PutRecord(ctx, org, r)
}

func (p *perOrg) PutTicket(ctx context.Context, org string, t property.Ticket) error {
	p.client(org)
	return orgSeeder{p.mems[org]}.PutTicket(ctx, org, t)
}

// platform is property.Platform over the per-organisation clients.
type platform struct{ *perOrg }

func (p platform) PeopleByPhone(ctx context.Context, org, e164 string) (property.People, error) {
	return p.client(org).PeopleByPhone(ctx, org, e164)
}
func (p platform) Directory(ctx context.Context, org string, ids []string) (property.Directory, error) {
	return p.client(org).Directory(ctx, org, ids)
}
func (p platform) Balance(ctx context.Context, org, unit string) (property.Balance, error) {
	return p.client(org).Balance(ctx, org, unit)
}
func (p platform) Demands(ctx context.Context, org, unit string) ([]property.Demand, error) {
	return p.client(org).Demands(ctx, org, unit)
}
func (p platform) Arrears(ctx context.Context, org, unit string) (property.ArrearsCase, error) {
	return p.client(org).Arrears(ctx, org, unit)
}
func (p platform) CreateTicket(ctx context.Context, org string, t property.NewTicket) (property.Ticket, error) {
	return p.client(org).CreateTicket(ctx, org, t)
}
func (p platform) Ticket(ctx context.Context, org, ref string) (property.Ticket, error) {
	return p.client(org).Ticket(ctx, org, ref)
}
func (p platform) AddTicketMessage(ctx context.Context, org, ref string, m property.TicketMessage, key string) error {
	return p.client(org).AddTicketMessage(ctx, org, ref, m, key)
}
func (p platform) WorkOrder(ctx context.Context, org, ref string) (property.WorkOrder, error) {
	return p.client(org).WorkOrder(ctx, org, ref)
}
func (p platform) VendorWorkOrders(ctx context.Context, org, vendor string) ([]property.WorkOrder, error) {
	return p.client(org).VendorWorkOrders(ctx, org, vendor)
}
func (p platform) UpdateWorkOrder(ctx context.Context, org, ref string, u property.WorkOrderUpdate) (property.WorkOrder, error) {
	return p.client(org).UpdateWorkOrder(ctx, org, ref, u)
}
func (p platform) Spend(ctx context.Context, org, site, month string) (property.Spend, error) {
	return p.client(org).Spend(ctx, org, site, month)
}

func TestClientConforms(t *testing.T) {
	propertytest.Run(t, func(t *testing.T) propertytest.Subject {
		p := &perOrg{t: t, clients: map[string]*platformhttp.Client{}, mems: map[string]*propertytest.Memory{}}
		return propertytest.Subject{Platform: platform{p}, Seed: p}
	})
}

// newClient starts a stub over the fixture and returns it with a client.
func newClient(t *testing.T) (*platformhttptest.Stub, *platformhttp.Client) {
	t.Helper()
	mem := propertytest.NewMemory()
	for _, r := range propertytest.Fixture() {
		if err := mem.PutRecord(context.Background(), platformhttptest.OrgID, r); err != nil {
			t.Fatal(err)
		}
	}
	stub := platformhttptest.Start(t, mem, "secret-token")
	c, err := platformhttp.New(egress.New(egress.Config{Stage: lambdaenv.LocalStage, Timeout: 2 * time.Second}), stub.URL, "secret-token")
	if err != nil {
		t.Fatal(err)
	}
	return stub, c.WithBackoff(time.Millisecond)
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	t.Run("a read is retried after 503 and 502", func(t *testing.T) {
		stub, c := newClient(t)
		stub.FailNext(503, 502)
		if _, err := c.Balance(ctx, "", "unit-a1"); err != nil {
			t.Fatalf("got %v, want the third try to answer", err)
		}
		if got := len(stub.Requests()); got != 3 {
			t.Errorf("requests: got %d, want 3", got)
		}
	})
	t.Run("a read gives up after three tries, safely worded", func(t *testing.T) {
		stub, c := newClient(t)
		stub.FailNext(503, 503, 503, 503)
		_, err := c.Balance(ctx, "", "unit-a1")
		if messaging.ErrorCode(err) != messaging.CodeUnavailable || messaging.ErrorMessage(err) != platformhttp.MsgUnavailable {
			t.Errorf("got %v (%s), want unavailable with the safe message", err, messaging.ErrorCode(err))
		}
		if got := len(stub.Requests()); got != 3 {
			t.Errorf("requests: got %d, want 3", got)
		}
	})
	t.Run("a ticket write is retried with the same idempotency key and raises one ticket", func(t *testing.T) {
		stub, c := newClient(t)
		stub.FailNext(504)
		tk, err := c.CreateTicket(ctx, "", property.NewTicket{Category: "Query", Priority: "Low", Title: "Hi", IdempotencyKey: "wamid.1",
			Opening: property.TicketMessage{Text: "hello"}})
		if err != nil {
			t.Fatal(err)
		}
		reqs := stub.Requests()
		if len(reqs) != 2 || reqs[0] != reqs[1] || !strings.HasSuffix(reqs[0], " wamid.1") {
			t.Errorf("requests: got %q, want the same POST with the key twice", reqs)
		}
		if !strings.HasSuffix(tk.Ref, "-0001") {
			t.Errorf("ref: got %s, want the first ticket", tk.Ref)
		}
	})
	t.Run("not found is not retried", func(t *testing.T) {
		stub, c := newClient(t)
		_, err := c.WorkOrder(ctx, "", "WO-2026-9999")
		if messaging.ErrorCode(err) != messaging.CodeNotFound {
			t.Errorf("got %v, want not found", err)
		}
		if got := len(stub.Requests()); got != 1 {
			t.Errorf("requests: got %d, want 1", got)
		}
	})
	t.Run("a refused token is unavailable and not retried", func(t *testing.T) {
		stub, _ := newClient(t)
		bad, _ := platformhttp.New(egress.New(egress.Config{Stage: lambdaenv.LocalStage}), stub.URL, "wrong-token")
		_, err := bad.WithBackoff(time.Millisecond).Directory(ctx, "", nil)
		if messaging.ErrorCode(err) != messaging.CodeUnavailable || strings.Contains(err.Error(), "wrong-token") {
			t.Errorf("got %v, want unavailable without the token", err)
		}
		if got := len(stub.Requests()); got != 1 {
			t.Errorf("requests: got %d, want 1", got)
		}
	})
	t.Run("a slow platform times out as unavailable", func(t *testing.T) {
		stub, _ := newClient(t)
		stub.Delay(time.Second)
		slow, _ := platformhttp.New(egress.New(egress.Config{Stage: lambdaenv.LocalStage, Timeout: 100 * time.Millisecond}), stub.URL, "secret-token")
		start := time.Now()
		_, err := slow.WithBackoff(time.Millisecond).Balance(ctx, "", "unit-a1")
		if messaging.ErrorCode(err) != messaging.CodeUnavailable {
			t.Errorf("got %v, want unavailable", err)
		}
		if d := time.Since(start); d > 900*time.Millisecond {
			t.Errorf("took %v, want the timeouts to bound it", d)
		}
	})
	t.Run("outside the local stage plain http is refused before dialling", func(t *testing.T) {
		stub, _ := newClient(t)
		prod, _ := platformhttp.New(egress.New(egress.Config{Stage: "prod"}), stub.URL, "secret-token")
		_, err := prod.Balance(ctx, "", "unit-a1")
		if messaging.ErrorCode(err) != messaging.CodeUnavailable || len(stub.Requests()) != 0 {
			t.Errorf("got %v after %d requests, want unavailable and none", err, len(stub.Requests()))
		}
	})
}

func TestRequestsFollowTheContract(t *testing.T) {
	stub, c := newClient(t)
	ctx := context.Background()
	if _, err := c.Directory(ctx, "", []string{"site-a", "site-b"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PeopleByPhone(ctx, "", propertytest.JanePhone); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Spend(ctx, "", "site-a", "2026-03"); err != nil {
		t.Fatal(err)
	}
	want := []string{"GET /directory?site_id=site-a&site_id=site-b ", "GET /people?phone=%2B447700900123 ", "GET /sites/site-a/spend?month=2026-03 "}
	if got := stub.Requests(); !slices.Equal(got, want) {
		t.Errorf("requests: got %q, want %q", got, want)
	}
}

func TestNew(t *testing.T) {
	hc := &http.Client{}
	for _, tc := range []struct {
		name, url, token string
		code             messaging.Code
	}{
		{"https", "https://platform.example/api", "t", ""},
		{"no scheme", "platform.example", "t", messaging.CodeInvalid},
		{"a query", "https://platform.example/?a=1", "t", messaging.CodeInvalid},
		{"ftp", "ftp://platform.example", "t", messaging.CodeInvalid},
		{"no token", "https://platform.example", "", messaging.CodeNotConfigured},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := platformhttp.New(hc, tc.url, tc.token)
			if got := messaging.ErrorCode(err); (err != nil || tc.code != "") && got != tc.code {
				t.Errorf("got %v, want %q", err, tc.code)
			}
		})
	}
}
