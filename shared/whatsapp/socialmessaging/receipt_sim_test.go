package socialmessaging_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/socialmessaging"
)

func TestMarkReadReachesTheSimulator(t *testing.T) {
	const simPhone = "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/abc123"
	sim := simulator.New(simulator.Options{StatusDelay: -1, Accounts: []simulator.Account{{PhoneNumberID: "106540352242933", WABAID: "102290129340333",
		Social: &simulator.SocialAccount{PhoneNumberARN: simPhone, WABAARN: "arn:aws:social-messaging:eu-west-2:123456789012:waba/def456"}}}})
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	svc := &socialmessaging.Service{HTTP: srv.Client(), Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Endpoint: func(string) string { return srv.URL }}
	var r whatsapp.ReadReceipter = socialmessaging.New(svc, "")
	a := whatsapp.Account{Provider: messaging.ProviderAWSSocial, PhoneNumberID: simPhone}
	if err := r.MarkRead(context.Background(), a, "wamid.ABC"); err != nil {
		t.Fatalf("mark read: %v", err)
	}
	reads := sim.ReadReceipts()
	if len(reads) != 1 || reads[0].MessageID != "wamid.ABC" || reads[0].PhoneNumberID != "106540352242933" {
		t.Errorf("the simulator recorded %+v, want one read receipt of wamid.ABC from the linked number", reads)
	}
	if got := len(sim.Sent()); got != 0 {
		t.Errorf("the simulator recorded %d sends, want 0", got)
	}
}
