package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

const (
	routePropList   = "ANY /api/property/{collection}"
	routePropRecord = "ANY /api/property/{collection}/{id}"
	routePropTicket = "ANY /api/property/tickets/{ref}"
	tokPropView     = "tok-prop-view"
	tokPropManage   = "tok-prop-manage"
	tokRival        = "tok-rival"
	tokPropHarbour  = "tok-prop-harbour" // property view, scoped to Harbour View
)

// newPropertyWorld is the API with a built-in property store holding org1's Riverside Court.
func newPropertyWorld() (*world, *memProperty) {
	w := newWorld()
	w.store.tokens[tokPropView] = messaging.Principal{OrgID: "org1", UserID: "u4", Permissions: []string{messaging.PermPropertyView}}
	w.store.tokens[tokPropManage] = messaging.Principal{OrgID: "org1", UserID: "u5", Permissions: []string{messaging.PermPropertyView, messaging.PermPropertyManage}}
	w.store.tokens[tokPropHarbour] = messaging.Principal{OrgID: "org1", UserID: "u6", Permissions: []string{messaging.PermPropertyView}, SiteIDs: []string{"site-harbour"}}
	w.store.tokens[tokRival] = messaging.Principal{OrgID: "org2", UserID: "r1", Permissions: []string{messaging.PermPropertyView, messaging.PermPropertyManage}}
	return w, w.property
}

func propReq(method, route, coll, id, token, body string) Request {
	path := "/api/property/" + coll
	if id != "" {
		path += "/" + id
	}
	r := req(method, route, path, token, body)
	r.PathParameters = map[string]string{"collection": coll, "id": id, "ref": id}
	return r
}

func TestPropertyPut(t *testing.T) {
	for _, tc := range []struct {
		name, token, coll, id, body string
		status                      int
		msg                         string
		want                        property.Record
	}{
		{name: "a site", token: tokPropManage, coll: "sites", id: "site-elm", body: `{"name":"Elm Gardens","aliases":["Elm"]}`, status: 200,
			want: property.Site{ID: "site-elm", Name: "Elm Gardens", Aliases: []string{"Elm"}}},
		{name: "a contact", token: tokPropManage, coll: "contacts", id: "c-jane",
			body: `{"id":"c-jane","name":"Jane Smith","phone":"+447700900123","unit_ids":["unit-riverside-1"]}`, status: 200,
			want: property.Contact{ID: "c-jane", Name: "Jane Smith", Phone: "+447700900123", UnitIDs: []string{"unit-riverside-1"}}},
		{name: "a bad phone", token: tokPropManage, coll: "vendors", id: "v-reed", body: `{"name":"Reed","phone":"07700 900456"}`, status: 400,
			msg: messaging.MsgInvalidPhone},
		{name: "an unknown field", token: tokPropManage, coll: "sites", id: "s1", body: `{"name":"S","colour":"red"}`, status: 400,
			msg: `Unknown field "colour" in the request body`},
		{name: "an id that is not the path's", token: tokPropManage, coll: "sites", id: "s1", body: `{"id":"s2","name":"S"}`, status: 422,
			msg: "The id in the body (s2) does not match the path (s1)"},
		{name: "a negative amount", token: tokPropManage, coll: "bills", id: "b1", body: `{"site_id":"s","supplier":"x","amount_pence":-1,"date":"2026-03-01"}`,
			status: 400, msg: "Invalid or missing required parameter: amount_pence (0 or more)"},
		{name: "a bad date", token: tokPropManage, coll: "bills", id: "b1", body: `{"site_id":"s","supplier":"x","amount_pence":1,"date":"01/03/2026"}`,
			status: 400, msg: "Invalid or missing required parameter: date (YYYY-MM-DD)"},
		{name: "a bad reference", token: tokPropManage, coll: "demands", id: "INV-26-1", body: `{"unit_id":"u","kind":"Service charge","amount_pence":1,"issue_date":"2026-03-01","due_date":"2026-04-01","status":"Sent"}`,
			status: 400, msg: "Invalid or missing required parameter: ref (INV-YYYY-NNNN)"},
		{name: "a demand", token: tokPropManage, coll: "demands", id: "INV-2026-0311",
			body:   `{"unit_id":"unit-riverside-1","kind":"Service charge","amount_pence":60000,"issue_date":"2026-03-01","due_date":"2026-04-01","status":"Sent","payment_url":"https://portal.example/pay/INV-2026-0311"}`,
			status: 200, want: property.Demand{Ref: "INV-2026-0311", UnitID: "unit-riverside-1", Kind: "Service charge", Pence: 60000, IssueDate: "2026-03-01",
				DueDate: "2026-04-01", Status: "Sent", PaymentURL: "https://portal.example/pay/INV-2026-0311"}},
		{name: "a payment link that is not https", token: tokPropManage, coll: "demands", id: "INV-2026-0311",
			body:   `{"unit_id":"u","kind":"Service charge","amount_pence":1,"issue_date":"2026-03-01","due_date":"2026-04-01","status":"Sent","payment_url":"javascript:alert(1)"}`,
			status: 400, msg: "Invalid or missing required parameter: payment_url (an https URL)"},
		{name: "a negative balance is a credit", token: tokPropManage, coll: "balances", id: "unit-1", body: `{"balance_pence":-2500,"as_at":"2026-03-10"}`,
			status: 200, want: property.Balance{UnitID: "unit-1", Pence: -2500, AsAt: "2026-03-10"}},
		{name: "a work order with an unknown status", token: tokPropManage, coll: "work-orders", id: "WO-2026-0042", body: `{"site_id":"s","title":"Roof","status":"Done"}`,
			status: 400},
		{name: "a number where a string goes", token: tokPropManage, coll: "sites", id: "s1", body: `{"name":5}`, status: 400, msg: "Invalid parameter: name"},
		{name: "two objects", token: tokPropManage, coll: "sites", id: "s1", body: `{"name":"a"}{"name":"b"}`, status: 400},
		{name: "an unknown collection", token: tokPropManage, coll: "tenants", id: "t1", body: `{}`, status: 404},
		{name: "without the manage permission", token: tokPropView, coll: "sites", id: "s1", body: `{"name":"S"}`, status: 403, msg: messaging.MsgForbidden},
		{name: "without any property permission", token: tokNobody, coll: "sites", id: "s1", body: `{"name":"S"}`, status: 403},
		{name: "a balance without its amount", token: tokPropManage, coll: "balances", id: "unit-1", body: `{"as_at":"2026-03-10"}`, status: 400,
			msg: "Invalid or missing required parameter: balance_pence"},
		{name: "a budget with a null amount", token: tokPropManage, coll: "budgets", id: "b1", body: `{"site_id":"s","month":"2026-03","amount_pence":null}`,
			status: 400, msg: "Invalid or missing required parameter: amount_pence"},
		{name: "an amount past 15 digits", token: tokPropManage, coll: "bills", id: "b1", body: `{"site_id":"s","supplier":"x","amount_pence":1000000000000000,"date":"2026-03-01"}`,
			status: 400, msg: "Invalid or missing required parameter: amount_pence (0 to 999999999999999)"},
		{name: "a null body", token: tokPropManage, coll: "arrears", id: "unit-1", body: `null`, status: 400, msg: "Request body must be a JSON object"},
		{name: "an arrears case without steps lists none", token: tokPropManage, coll: "arrears", id: "unit-1", body: `{"paused":true}`, status: 200,
			want: property.ArrearsCase{UnitID: "unit-1", Done: []property.ArrearsStep{}, Paused: true}},
		{name: "a name of 200 characters that take two bytes", token: tokPropManage, coll: "sites", id: "s1", body: `{"name":"` + strings.Repeat("é", 200) + `"}`,
			status: 200, want: property.Site{ID: "s1", Name: strings.Repeat("é", 200)}},
		{name: "a payment link with a space", token: tokPropManage, coll: "demands", id: "INV-2026-0311",
			body:   `{"unit_id":"u","kind":"Service charge","amount_pence":1,"issue_date":"2026-03-01","due_date":"2026-04-01","status":"Sent","payment_url":"https://portal.example/pay me"}`,
			status: 400, msg: "Invalid or missing required parameter: payment_url (an https URL)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, m := newPropertyWorld()
			resp := w.do(propReq("PUT", routePropRecord, tc.coll, tc.id, tc.token, tc.body))
			if resp.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tc.status, resp.Body)
			}
			if tc.msg != "" {
				if got := messageOf(t, resp.Body); got != tc.msg {
					t.Errorf("error = %q, want %q", got, tc.msg)
				}
			}
			got, stored := m.records["org1/"+tc.coll+"/"+tc.id]
			if tc.status != 200 {
				if m.puts != 0 {
					t.Errorf("a refused PUT wrote %+v", got)
				}
				return
			}
			if !stored || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("stored %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestPropertyRead(t *testing.T) {
	for _, tc := range []struct {
		name, method, route, coll, id, token, query string
		status                                      int
		want                                        string // a substring of the body
	}{
		{"a site", "GET", routePropRecord, "sites", "site-riverside", tokPropView, "", 200, `"name":"Riverside Court"`},
		{"an absent site", "GET", routePropRecord, "sites", "site-nowhere", tokPropView, "", 404, `"success":false`},
		{"another organisation's site", "GET", routePropRecord, "sites", "site-riverside", tokRival, "", 404, `"success":false`},
		{"the list", "GET", routePropList, "sites", "", tokPropView, "", 200, `"count":2`},
		{"a page", "GET", routePropList, "sites", "", tokPropView, "limit=1&offset=1", 200, `"data":[{"id":"site-riverside"`},
		{"a bad limit", "GET", routePropList, "sites", "", tokPropView, "limit=500", 400, `limit`},
		{"another organisation's list", "GET", routePropList, "sites", "", tokRival, "", 200, `"count":0`},
		{"an unknown collection", "GET", routePropList, "people", "", tokPropView, "", 404, `Collections: sites`},
		{"a ticket", "GET", routePropTicket, "tickets", "TKT-2026-0042", tokPropView, "", 200, `"ref":"TKT-2026-0042"`},
		{"a malformed ticket reference", "GET", routePropTicket, "tickets", "TKT-42", tokPropView, "", 400, `TKT-YYYY-NNNN`},
		{"another organisation's ticket", "GET", routePropTicket, "tickets", "TKT-2026-0042", tokRival, "", 404, `"success":false`},
		{"a ticket outside the caller's sites", "GET", routePropTicket, "tickets", "TKT-2026-0042", tokPropHarbour, "", 404, `"success":false`},
		{"without the view permission", "GET", routePropList, "sites", "", tokNobody, "", 403, messaging.MsgForbidden},
		{"a collection to a caller scoped to sites", "GET", routePropList, "work-orders", "", tokPropHarbour, "", 403, MsgPropertyWholeOrg},
		{"a record to a caller scoped to sites", "GET", routePropRecord, "sites", "site-riverside", tokPropHarbour, "", 403, MsgPropertyWholeOrg},
		{"a malformed id", "GET", routePropRecord, "sites", "site riverside", tokPropView, "", 400, `Invalid or missing required parameter: id`},
		{"a malformed demand reference", "GET", routePropRecord, "demands", "INV-26-1", tokPropView, "", 400, `INV-YYYY-NNNN`},
		{"DELETE", "DELETE", routePropRecord, "sites", "site-riverside", tokPropManage, "", 405, `Allowed: GET, PUT`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := newPropertyWorld()
			r := propReq(tc.method, tc.route, tc.coll, tc.id, tc.token, "")
			if tc.query != "" {
				r.QueryStringParameters = map[string]string{}
				for _, kv := range strings.Split(tc.query, "&") {
					k, v, _ := strings.Cut(kv, "=")
					r.QueryStringParameters[k] = v
				}
			}
			resp := w.do(r)
			if resp.StatusCode != tc.status || !strings.Contains(resp.Body, tc.want) {
				t.Errorf("got %d %s, want %d with %s", resp.StatusCode, resp.Body, tc.status, tc.want)
			}
			if tc.status == http.StatusNotFound && strings.Contains(resp.Body, "Riverside") {
				t.Errorf("a refusal leaks the record: %s", resp.Body)
			}
		})
	}
}

// FuzzPropertyPut feeds arbitrary bodies to PUT /api/property/{collection}/{id} for every
// collection: the API never panics, answers in the envelope, and stores only what it accepted,
// checked.
func FuzzPropertyPut(f *testing.F) {
	for i := range property.Collections {
		f.Add(i, "x-1", `{"name":"A","site_id":"s","label":"Flat 1","phone":"+447700900123","unit_ids":["u"]}`)
		f.Add(i, "WO-2026-0042", `{"site_id":"s","title":"T","status":"Approved","cost_pence":5,"cost_date":"2026-02-30"}`)
		f.Add(i, "INV-2026-0001", `{"unit_id":"u","kind":"k","amount_pence":1,"issue_date":"2026-01-01","due_date":"2026-01-31","status":"Sent","payment_url":"https://p/x"}`)
		f.Add(i, "u1", `{"done":[{"day":7,"name":"x","date":"2026-01-01"}],"next":null,"paused":true,"as_at":"2026-01-01","month":"2026-13"}`)
		f.Add(i, "", `[]`)
	}
	f.Fuzz(func(t *testing.T, coll int, id, body string) {
		if coll < 0 || coll >= len(property.Collections) {
			return
		}
		w, m := newPropertyWorld()
		resp := w.do(propReq("PUT", routePropRecord, property.Collections[coll], id, tokPropManage, body))
		var env struct {
			Success *bool           `json:"success"`
			Error   string          `json:"error"`
			Data    json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal([]byte(resp.Body), &env); err != nil || env.Success == nil || (!*env.Success && env.Error == "") {
			t.Fatalf("answered %d outside the envelope: %q", resp.StatusCode, resp.Body)
		}
		stored, ok := m.records["org1/"+property.Collections[coll]+"/"+id]
		if *env.Success != ok || (!ok && m.puts != 0) {
			t.Fatalf("success %v but stored %v (%d puts)", *env.Success, ok, m.puts)
		}
		if ok {
			if _, err := property.Check(stored, func(s string) (string, error) { return s, nil }); err != nil {
				t.Fatalf("stored a record that fails its checks: %+v: %v", stored, err)
			}
		}
	})
}

// TestPropertyArrearsWithoutStepsAnswersAList: an arrears case PUT without done steps is
// answered and stored with an empty list, as the document's required done says, never null.
func TestPropertyArrearsWithoutStepsAnswersAList(t *testing.T) {
	w, m := newPropertyWorld()
	resp := w.do(propReq("PUT", routePropRecord, "arrears", "unit-1", tokPropManage, `{"paused":false,"done":null}`))
	if resp.StatusCode != 200 || !strings.Contains(resp.Body, `"done":[]`) {
		t.Fatalf("got %d %s, want 200 with \"done\":[]", resp.StatusCode, resp.Body)
	}
	if got := m.records["org1/arrears/unit-1"].(property.ArrearsCase).Done; got == nil {
		t.Error("stored a nil done list")
	}
}
