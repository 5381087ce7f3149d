package messaging

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCodeAndMessage(t *testing.T) {
	cause := errors.New("dynamo: secret token abc123 leaked")
	tests := []struct {
		name     string
		err      error
		code     Code
		message  string
		errorStr string
	}{
		{name: "coded", err: Errorf(CodeNotFound, "Job %d not found", 7), code: CodeNotFound, message: "Job 7 not found", errorStr: "Job 7 not found"},
		{name: "wrapped coded", err: fmt.Errorf("api: send: %w", Errorf(CodeRateLimited, "slow down")), code: CodeRateLimited, message: "slow down", errorStr: "api: send: slow down"},
		{name: "wrap with cause", err: Wrap(CodeUnavailable, "Try again later", cause), code: CodeUnavailable, message: "Try again later", errorStr: "Try again later: dynamo: secret token abc123 leaked"},
		{name: "uncoded", err: cause, code: CodeInternal, message: "An internal error occurred. Please try again later.", errorStr: cause.Error()},
		{name: "nil", err: nil, code: CodeInternal, message: "An internal error occurred. Please try again later."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
			if tt.err != nil {
				if got := tt.err.Error(); got != tt.errorStr {
					t.Errorf("Error() = %q, want %q", got, tt.errorStr)
				}
			}
		})
	}
}

func TestWrapUnwraps(t *testing.T) {
	cause := errors.New("boom")
	if got := Wrap(CodeInternal, "x", cause); !errors.Is(got, cause) {
		t.Errorf("errors.Is(Wrap(..., cause), cause) = false, want true")
	}
}

func TestPrincipalRequire(t *testing.T) {
	p := Principal{OrgID: "o", Permissions: []string{PermWhatsAppSend}}
	if err := p.Require(PermWhatsAppSend); err != nil {
		t.Errorf("Require(held) = %v, want nil", err)
	}
	err := p.Require(PermWhatsAppSettings)
	if got, want := ErrorCode(err), CodeForbidden; got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
	if got, want := ErrorMessage(err), MsgForbidden; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestSettingsConfigured(t *testing.T) {
	full := Settings{Provider: ProviderMeta, APIURL: "https://graph.facebook.com", PhoneNumberID: "1", APITokenSet: true}
	tests := []struct {
		name string
		edit func(*Settings)
		want bool
	}{
		{name: "full", edit: func(*Settings) {}, want: true},
		{name: "no provider", edit: func(s *Settings) { s.Provider = "" }},
		{name: "no url", edit: func(s *Settings) { s.APIURL = "" }},
		{name: "no number", edit: func(s *Settings) { s.PhoneNumberID = "" }},
		{name: "no token", edit: func(s *Settings) { s.APITokenSet = false }},
		{name: "aws social: the number's ARN alone", want: true, edit: func(s *Settings) {
			*s = Settings{Provider: ProviderAWSSocial, PhoneNumberID: "arn:aws:social-messaging:eu-west-1:1:phone-number-id/a"}
		}},
		{name: "aws social without a number", edit: func(s *Settings) { *s = Settings{Provider: ProviderAWSSocial} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := full
			tt.edit(&s)
			if got := s.Configured(); got != tt.want {
				t.Errorf("Configured() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGroupKey(t *testing.T) {
	m := OutboundMessage{OrgID: "org1", Recipient: "+447700900123"}
	if got, want := m.GroupKey("1055"), "org1#1055#447700900123"; got != want {
		t.Errorf("GroupKey = %q, want %q", got, want)
	}
}
