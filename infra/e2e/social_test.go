//go:build e2e

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/messaging"
)

// The simulator's number linked to AWS End User Messaging Social. The product reaches the
// service (the simulator, through AWS_ENDPOINT_URL_SOCIALMESSAGING) by the ARNs, signed with
// the function's credentials; the service's events go to the stack's SocialEventsTopic in moto,
// whose queue feeds SocialEventsFunction. No webhook route is involved.
var (
	socialNumber = simulator.Account{PhoneNumberID: "106540352242977", WABAID: "102290129340377", Social: &simulator.SocialAccount{
		PhoneNumberARN: "arn:aws:social-messaging:" + local.Region + ":" + local.AccountID + ":phone-number-id/e2e0social0number",
		WABAARN:        "arn:aws:social-messaging:" + local.Region + ":" + local.AccountID + ":waba/e2e0social0waba",
	}}
	// socialFiguresNumber is a second linked number, for the figures' organisation.
	socialFiguresNumber = simulator.Account{PhoneNumberID: "106540352242978", WABAID: "102290129340378", Social: &simulator.SocialAccount{
		PhoneNumberARN: "arn:aws:social-messaging:" + local.Region + ":" + local.AccountID + ":phone-number-id/e2e0social0figures",
		WABAARN:        "arn:aws:social-messaging:" + local.Region + ":" + local.AccountID + ":waba/e2e0social0figures",
	}}
	// devSocialNumber is make dev's linked number (admin.SeedSocialDemo's organisation).
	devSocialNumber = simulator.Account{PhoneNumberID: admin.DemoSocialPhoneNumberID, WABAID: admin.DemoSocialWABAID, Social: &simulator.SocialAccount{
		PhoneNumberARN: admin.DemoSocialPhoneARN(local.Region, local.AccountID), WABAARN: admin.DemoSocialWABAARN(local.Region, local.AccountID),
	}}
	socialAccounts = []simulator.Account{socialNumber, socialFiguresNumber, devSocialNumber}
)

// pointSocialEvents has the simulator publish the service's events to the stack's topic and
// read and write media in the stack's moto.
func pointSocialEvents(sim *simulator.Simulator, stack *local.Stack) {
	sim.SetAWS(aws.Config{Region: local.Region, BaseEndpoint: aws.String(stack.MotoURL()),
		Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", "")})
	for _, a := range socialAccounts {
		a.Social.TopicARN = stack.Resource("SocialEventsTopic")
	}
}

// socialMessages returns org's conversation with phone on the linked number (keyed by its ARN).
func socialMessages(t *testing.T, org, phone string) []messaging.ConversationMessage {
	t.Helper()
	_, msgs, _, err := e.store.ConversationWithMessages(context.Background(), org, messaging.ConversationID(org, socialNumber.Social.PhoneNumberARN, phone), 0, 0)
	if err != nil && messaging.ErrorCode(err) != messaging.CodeNotFound {
		t.Fatal(err)
	}
	return msgs
}

// socialOrg is an organisation linked to the simulator's End User Messaging Social number,
// with its synced appointment_reminder, a job and a sender's token.
type socialOrg struct {
	org, staff string
	tpl        messaging.Template
	jobID      int64
}

// linkSocialOrg creates an aws-social organisation: settings naming the number's and WABA's
// ARNs (no token), templates synced from the service's listing, and a job.
func linkSocialOrg(t *testing.T, name string, number simulator.Account) socialOrg {
	t.Helper()
	ctx := context.Background()
	org, admin := newSettingsAdmin(t, name)
	body := fmt.Sprintf(`{"provider":"aws-social","phone_number_id":%q,"waba_id":%q}`, number.Social.PhoneNumberARN, number.Social.WABAARN)
	if r := call(t, "PUT", "/api/admin/whatsapp/settings", admin, body); r.Status != 200 {
		t.Fatalf("link the number: %d %s", r.Status, r.Raw)
	}
	if r := call(t, "POST", "/api/admin/whatsapp/templates/sync", admin, ""); r.Status != 200 {
		t.Fatalf("sync templates: %d %s", r.Status, r.Raw)
	}
	tpls, err := e.store.ListTemplates(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(tpls, func(t messaging.Template) bool { return t.Name == "appointment_reminder" && t.Sendable() })
	if i < 0 {
		t.Fatalf("appointment_reminder is not among the synced templates: %+v", tpls)
	}
	tpl := tpls[i]
	if len(tpl.Variables) != 3 {
		t.Fatalf("appointment_reminder synced without its components' variables: %+v", tpl)
	}
	const jobID int64 = 7300
	if err := e.store.PutJob(ctx, messaging.Job{OrgID: org, ID: jobID, Ref: "JOB-7300", Title: "Leaking tap"}); err != nil {
		t.Fatal(err)
	}
	staff := mint(t, org, messaging.PermWhatsAppSend, messaging.PermCaseNotesView)
	return socialOrg{org: org, staff: staff, tpl: tpl, jobID: jobID}
}

// TestSocialEndToEnd: an aws-social organisation syncs its templates with the service's
// listing, sends a template whose statuses come back as SNS events onto its case note, receives
// an inbound text and a photo (fetched with GetWhatsAppMessageMedia into S3), answers inside the
// window with a text and a PDF (PostWhatsAppMessageMedia from its S3 object), and a STOP opts
// the person out.
func TestSocialEndToEnd(t *testing.T) {
	ctx := context.Background()
	o := linkSocialOrg(t, "aws-social", socialNumber)
	org, staff, tpl, jobID := o.org, o.staff, o.tpl, o.jobID
	phone := newPhone()

	t.Run("a template send's statuses reach its case note", func(t *testing.T) {
		e.sim.ScriptStatuses(simulator.StatusScript{To: phone}) // sent, delivered, read
		before, calls := functionCounts(), e.sim.SocialCalls()
		r := call(t, "POST", "/api/whatsapp/send", staff, fmt.Sprintf(
			`{"job_id": %d, "phone_number": %q, "template_id": %d, "variables": {"tenant_first_name": "Sam", "appointment_date": "Tuesday", "time_window": "08:00-12:00"}}`, jobID, phone, tpl.ID))
		if r.Status != http.StatusOK {
			t.Fatalf("send: got %d %s, want 200", r.Status, r.Raw)
		}
		sent := sentTo(phone)
		if len(sent) != 1 || sent[0].Provider != messaging.ProviderAWSSocial || sent[0].Template != "appointment_reminder" || sent[0].CallbackData == "" {
			t.Fatalf("the service's sends to the phone: %+v", sent)
		}
		wamid := sent[0].WAMID
		var note messaging.CaseNote
		eventually(t, 30*time.Second, "the case note to reach read", func() bool {
			notes, _, err := e.store.ListCaseNotes(ctx, org, jobID, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range notes {
				if n.ProviderMessage == wamid {
					note = n
				}
			}
			return note.Status == messaging.StatusRead
		})
		settle(t)
		t.Logf("AWS requests for one aws-social template send and its three status events: functions %s; service %v", figures(since(before)), callsSince(calls))
		var got []messaging.Status
		for _, h := range note.StatusHistory {
			got = append(got, h.Status)
		}
		for _, want := range []messaging.Status{messaging.StatusSent, messaging.StatusDelivered, messaging.StatusRead} {
			if !slices.Contains(got, want) {
				t.Errorf("status history %v lacks %s", got, want)
			}
		}
	})

	t.Run("an inbound text lands in its conversation", func(t *testing.T) {
		settle(t)
		before, calls := functionCounts(), e.sim.SocialCalls()
		// SNS delivers at least once: the same event twice lands once.
		if _, err := e.sim.Inject(ctx, simulator.Inbound{From: phone, ProfileName: "Sam", PhoneNumberID: socialNumber.PhoneNumberID, Text: "Is 10am fine?",
			WebhookOptions: simulator.WebhookOptions{Times: 2}}); err != nil {
			t.Fatal(err)
		}
		texts := func() int {
			n := 0
			for _, m := range socialMessages(t, org, phone) {
				if m.Direction == messaging.DirectionInbound && m.Text == "Is 10am fine?" {
					n++
				}
			}
			return n
		}
		eventually(t, 30*time.Second, "the text in the conversation", func() bool { return texts() > 0 })
		settle(t)
		t.Logf("AWS requests for one aws-social inbound text event delivered twice: functions %s; service %v", figures(since(before)), callsSince(calls))
		if n := texts(); n != 1 {
			t.Errorf("the twice-delivered text is in the conversation %d times, want once", n)
		}
	})

	t.Run("an inbound photo lands in S3 and on the conversation", func(t *testing.T) {
		settle(t)
		before, calls := functionCounts(), e.sim.SocialCalls()
		id := e.sim.AddMedia(photo, "image/jpeg")
		if _, err := e.sim.Inject(ctx, simulator.Inbound{From: phone, PhoneNumberID: socialNumber.PhoneNumberID, Type: "image",
			Media: &simulator.InboundMedia{ID: id, MimeType: "image/jpeg", Caption: "the tap"}}); err != nil {
			t.Fatal(err)
		}
		var ref *messaging.MediaRef
		eventually(t, 30*time.Second, "the photo in the conversation", func() bool {
			for _, m := range socialMessages(t, org, phone) {
				if m.Direction == messaging.DirectionInbound && m.Media != nil && m.Media.ID == id {
					ref = m.Media
				}
			}
			return ref != nil
		})
		var a attachments.Attachment
		eventually(t, 30*time.Second, "the photo's attachment to settle", func() bool {
			got, err := e.store.GetAttachment(ctx, org, ref.AttachmentID)
			a = got
			return err == nil && (got.Status == attachments.StatusStored || got.Attempts < 0)
		})
		settle(t)
		t.Logf("AWS requests for one aws-social inbound photo event, to S3: functions %s; service %v", figures(since(before)), callsSince(calls))
		sum := sha256.Sum256(photo)
		want := hex.EncodeToString(sum[:])
		if a.Status != attachments.StatusStored || a.SHA256 != want || a.ContentType != "image/jpeg" {
			t.Fatalf("attachment: got %+v, want stored with the photo's hash", a)
		}
		if got := s3SHA(t, a.Key); got != want {
			t.Errorf("S3 %s: got sha %s, want %s", a.Key, got, want)
		}
	})

	t.Run("staff reply inside the window with a text and a PDF", func(t *testing.T) {
		conv := messaging.ConversationID(org, socialNumber.Social.PhoneNumberARN, phone)
		before, calls := functionCounts(), e.sim.SocialCalls()
		r := call(t, "POST", "/api/whatsapp/conversations/"+conv+"/messages", staff, `{"text": "10am is fine, see you then"}`)
		if r.Status != 200 {
			t.Fatalf("reply: got %d %s, want 200", r.Status, r.Raw)
		}
		t.Logf("AWS requests for one aws-social staff text reply: functions %s; service %v", figures(since(before)), callsSince(calls))
		if !slices.ContainsFunc(sentTo(phone), func(m simulator.SentMessage) bool {
			return m.Provider == messaging.ProviderAWSSocial && m.Request.Text != nil && m.Request.Text.Body == "10am is fine, see you then"
		}) {
			t.Errorf("the service received no text reply: %+v", sentTo(phone))
		}
		pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
		attID := uploadAttachmentAs(t, staff, "quote.pdf", "application/pdf", pdf)
		r = call(t, "POST", "/api/whatsapp/conversations/"+conv+"/messages", staff, fmt.Sprintf(`{"attachment_id": %q, "caption": "The quote"}`, attID))
		data, _ := r.Body["data"].(map[string]any)
		id, _ := data["message_id"].(string)
		if r.Status != 200 || id == "" {
			t.Fatalf("reply with a PDF: got %d %s, want 200", r.Status, r.Raw)
		}
		var doc *simulator.MediaMessage
		for _, m := range sentTo(phone) {
			if m.WAMID == id && m.Provider == messaging.ProviderAWSSocial {
				doc = m.Request.Document
			}
		}
		if doc == nil || doc.ID == "" || doc.Caption != "The quote" {
			t.Fatalf("the service's send %s: got %+v, want the PDF by media id with its caption", id, doc)
		}
		up, ok := e.sim.Media(doc.ID)
		if sum := sha256.Sum256(pdf); !ok || !up.Uploaded || up.SHA256 != hex.EncodeToString(sum[:]) || up.PhoneNumberID != socialNumber.PhoneNumberID {
			t.Errorf("uploaded media %s: got %+v, want the PDF's bytes read from S3 for the linked number", doc.ID, up)
		}
	})

	t.Run("a STOP opts the person out", func(t *testing.T) {
		if _, err := e.sim.Inject(ctx, simulator.Inbound{From: phone, PhoneNumberID: socialNumber.PhoneNumberID, Text: "STOP"}); err != nil {
			t.Fatal(err)
		}
		eventually(t, 30*time.Second, "the opt-out", func() bool {
			s, err := e.store.GetSuppression(ctx, org, phone)
			return err == nil && s.OptedOut
		})
		r := call(t, "POST", "/api/whatsapp/send", staff, fmt.Sprintf(
			`{"job_id": %d, "phone_number": %q, "template_id": %d, "variables": {"tenant_first_name": "Sam", "appointment_date": "Tuesday", "time_window": "08:00-12:00"}}`, jobID, phone, tpl.ID))
		if r.Status != 422 || r.Body["error"] != messaging.MsgOptedOut {
			t.Errorf("send after STOP: got %d %s, want 422 %q", r.Status, r.Raw, messaging.MsgOptedOut)
		}
	})
}

// callsSince returns the requests to the service (the simulator) made after the snapshot before.
func callsSince(before map[string]int) map[string]int {
	d := map[string]int{}
	for op, n := range e.sim.SocialCalls() {
		if n > before[op] {
			d[op] = n - before[op]
		}
	}
	return d
}

// TestSocialRequestFigures logs, for Meta (the demo organisation) and End User Messaging Social
// in the same run, the AWS requests the functions make for one template send (API and sender),
// one status event and one inbound text, measured as TestInboundRequestFigures measures them,
// and the requests to the social-messaging service itself.
func TestSocialRequestFigures(t *testing.T) {
	ctx := context.Background()
	o := linkSocialOrg(t, "aws-social-figures", socialFiguresNumber)
	type provider struct {
		name   string
		send   func(t *testing.T, phone string) string
		inject func(phone, text string)
		note   func(t *testing.T, wamid string) (messaging.CaseNote, bool)
	}
	socialNote := func(t *testing.T, wamid string) (messaging.CaseNote, bool) {
		notes, _, err := e.store.ListCaseNotes(ctx, o.org, o.jobID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range notes {
			if n.ProviderMessage == wamid {
				return n, true
			}
		}
		return messaging.CaseNote{}, false
	}
	providers := []provider{
		{"meta", sendTemplate, func(phone, text string) {
			if _, err := e.sim.InjectText(phone, "Sam", text); err != nil {
				t.Fatal(err)
			}
		}, noteOf},
		{"aws-social", func(t *testing.T, phone string) string {
			r := call(t, "POST", "/api/whatsapp/send", o.staff, fmt.Sprintf(`{"job_id": %d, "phone_number": %q, "template_id": %d, "variables": {"tenant_first_name": "Sam", "appointment_date": "Tuesday", "time_window": "08:00-12:00"}}`, o.jobID, phone, o.tpl.ID))
			data, _ := r.Body["data"].(map[string]any)
			id, _ := data["message_id"].(string)
			if r.Status != http.StatusOK || id == "" {
				t.Fatalf("send: got %d %s, want 200", r.Status, r.Raw)
			}
			return id
		}, func(phone, text string) {
			if _, err := e.sim.Inject(ctx, simulator.Inbound{From: phone, ProfileName: "Sam", PhoneNumberID: socialFiguresNumber.PhoneNumberID, Text: text}); err != nil {
				t.Fatal(err)
			}
		}, socialNote},
	}
	for _, p := range providers {
		t.Run(p.name, func(t *testing.T) {
			phone := newPhone()
			settle(t)
			before, calls := functionCounts(), e.sim.SocialCalls()
			wamid := p.send(t, phone)
			eventually(t, 20*time.Second, "the send's case note", func() bool { n, ok := p.note(t, wamid); return ok && n.ProviderMessage != "" })
			settle(t)
			t.Logf("%s: AWS requests by the functions for one template send: %s; provider requests %v", p.name, figures(since(before)), callsSince(calls))

			before, calls = functionCounts(), e.sim.SocialCalls()
			if _, err := e.sim.SendStatus(ctx, wamid, simulator.StatusDelivered, 0, simulator.WebhookOptions{}); err != nil {
				t.Fatal(err)
			}
			eventually(t, 20*time.Second, "delivered", func() bool { n, ok := p.note(t, wamid); return ok && n.Status == messaging.StatusDelivered })
			settle(t)
			t.Logf("%s: AWS requests by the functions for one status event: %s; provider requests %v", p.name, figures(since(before)), callsSince(calls))

			before, calls = functionCounts(), e.sim.SocialCalls()
			p.inject(phone, "Thanks, see you then")
			settle(t)
			t.Logf("%s: AWS requests by the functions for one inbound text event (job known): %s; provider requests %v", p.name, figures(since(before)), callsSince(calls))
		})
	}
}

// addSocialCalls adds the requests the simulator's End User Messaging Social received to calls,
// under the function whose access key signed them, so that the after-run check holds them
// against that function's IAM policy like its AWS calls (they never pass the counting proxy).
func addSocialCalls(calls map[string]map[local.Call]int, policies map[string]local.Policy) {
	owner := map[string]string{}
	for fn := range policies {
		owner[local.FunctionAccessKey(fn)] = fn
	}
	for c, n := range e.sim.SocialCallsBy() {
		fn, ok := owner[c.AccessKey]
		if !ok {
			continue // the tests' own requests
		}
		if calls[fn] == nil {
			calls[fn] = map[local.Call]int{}
		}
		calls[fn][local.Call{Operation: c.Action, Resource: c.Resource}] += n
	}
}
