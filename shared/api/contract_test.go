package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/proplink/chat/shared/api/openapi"
	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// validPerOperation is how many valid requests each documented operation gets; each
// operation also gets one request per constraint its parameters and body can break.
const validPerOperation = 200

// apiCall is one generated request to an operation.
type apiCall struct {
	method, tmpl string
	path         map[string]string
	query        map[string]string
	header       map[string]string
	body         any  // the JSON body, when hasBody
	hasBody      bool // false: no body at all
	raw          string
	what         string // what a mutation broke, "" for a valid call
}

// bodyText is the request body as sent.
func (c apiCall) bodyText() string {
	if c.raw != "" {
		return c.raw
	}
	if !c.hasBody {
		return ""
	}
	b, err := json.Marshal(c.body)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// target is the request's path and query.
func (c apiCall) target() (path, rawQuery string) {
	path = c.tmpl
	for k, v := range c.path {
		path = strings.ReplaceAll(path, "{"+k+"}", url.PathEscape(v))
	}
	q := url.Values{}
	for k, v := range c.query {
		q.Set(k, v)
	}
	return path, q.Encode()
}

// gateway is the call as API Gateway hands it to the API: on the route that serves the
// documented path, with the path parameters that path fixes.
func (c apiCall) gateway() apigw.Request {
	path, rawQuery := c.target()
	key, fixed, ok := RouteOf(c.tmpl)
	if !ok {
		panic("no route serves " + c.tmpl)
	}
	r := req(c.method, key, path, tokAdmin, c.bodyText())
	r.RawQueryString = rawQuery
	r.PathParameters = fixed
	for k, v := range c.path {
		r.PathParameters[k] = v
	}
	r.QueryStringParameters = c.query
	for k, v := range c.header {
		r.Headers[strings.ToLower(k)] = v
	}
	return r
}

// http is the call as the document's validator reads it.
func (c apiCall) http() *http.Request {
	path, rawQuery := c.target()
	r, err := http.NewRequest(c.method, "http://api.test"+path+"?"+rawQuery, strings.NewReader(c.bodyText()))
	if err != nil {
		panic(err)
	}
	r.Header.Set("Authorization", "Bearer "+tokAdmin)
	r.Header.Set("Content-Type", "application/json")
	for k, v := range c.header {
		r.Header.Set(k, v)
	}
	return r
}

func (c apiCall) String() string {
	path, rawQuery := c.target()
	s := c.method + " " + path
	if rawQuery != "" {
		s += "?" + rawQuery
	}
	if len(c.header) > 0 {
		s += fmt.Sprintf(" headers %v", c.header)
	}
	return s + " " + c.bodyText()
}

// operation is a documented operation with its parameters (the path's and its own).
type operation struct {
	method, path string
	op           *openapi3.Operation
	params       []*openapi3.Parameter
}

func operations(doc *openapi3.T) []operation {
	var out []operation
	for _, path := range slices.Sorted(func(yield func(string) bool) {
		for p := range doc.Paths.Map() {
			if !yield(p) {
				return
			}
		}
	}) {
		if _, ok := openapi.ConsolePaths[path]; ok {
			continue // the console serves it (shared/console checks its answers against the document)
		}
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, m := range slices.Sorted(func(yield func(string) bool) {
			for m := range ops {
				if !yield(m) {
					return
				}
			}
		}) {
			op := ops[m]
			var params []*openapi3.Parameter
			for _, p := range item.Parameters {
				if op.Parameters.GetByInAndName(p.Value.In, p.Value.Name) == nil {
					params = append(params, p.Value)
				}
			}
			for _, p := range op.Parameters {
				params = append(params, p.Value)
			}
			out = append(out, operation{method: m, path: path, op: op, params: params})
		}
	}
	return out
}

// bodySchema is the operation's JSON body schema, nil for none.
func (o operation) bodySchema() *openapi3.Schema {
	if o.op.RequestBody == nil {
		return nil
	}
	return o.op.RequestBody.Value.Content.Get("application/json").Schema.Value
}

// render is a generated value as a parameter carries it.
func render(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case map[string]any, []any:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return fmt.Sprint(v)
}

// valid returns a request to o that should match the document.
func (g *gen) valid(o operation) apiCall {
	c := apiCall{method: o.method, tmpl: o.path, path: map[string]string{}, query: map[string]string{}, header: map[string]string{}}
	for _, p := range o.params {
		if !p.Required && g.rng.IntN(2) == 0 {
			continue
		}
		v := render(g.value(p.Name, p.Schema))
		switch p.In {
		case openapi3.ParameterInPath:
			if v == "" || v == "." || v == ".." {
				v = "x"
			}
			c.path[p.Name] = v
		case openapi3.ParameterInQuery:
			c.query[p.Name] = v
		case openapi3.ParameterInHeader:
			c.header[p.Name] = strings.Map(func(r rune) rune { return min(r, '~') }, v)
		}
	}
	if s := o.bodySchema(); s != nil {
		c.body, c.hasBody = g.object(s), true
	}
	return c
}

// mutations returns requests to o that each break one documented constraint of a valid one.
func (g *gen) mutations(o operation) []apiCall {
	var out []apiCall
	mutate := func(what string, edit func(*apiCall)) {
		c := g.valid(o)
		c.what = what
		edit(&c)
		out = append(out, c)
	}
	for _, p := range o.params {
		for _, v := range g.breaks(p.Schema.Value) {
			s := render(v)
			if p.In == openapi3.ParameterInPath && (s == "" || strings.Contains(s, "/")) {
				continue
			}
			mutate(fmt.Sprintf("%s %s = %q", p.In, p.Name, s), func(c *apiCall) {
				map[string]map[string]string{openapi3.ParameterInPath: c.path, openapi3.ParameterInQuery: c.query,
					openapi3.ParameterInHeader: c.header}[p.In][p.Name] = s
			})
		}
	}
	s := o.bodySchema()
	if s == nil {
		return out
	}
	mutate("no body", func(c *apiCall) { c.hasBody = false })
	mutate("an array body", func(c *apiCall) { c.raw = "[]" })
	mutate("data after the body", func(c *apiCall) { c.raw = c.bodyText() + ` {"a":1}` })
	mutate("an unknown field", func(c *apiCall) { c.body.(map[string]any)["zz_unknown"] = 1 })
	for _, r := range s.Required {
		mutate("no "+r, func(c *apiCall) { delete(c.body.(map[string]any), r) })
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range s.Properties {
			if !yield(n) {
				return
			}
		}
	}) {
		p := s.Properties[name].Value
		for _, v := range g.breaks(p) {
			mutate(fmt.Sprintf("%s = %v", name, v), func(c *apiCall) { c.body.(map[string]any)[name] = v })
		}
		if ap := p.AdditionalProperties.Schema; ap != nil {
			for _, v := range g.breaks(ap.Value) {
				mutate(fmt.Sprintf("%s.x = %v", name, v), func(c *apiCall) { c.body.(map[string]any)[name] = map[string]any{"x": v} })
			}
		}
	}
	return out
}

// textProvider is the fake provider with free-text sends that go through.
type textProvider struct{ *fakes.Provider }

func (textProvider) SendText(context.Context, whatsapp.Account, string, string, string) (string, error) {
	return "wamid.text1", nil
}

// reachAll is the media world's reach with template sends read from the store.
type reachAll struct{ *memReach }

func (r reachAll) LoadSendTo(ctx context.Context, orgID string, jobID int64, templateID int, recipient string) (messaging.SendLoad, error) {
	st, j, tpl, err := r.store.LoadSend(ctx, orgID, jobID, templateID)
	return messaging.SendLoad{Settings: st, Job: j, Template: tpl, Suppression: messaging.Suppression{Phone: recipient}}, err
}

// uploads creates uploads with the attachments service and reads the media world's attachments.
type uploads struct {
	svc  *attachments.Service
	read *memAttachments
}

func (u uploads) CreateUpload(ctx context.Context, orgID, userID string, r attachments.UploadRequest) (attachments.Upload, error) {
	return u.svc.CreateUpload(ctx, orgID, userID, r)
}

func (u uploads) Get(ctx context.Context, orgID, id string) (attachments.Attachment, string, time.Time, error) {
	return u.read.Get(ctx, orgID, id)
}

// contractWorld is an API with every port faked, holding org1's seed data, a conversation,
// attachments, API tokens, seedNotices' tickets, work orders and templates, and a platform
// holding Jane's ticket.
func contractWorld() *mediaWorld {
	mw := newMediaWorld()
	seedNotices(mw.world)
	mw.api.Platforms = onePlatform{janesPlatform()}
	mw.api.Send.Conversations = mw.api.Conversations.(*memConversations)
	mw.api.Send.Provider = textProvider{mw.provider}
	mw.api.Send.Reach = reachAll{mw.reach}
	for k, a := range mw.atts.atts {
		if a.Direction == "" {
			a.Direction = attachments.Inbound
			mw.atts.atts[k] = a
		}
	}
	mw.api.Attachments = uploads{read: mw.atts, svc: &attachments.Service{Blobs: presignOnly{}, Store: recordOnly{},
		Now: func() time.Time { return t0 }, NewID: func() string { return "01JUPLOAD0000000000000000" }}}
	mw.api.Tokens = &memTokens{store: mw.store, bearers: map[string]string{idSender: tokSender},
		tokens: []messaging.APIToken{{ID: idSender, OrgID: "org1", UserID: "u1", UserName: "Sam", Permissions: []string{messaging.PermWhatsAppSend},
			Last4: "ab12", Status: messaging.TokenActive, CreatedAt: t0.Add(-time.Hour), ExpiresAt: t0.Add(90 * 24 * time.Hour)}}}
	return mw
}

// TestEveryOperationAgreesWithTheDocument generates requests to every documented operation
// from the OpenAPI document, with a fixed seed: valid ones from its schemas, and ones that
// break one constraint each. The document's validator (kin-openapi) classifies every request;
// the API must answer a valid one with a status the operation lists, never 400 or 500, and an
// invalid one with 400; every answer must match the document.
func TestEveryOperationAgreesWithTheDocument(t *testing.T) {
	spec, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	conv := newMediaWorld().conv.ID
	g := &gen{rng: rand.New(rand.NewPCG(2026, 11)), hints: map[string][]any{
		"job_id": {int64(1050), "1050"}, "template_id": {int64(3), "3"}, "conversation_id": {conv},
		"attachment_id": {pdfID, "01JVOICE000000000000000000"}, "token_id": {idSender}, "phone_number": {"+447700900123"},
		"provider": {messaging.ProviderMeta}, "api_url": {"https://graph.facebook.com"}, "phone_number_id": {"1055"},
		"waba_id": {"2001"}, "file_name": {"contract.pdf"}, "content_type": {"application/pdf"}, "size": {int64(48213)},
		"ref": {"TKT-2026-0042", "TKT-2026-0050", "WO-2026-0042", "WO-2026-0051"}, "ticket_ref": {"TKT-2026-0042"},
		"reporter_phone": {janePhone}, "vendor_id": {"v-reed", "v-quiet"},
	}}
	quiet := obs.WithLogger(context.Background(), slog.New(slog.DiscardHandler))
	for _, o := range operations(spec.Doc()) {
		t.Run(o.method+" "+o.path, func(t *testing.T) {
			calls := g.mutations(o)
			for range validPerOperation {
				calls = append(calls, g.valid(o))
			}
			var valid, invalid, failures int
			statuses := map[int]int{}
			for _, c := range calls {
				reqErr := spec.CheckRequest(c.http(), []byte(c.bodyText()))
				resp, err := contractWorld().api.Handle(quiet, c.gateway())
				if err != nil {
					t.Fatal(err)
				}
				h := http.Header{}
				for k, v := range resp.Headers {
					h.Set(k, v)
				}
				var problem string
				switch {
				case reqErr == nil && (resp.StatusCode == 400 || resp.StatusCode >= 500 && resp.StatusCode != 502 && resp.StatusCode != 503):
					problem = fmt.Sprintf("a request the document accepts was answered %d", resp.StatusCode)
				case reqErr != nil && c.what == "":
					// The generator made something the document refuses: not a finding.
					continue
				case reqErr != nil && resp.StatusCode != 400:
					problem = fmt.Sprintf("a request the document refuses (%s: %v) was answered %d", c.what, firstLine(reqErr), resp.StatusCode)
				}
				if err := spec.CheckResponse(c.http(), resp.StatusCode, h, []byte(resp.Body)); err != nil && problem == "" {
					problem = "the answer does not match the document: " + firstLine(err)
				}
				if reqErr == nil {
					statuses[resp.StatusCode]++
					valid++
				} else {
					invalid++
				}
				if problem != "" {
					failures++
					if failures <= 8 {
						t.Errorf("%s\n  request: %s\n  answer: %d %s", problem, c, resp.StatusCode, resp.Body)
					}
				}
			}
			if failures > 8 {
				t.Errorf("... and %d more", failures-8)
			}
			if valid < validPerOperation/2 {
				t.Errorf("only %d of %d generated requests were valid", valid, validPerOperation)
			}
			t.Logf("%d valid requests (answered %v) and %d invalid ones", valid, statuses, invalid)
		})
	}
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
