package simulator

import (
	"strings"
	"testing"
)

func TestNumberReads(t *testing.T) {
	other := Account{PhoneNumberID: "301122334455667", WABAID: "209876543210987", Token: "sim-token-other"}
	h := New(Options{Accounts: []Account{DefaultAccount, other}}).Handler()
	own := DefaultAccount
	tests := []struct {
		name       string
		target     string
		header     map[string]string
		wantStatus int
		wantCode   int
		wantID     string
	}{
		{"own WABA lists own number", "/v21.0/" + own.WABAID + "/phone_numbers", bearer, 200, 0, own.PhoneNumberID},
		{"another's WABA", "/v21.0/" + other.WABAID + "/phone_numbers", bearer, 400, 100, ""},
		{"unknown token", "/v21.0/" + own.WABAID + "/phone_numbers", map[string]string{"Authorization": "Bearer nope"}, 401, 190, ""},
		{"own number", "/v21.0/" + own.PhoneNumberID + "?fields=id", bearer, 200, 0, own.PhoneNumberID},
		{"another's number", "/v21.0/" + other.PhoneNumberID + "?fields=id", bearer, 400, 100, ""},
		{"360dialog health names the key's number", "/health_status", map[string]string{"D360-API-KEY": other.Token}, 200, 0, other.PhoneNumberID},
		{"360dialog unknown key", "/health_status", map[string]string{"D360-API-KEY": "nope"}, 401, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, h, "GET", tt.target, tt.header, "")
			if a.Status != tt.wantStatus || a.errorCode() != tt.wantCode {
				t.Fatalf("got %d (code %d) %s, want %d (code %d)", a.Status, a.errorCode(), a.Raw, tt.wantStatus, tt.wantCode)
			}
			if tt.wantID != "" && !strings.Contains(a.Raw, `"`+tt.wantID+`"`) {
				t.Errorf("answer %s does not name %s", a.Raw, tt.wantID)
			}
		})
	}
}
