package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

const (
	routeTokens = "ANY /api/admin/api-tokens"
	routeToken  = "ANY /api/admin/api-tokens/{token_id}"
	idSender    = "01JSENDER00000000000000000"
	idTheirs    = "01JTHEIRS00000000000000000"
)

// memTokens keeps API tokens by id, with the bearer each one is; revoking one makes the
// store's Authenticate refuse that bearer, as dynamo.Store does.
type memTokens struct {
	store   *memStore
	tokens  []messaging.APIToken
	bearers map[string]string // id → bearer
}

func (m *memTokens) ListTokens(_ context.Context, orgID string, _ time.Time) ([]messaging.APIToken, error) {
	var out []messaging.APIToken
	for _, t := range m.tokens {
		if t.OrgID == orgID {
			out = append(out, t)
		}
	}
	return out, nil
}

func (m *memTokens) RevokeToken(_ context.Context, orgID, id string, now time.Time) (messaging.APIToken, error) {
	for i, t := range m.tokens {
		if t.ID == id && t.OrgID == orgID {
			at := now.UTC()
			m.tokens[i].RevokedAt, m.tokens[i].Status = &at, messaging.TokenRevoked
			delete(m.store.tokens, m.bearers[id])
			return m.tokens[i], nil
		}
	}
	return messaging.APIToken{}, messaging.Errorf(messaging.CodeNotFound, messaging.MsgTokenAbsent)
}

// newTokenWorld is a world whose org1 has the sender's token and org2 one of its own.
func newTokenWorld() (*world, *memTokens) {
	w := newWorld()
	w.store.tokens["tok-theirs"] = messaging.Principal{OrgID: "org2", UserID: "u9", Permissions: []string{messaging.PermTokensManage}}
	mk := func(id, org, user string) messaging.APIToken {
		return messaging.APIToken{ID: id, OrgID: org, UserID: user, UserName: "Sam", Permissions: []string{messaging.PermWhatsAppSend},
			Last4: "ab12", Status: messaging.TokenActive, CreatedAt: t0.Add(-time.Hour), ExpiresAt: t0.Add(90 * 24 * time.Hour)}
	}
	m := &memTokens{store: w.store, tokens: []messaging.APIToken{mk(idSender, "org1", "u1"), mk(idTheirs, "org2", "u9")},
		bearers: map[string]string{idSender: tokSender, idTheirs: "tok-theirs"}}
	w.api.Tokens = m
	return w, m
}

func tokenReq(method, id, token string) Request {
	if id == "" {
		return req(method, routeTokens, "/api/admin/api-tokens", token, "")
	}
	r := req(method, routeToken, "/api/admin/api-tokens/"+id, token, "")
	r.PathParameters = map[string]string{"token_id": id}
	return r
}

func TestListTokens(t *testing.T) {
	w, _ := newTokenWorld()
	resp := w.do(tokenReq("GET", "", tokAdmin))
	want := `{"success":true,"data":[{"id":"01JSENDER00000000000000000","label":"","user_id":"u1","user_name":"Sam",` +
		`"permissions":["api.whatsapp.send"],"last4":"ab12","status":"active","created_at":"2026-11-24T09:00:00Z",` +
		`"expires_at":"2027-02-22T10:00:00Z"}],"count":1}`
	if resp.StatusCode != http.StatusOK || resp.Body != want {
		t.Errorf("got %d %s, want 200 %s", resp.StatusCode, resp.Body, want)
	}
}

func TestTokenRoutesRefuse(t *testing.T) {
	forbidden := `{"success":false,"error":"You do not have permission to perform this action"}`
	absent := `{"success":false,"error":"API token not found"}`
	tests := []struct {
		name   string
		r      Request
		status int
		body   string
	}{
		{"list without api.tokens.manage", tokenReq("GET", "", tokSender), 403, forbidden},
		{"revoke without api.tokens.manage", tokenReq("DELETE", idSender, tokSender), 403, forbidden},
		{"revoke another organisation's token", tokenReq("DELETE", idTheirs, tokAdmin), 404, absent},
		{"revoke an unknown token", tokenReq("DELETE", "01JUNKNOWN0000000000000000", tokAdmin), 404, absent},
		{"DELETE on the list", tokenReq("DELETE", "", tokAdmin), 405, `{"success":false,"error":"Method DELETE not allowed. Allowed: GET"}`},
		{"GET on a token", tokenReq("GET", idSender, tokAdmin), 405, `{"success":false,"error":"Method GET not allowed. Allowed: DELETE"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, m := newTokenWorld()
			resp := w.do(tt.r)
			if resp.StatusCode != tt.status || resp.Body != tt.body {
				t.Errorf("got %d %s, want %d %s", resp.StatusCode, resp.Body, tt.status, tt.body)
			}
			for _, tok := range m.tokens {
				if tok.RevokedAt != nil {
					t.Errorf("token %s of %s was revoked", tok.ID, tok.OrgID)
				}
			}
		})
	}
}

// TestRevokeTokenTakesEffectOnTheNextRequest: the revoked bearer is refused with 401 on the
// very next request; another organisation's token still works.
func TestRevokeTokenTakesEffectOnTheNextRequest(t *testing.T) {
	w, _ := newTokenWorld()
	options := func(tok string) int {
		return w.do(req("GET", routeOptions, "/api/whatsapp/get-options", tok, "")).StatusCode
	}
	if got := options(tokSender); got != http.StatusOK {
		t.Fatalf("before: get-options = %d, want 200", got)
	}
	resp := w.do(tokenReq("DELETE", idSender, tokAdmin))
	var env struct {
		Data    messaging.APIToken `json:"data"`
		Message string             `json:"message"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &env); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %d %s", resp.StatusCode, resp.Body)
	}
	if env.Data.ID != idSender || env.Data.Status != messaging.TokenRevoked || env.Data.RevokedAt == nil || env.Message != "API token revoked" {
		t.Errorf("revoke answered %s", resp.Body)
	}
	if got := options(tokSender); got != http.StatusUnauthorized {
		t.Errorf("after: get-options with the revoked token = %d, want 401", got)
	}
	if got := w.do(tokenReq("GET", "", "tok-theirs")); got.StatusCode != http.StatusOK || !strings.Contains(got.Body, idTheirs) || strings.Contains(got.Body, idSender) {
		t.Errorf("org2's list: %d %s", got.StatusCode, got.Body)
	}
}

// TestMalformedBearerTokens: whatever follows "Bearer", a token the store does not know is a
// 401 in the envelope.
func TestMalformedBearerTokens(t *testing.T) {
	want := `{"success":false,"error":"Authentication required. Please log in."}`
	for name, h := range map[string]string{
		"empty":          "Bearer ",
		"wrong prefix":   "Bearer pk_org1_" + strings.Repeat("ab", 32),
		"bad characters": "Bearer plk_org1_<script>",
		"10 KB":          "Bearer " + strings.Repeat("A", 10<<10),
		"non-ASCII":      "Bearer plk_örg_" + strings.Repeat("ab", 32),
		"not bearer":     "Basic dXNlcjpwYXNz",
	} {
		t.Run(name, func(t *testing.T) {
			w, _ := newTokenWorld()
			r := tokenReq("GET", "", "")
			r.Headers["authorization"] = h
			if resp := w.do(r); resp.StatusCode != http.StatusUnauthorized || resp.Body != want {
				t.Errorf("got %d %s, want 401 %s", resp.StatusCode, resp.Body, want)
			}
		})
	}
}

// FuzzBearerHeader: any Authorization header that names no known token answers 401 in the
// envelope on every route, never a 5xx.
func FuzzBearerHeader(f *testing.F) {
	for _, h := range []string{"Bearer ", "Bearer plk_org1_" + strings.Repeat("ab", 32), "bearer \xff\xfe", "Bearer " + strings.Repeat("x", 10<<10)} {
		f.Add(h)
	}
	routes := Routes()
	f.Fuzz(func(t *testing.T, h string) {
		w, _ := newTokenWorld()
		if _, known := w.store.tokens[strings.TrimSpace(h[min(len(h), len("Bearer ")):])]; known {
			return
		}
		for key, methods := range routes {
			r := req(methods[0], key, "/x", "", "{}")
			r.Headers["authorization"] = h
			resp := w.do(r)
			var env struct {
				Success *bool  `json:"success"`
				Error   string `json:"error"`
			}
			if err := json.Unmarshal([]byte(resp.Body), &env); err != nil || env.Success == nil || *env.Success ||
				resp.StatusCode != http.StatusUnauthorized || env.Error != messaging.MsgAuthRequired {
				t.Fatalf("%s with Authorization %q: %d %s, want 401 in the envelope", key, h, resp.StatusCode, resp.Body)
			}
		}
	})
}

func TestListTokensLastPage(t *testing.T) {
	for _, offset := range []string{"1", "9223372036854775807"} {
		t.Run("offset "+offset, func(t *testing.T) {
			w, _ := newTokenWorld()
			r := tokenReq("GET", "", tokAdmin)
			r.QueryStringParameters = map[string]string{"limit": "200", "offset": offset}
			resp := w.do(r)
			if want := `{"success":true,"data":[],"count":1}`; resp.StatusCode != http.StatusOK || resp.Body != want {
				t.Errorf("got %d %s, want 200 %s", resp.StatusCode, resp.Body, want)
			}
		})
	}
}
