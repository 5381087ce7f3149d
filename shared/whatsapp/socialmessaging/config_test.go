package socialmessaging

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func TestFromConfig(t *testing.T) {
	var gotAuth, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotPath = r.Header.Get("Authorization"), r.URL.Path
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte(`{"messageId":"wamid.X"}`))
	}))
	defer srv.Close()
	cfg := aws.Config{Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}
	env := map[string]string{EndpointEnv: srv.URL + "/"}
	c := FromConfig(cfg, srv.Client(), func(k string) string { return env[k] })
	acct := whatsapp.Account{Provider: messaging.ProviderAWSSocial, PhoneNumberID: "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/abc"}
	id, err := c.SendText(context.Background(), acct, "447700900123", "hi", "")
	if err != nil {
		t.Fatalf("SendText: %v", err)
	}
	if got, want := id, "wamid.X"; got != want {
		t.Errorf("id = %q, want %q", got, want)
	}
	if got, want := gotPath, "/v1/whatsapp/send"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	if want := "Credential=AKIDEXAMPLE/"; !strings.Contains(gotAuth, want) || !strings.Contains(gotAuth, "/eu-west-2/social-messaging/") {
		t.Errorf("Authorization = %q, want the config's key signing for eu-west-2 social-messaging", gotAuth)
	}
}
