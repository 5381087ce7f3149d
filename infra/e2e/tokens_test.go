//go:build e2e

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/shared/api"
	"github.com/proplink/chat/shared/messaging"
)

// listedTokens reads every page of GET /api/admin/api-tokens as token, by id.
func listedTokens(t *testing.T, token string) (map[string]map[string]any, string) {
	t.Helper()
	out, raw := map[string]map[string]any{}, ""
	for offset := 0; ; offset += 200 {
		r := call(t, "GET", fmt.Sprintf("/api/admin/api-tokens?limit=200&offset=%d", offset), token, "")
		if r.Status != http.StatusOK {
			t.Fatalf("list: got %d %s, want 200", r.Status, r.Raw)
		}
		raw += r.Raw
		data, _ := r.Body["data"].([]any)
		for _, d := range data {
			m, _ := d.(map[string]any)
			id, _ := m["id"].(string)
			out[id] = m
		}
		if count, _ := r.Body["count"].(float64); offset+200 >= int(count) {
			return out, raw
		}
	}
}

// TestAPITokensListAndRevoke: an organisation's administrator lists its tokens through the
// HTTP API (never a token nor its hash, never another organisation's), cannot revoke another
// organisation's (404), and a token it revokes is refused with 401 once the API instances' token
// caches have let it go (api.TokenCacheTTL).
func TestAPITokensListAndRevoke(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	org := e.demo.OrgID
	adminTok := mint(t, org, messaging.PermTokensManage)
	victim, rec, err := admin.Mint(ctx, e.store, messaging.Principal{OrgID: org, UserID: "u-victim", Name: "Vic Tim",
		Permissions: []string{messaging.PermWhatsAppSend}}, "e2e integration", now)
	if err != nil {
		t.Fatal(err)
	}
	other := fmt.Sprintf("e2e-other-%d", now.UnixNano())
	theirs, theirRec, err := admin.Mint(ctx, e.store, messaging.Principal{OrgID: other, UserID: "u-other",
		Permissions: []string{messaging.PermTokensManage}}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	if r := call(t, "GET", "/api/whatsapp/get-options", victim, ""); r.Status != http.StatusOK {
		t.Fatalf("before revocation: get-options = %d %s, want 200", r.Status, r.Raw)
	}

	listed, raw := listedTokens(t, adminTok)
	got := listed[rec.ID]
	if got == nil || got["status"] != "active" || got["label"] != "e2e integration" || got["user_id"] != "u-victim" ||
		got["last4"] != victim[len(victim)-4:] {
		t.Errorf("the victim's token in the list: %v", got)
	}
	if listed[theirRec.ID] != nil {
		t.Errorf("org %s's list shows %s's token %s", org, other, theirRec.ID)
	}
	sum := sha256.Sum256([]byte(victim))
	for _, secret := range []string{victim[len(victim)-64:], hex.EncodeToString(sum[:]), adminTok[len(adminTok)-64:]} {
		if strings.Contains(raw, secret) {
			t.Errorf("the list holds a token or its hash")
		}
	}

	if r := call(t, "GET", "/api/admin/api-tokens", victim, ""); r.Status != http.StatusForbidden {
		t.Errorf("list without api.tokens.manage: got %d %s, want 403", r.Status, r.Raw)
	}
	if r := call(t, "DELETE", "/api/admin/api-tokens/"+rec.ID, victim, ""); r.Status != http.StatusForbidden {
		t.Errorf("revoke without api.tokens.manage: got %d %s, want 403", r.Status, r.Raw)
	}
	if r := call(t, "DELETE", "/api/admin/api-tokens/"+theirRec.ID, adminTok, ""); r.Status != http.StatusNotFound || r.Body["error"] != messaging.MsgTokenAbsent {
		t.Errorf("revoke another organisation's token: got %d %s, want 404", r.Status, r.Raw)
	}
	if r := call(t, "GET", "/api/admin/api-tokens", theirs, ""); r.Status != http.StatusOK {
		t.Errorf("%s's token after %s tried to revoke it: got %d %s, want 200", other, org, r.Status, r.Raw)
	}

	r := call(t, "DELETE", "/api/admin/api-tokens/"+rec.ID, adminTok, "")
	data, _ := r.Body["data"].(map[string]any)
	if r.Status != http.StatusOK || data["id"] != rec.ID || data["status"] != "revoked" || data["revoked_at"] == nil {
		t.Fatalf("revoke: got %d %s, want 200 with the revoked token", r.Status, r.Raw)
	}
	// Every instance that authenticated the token may trust it for up to api.TokenCacheTTL more
	// (the README's bound); past it, every instance refuses it.
	time.Sleep(api.TokenCacheTTL + time.Second)
	for i := range 5 {
		after := call(t, "GET", "/api/whatsapp/get-options", victim, "")
		if after.Status != http.StatusUnauthorized || after.Body["error"] != messaging.MsgAuthRequired {
			t.Errorf("call %d, %s after revocation: get-options = %d %s, want 401", i, api.TokenCacheTTL+time.Second, after.Status, after.Raw)
		}
	}
	if listed, _ := listedTokens(t, adminTok); listed[rec.ID]["status"] != "revoked" {
		t.Errorf("listed after revocation: %v", listed[rec.ID])
	}
}

// TestMalformedBearerTokensAre401: whatever follows "Bearer", the API answers 401 in the
// envelope, never a 5xx.
func TestMalformedBearerTokensAre401(t *testing.T) {
	hex64 := strings.Repeat("ab", 32)
	for name, tok := range map[string]string{
		"empty":              "",
		"wrong prefix":       "pk_demo_" + hex64,
		"bad characters":     "plk_demo_" + strings.Repeat("zz", 32),
		"10 KB":              strings.Repeat("A", 10<<10),
		"10 KB organisation": "plk_" + strings.Repeat("a", 10<<10) + "_" + hex64,
		"non-ASCII":          "plk_démo_" + hex64,
	} {
		t.Run(name, func(t *testing.T) {
			r := call(t, "GET", "/api/whatsapp/get-options", "", "", "Authorization", "Bearer "+tok)
			if r.Status != http.StatusUnauthorized || r.Body["error"] != messaging.MsgAuthRequired {
				t.Errorf("got %d %s, want 401 %q", r.Status, r.Raw, messaging.MsgAuthRequired)
			}
		})
	}
}
