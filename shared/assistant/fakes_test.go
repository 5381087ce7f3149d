package assistant

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

func notFound(what string) error {
	return messaging.Errorf(messaging.CodeNotFound, "%s not found", what)
}

// orgRecords is one organisation's records in the fake platform.
type orgRecords struct {
	dir      property.Directory
	vendors  []property.Vendor
	balances map[string]property.Balance
	demands  map[string][]property.Demand
	arrears  map[string]property.ArrearsCase
	tickets  map[string]property.Ticket
	wos      map[string]property.WorkOrder
	spend    map[string]property.Spend // site|month
}

// fakePlatform holds organisations' records and records every write it is asked for.
type fakePlatform struct {
	mu       sync.Mutex
	orgs     map[string]*orgRecords
	created  []property.NewTicket
	updates  []property.WorkOrderUpdate
	updated  []string // org|ref of each update
	messages []property.TicketMessage
	keys     map[string]bool
	seq      int
	dirCalls [][]string
}

func (p *fakePlatform) org(id string) *orgRecords {
	if o, ok := p.orgs[id]; ok {
		return o
	}
	return &orgRecords{}
}

func (p *fakePlatform) writes() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.created) + len(p.updates) + len(p.messages)
}

func (p *fakePlatform) PeopleByPhone(_ context.Context, orgID, e164 string) (property.People, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	o := p.org(orgID)
	var out property.People
	for _, c := range o.dir.Contacts {
		if c.Phone == e164 {
			out.Contacts = append(out.Contacts, c)
		}
	}
	for _, v := range o.vendors {
		if v.Phone == e164 {
			out.Vendors = append(out.Vendors, v)
		}
	}
	return out, nil
}

func (p *fakePlatform) Directory(_ context.Context, orgID string, siteIDs []string) (property.Directory, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dirCalls = append(p.dirCalls, siteIDs)
	d := p.org(orgID).dir
	if siteIDs == nil {
		return d, nil
	}
	return narrow(d, func(u property.Unit) bool { return slices.Contains(siteIDs, u.SiteID) }, siteIDs, nil).Directory, nil
}

func (p *fakePlatform) Balance(_ context.Context, orgID, unitID string) (property.Balance, error) {
	if b, ok := p.org(orgID).balances[unitID]; ok {
		return b, nil
	}
	return property.Balance{}, notFound("unit")
}

func (p *fakePlatform) Demands(_ context.Context, orgID, unitID string) ([]property.Demand, error) {
	return p.org(orgID).demands[unitID], nil
}

func (p *fakePlatform) Arrears(_ context.Context, orgID, unitID string) (property.ArrearsCase, error) {
	if a, ok := p.org(orgID).arrears[unitID]; ok {
		return a, nil
	}
	return property.ArrearsCase{}, notFound("arrears case")
}

func (p *fakePlatform) CreateTicket(_ context.Context, orgID string, t property.NewTicket) (property.Ticket, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	o := p.org(orgID)
	if p.keys["ticket|"+t.IdempotencyKey] {
		for _, tk := range o.tickets {
			if len(tk.Messages) > 0 && tk.Messages[0].ID == t.IdempotencyKey {
				return tk, nil
			}
		}
	}
	p.keys["ticket|"+t.IdempotencyKey] = true
	p.created = append(p.created, t)
	p.seq++
	tk := property.Ticket{Ref: property.FormatRef(property.RefTicket, 2026, 500+p.seq), SiteID: t.SiteID, UnitID: t.UnitID,
		ReporterID: t.ReporterID, Category: t.Category, Priority: t.Priority, Status: "Open", Title: t.Title,
		Messages: []property.TicketMessage{t.Opening}}
	o.tickets[tk.Ref] = tk
	return tk, nil
}

func (p *fakePlatform) Ticket(_ context.Context, orgID, ref string) (property.Ticket, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.org(orgID).tickets[ref]; ok {
		return t, nil
	}
	return property.Ticket{}, notFound("ticket")
}

func (p *fakePlatform) AddTicketMessage(_ context.Context, orgID, ref string, m property.TicketMessage, key string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.messages = append(p.messages, m)
	return nil
}

func (p *fakePlatform) WorkOrder(_ context.Context, orgID, ref string) (property.WorkOrder, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w, ok := p.org(orgID).wos[ref]; ok {
		return w, nil
	}
	return property.WorkOrder{}, notFound("work order")
}

func (p *fakePlatform) VendorWorkOrders(_ context.Context, orgID, vendorID string) ([]property.WorkOrder, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []property.WorkOrder
	for _, ref := range slices.Sorted(maps.Keys(p.org(orgID).wos)) {
		if w := p.org(orgID).wos[ref]; w.Involves(vendorID) {
			out = append(out, w)
		}
	}
	return out, nil
}

func (p *fakePlatform) UpdateWorkOrder(_ context.Context, orgID, ref string, u property.WorkOrderUpdate) (property.WorkOrder, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	o := p.org(orgID)
	w, ok := o.wos[ref]
	if !ok {
		return w, notFound("work order")
	}
	if p.keys["wo|"+u.IdempotencyKey] {
		return w, nil
	}
	p.keys["wo|"+u.IdempotencyKey] = true
	p.updates = append(p.updates, u)
	p.updated = append(p.updated, orgID+"|"+ref)
	if u.Status != "" {
		w.Status = u.Status
	}
	if u.VendorID != "" {
		w.VendorID = u.VendorID
	}
	o.wos[ref] = w
	return w, nil
}

func (p *fakePlatform) Spend(_ context.Context, orgID, siteID, month string) (property.Spend, error) {
	if s, ok := p.org(orgID).spend[siteID+"|"+month]; ok {
		return s, nil
	}
	return property.Spend{SiteID: siteID, Month: month}, nil
}

// fakeSessions keeps sessions with optimistic versions; race, when set, runs before a Save
// (to change the stored session under it).
type fakeSessions struct {
	mu     sync.Mutex
	stored map[string]Session
	saves  int
	race   func(s *Session)
}

func (f *fakeSessions) Load(_ context.Context, orgID, conv string) (Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.stored[orgID+"|"+conv]
	if !ok {
		return Session{OrgID: orgID, ConversationID: conv}, nil
	}
	s.Unsent = slices.Clone(s.Unsent)
	return s, nil
}

func (f *fakeSessions) Save(_ context.Context, s Session, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := s.OrgID + "|" + s.ConversationID
	if f.race != nil {
		cur := f.stored[key]
		race := f.race
		f.race = nil
		race(&cur)
		f.stored[key] = cur
	}
	if f.stored[key].Version != s.Version {
		return messaging.Errorf(messaging.CodeConflict, "session changed")
	}
	f.saves++
	s.Version++
	f.stored[key] = s
	return nil
}

// fakeLinks holds linked staff numbers and unspent codes (code → link to make).
type fakeLinks struct {
	linked   map[string]StaffLink // org|phone
	codes    map[string]StaffLink // org|code
	unlinked []string
}

func (f *fakeLinks) LinkedStaff(_ context.Context, orgID, e164 string) (StaffLink, error) {
	if l, ok := f.linked[orgID+"|"+e164]; ok {
		return l, nil
	}
	return StaffLink{}, notFound("link")
}

func (f *fakeLinks) Redeem(_ context.Context, orgID, code, e164 string, _ time.Time) (StaffLink, error) {
	l, ok := f.codes[orgID+"|"+code]
	if !ok {
		return StaffLink{}, notFound("code")
	}
	if cur, linked := f.linked[orgID+"|"+e164]; linked && cur.UserID != l.UserID {
		return StaffLink{}, messaging.Errorf(messaging.CodeConflict, "This WhatsApp number is linked to another user")
	}
	delete(f.codes, orgID+"|"+code)
	l.Phone = e164
	f.linked[orgID+"|"+e164] = l
	return l, nil
}

func (f *fakeLinks) Unlink(_ context.Context, orgID, e164 string) error {
	if _, ok := f.linked[orgID+"|"+e164]; ok {
		f.unlinked = append(f.unlinked, e164)
	}
	delete(f.linked, orgID+"|"+e164)
	return nil
}

type fakeReplier struct {
	sent []Reply
	fail int // fail the next n replies
}

func (f *fakeReplier) Reply(_ context.Context, _ Turn, r Reply) error {
	if f.fail > 0 {
		f.fail--
		return messaging.Errorf(messaging.CodeUnavailable, "provider down")
	}
	f.sent = append(f.sent, r)
	return nil
}

type fakeAuditor struct{ entries []AuditEntry }

func (f *fakeAuditor) Audit(_ context.Context, e AuditEntry) error {
	f.entries = append(f.entries, e)
	return nil
}

type fakeHandovers struct{ active map[string]bool }

func (f *fakeHandovers) StaffActive(_ context.Context, orgID, conv string, _ time.Time) (bool, error) {
	return f.active[orgID+"|"+conv], nil
}

type fakeFlags struct{ flags []string }

func (f *fakeFlags) Flag(_ context.Context, orgID, conv, reason string) error {
	f.flags = append(f.flags, conv+"|"+reason)
	return nil
}

// fakeNLU understands by table: text → Understanding (per role when the key is "role|text"),
// with the bare answers (yes, no, cancel, numbers, hi, help) built in. It records the
// directories it was given.
type fakeNLU struct {
	parse map[string]Understanding
	fill  map[string]Understanding // "want|text"
	dirs  []property.Directory
}

func (f *fakeNLU) Parse(text string, role Role, d property.Directory, _ time.Time) Understanding {
	f.dirs = append(f.dirs, d)
	key := strings.ToLower(strings.TrimSpace(text))
	if u, ok := f.parse[string(role)+"|"+key]; ok {
		return u
	}
	if u, ok := f.parse[key]; ok {
		return u
	}
	switch key {
	case "yes", "yep", "ok go ahead":
		return Understanding{Intent: IntentConfirmYes}
	case "no", "cancel", "nope":
		return Understanding{Intent: IntentConfirmNo}
	case "hi", "hello":
		return Understanding{Intent: IntentGreeting}
	case "help":
		return Understanding{Intent: IntentHelp}
	}
	if n, err := strconv.Atoi(key); err == nil && n < 100 {
		return Understanding{Intent: IntentChoose, Entities: map[string]string{EntChoice: key}}
	}
	return Understanding{Intent: IntentUnknown, Trace: []string{"no rule matched"}}
}

func (f *fakeNLU) Fill(text, want string, role Role, d property.Directory, now time.Time) Understanding {
	key := strings.ToLower(strings.TrimSpace(text))
	if u, ok := f.fill[want+"|"+key]; ok {
		f.dirs = append(f.dirs, d)
		return u
	}
	return f.Parse(text, role, d, now)
}

// u builds an Understanding: intent and entity pairs.
func u(intent string, kv ...string) Understanding {
	r := Understanding{Intent: intent, Entities: map[string]string{}, Trace: []string{"fake " + intent}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Entities[kv[i]] = kv[i+1]
	}
	return r
}

// world is a Service on fakes holding the demo organisation and another one.
type world struct {
	t       *testing.T
	svc     *Service
	plat    *fakePlatform
	sess    *fakeSessions
	links   *fakeLinks
	replier *fakeReplier
	audit   *fakeAuditor
	hand    *fakeHandovers
	flags   *fakeFlags
	nlu     *fakeNLU
	now     time.Time
	seq     int
}
