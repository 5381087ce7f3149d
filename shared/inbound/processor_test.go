package inbound

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

func statusEvent(st messaging.Status, at time.Time, errs ...messaging.StatusError) whatsapp.Inbound {
	return whatsapp.Inbound{OrgID: "o1", Event: whatsapp.Event{Provider: "meta", PhoneNumberID: "pn1", Status: &whatsapp.StatusUpdate{
		MessageID: "wamid.S1", Status: st, Timestamp: at, RecipientID: "447700900123",
		CallbackData: "v1|o1|1050|01JNOTE", Errors: errs,
	}}}
}

func textEvent(wamid, text string, at time.Time) whatsapp.Inbound {
	return whatsapp.Inbound{OrgID: "o1", Event: whatsapp.Event{Provider: "meta", PhoneNumberID: "pn1", Message: &whatsapp.InboundMessage{
		ID: wamid, From: "447700900123", ProfileName: "Sam", Timestamp: at, Type: whatsapp.TypeText, Text: text,
	}}}
}

// TestEveryStatusReachesTheStore: the processor hands every status to the store as an
// amendment of its note, in the order it came; keeping statuses forward-only is the store's
// rule (a DynamoDB condition), checked on moto by TestStatusesForwardOnly and, for the fake, by
// the conformance suite dynamo/storetest.
func TestEveryStatusReachesTheStore(t *testing.T) {
	p, st, _, _ := newProcessor()
	order := []messaging.Status{"read", "sent", "failed", "delivered"}
	for i, s := range order {
		var errs []messaging.StatusError
		if s == messaging.StatusFailed {
			errs = []messaging.StatusError{{Code: 131026, Title: "Message undeliverable"}}
		}
		if err := p.Process(context.Background(), statusEvent(s, t0.Add(time.Duration(i)*time.Second), errs...)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, n := range st.written {
		at := n.StatusHistory[0].At.Sub(t0)
		got = append(got, fmt.Sprintf("%s %s job %d %s at %v, %d errors", n.ID, n.ProviderMessage, n.JobID, n.Status, at, len(n.Errors)))
	}
	want := []string{
		"01JNOTE wamid.S1 job 1050 read at 0s, 0 errors",
		"01JNOTE wamid.S1 job 1050 sent at 1s, 0 errors",
		"01JNOTE wamid.S1 job 1050 failed at 2s, 1 errors",
		"01JNOTE wamid.S1 job 1050 delivered at 3s, 0 errors",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("note amendments (-want +got):\n%s", diff)
	}
}

// TestStatusTakesNoClaim: a status is applied without an event claim (two writes fewer), and
// a replayed one, even after a later status, changes nothing.
func TestStatusTakesNoClaim(t *testing.T) {
	p, st, _, _ := newProcessor()
	var calls []string
	st.Fail = func(method, _ string) error {
		calls = append(calls, method)
		return nil
	}
	sent, read := statusEvent(messaging.StatusSent, t0), statusEvent(messaging.StatusRead, t0.Add(time.Second))
	for _, ev := range []whatsapp.Inbound{sent, read, sent, read} {
		if err := p.Process(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range calls {
		if c == "ClaimEvent" || c == "CompleteEvent" || c == "ReleaseEvent" {
			t.Errorf("store calls %v, want no event claim for a status", calls)
			break
		}
	}
	n := st.note("01JNOTE")
	var hist []messaging.Status
	for _, h := range n.StatusHistory {
		hist = append(hist, h.Status)
	}
	if diff := cmp.Diff([]messaging.Status{messaging.StatusSent, messaging.StatusRead}, hist); n.Status != messaging.StatusRead || diff != "" {
		t.Errorf("note status %s, history (-want +got):\n%s", n.Status, diff)
	}
	if state, wamid := st.SendState("o1", "01JNOTE"); state != "sent" || wamid != "wamid.S1" {
		t.Errorf("send record = %s %s, want sent wamid.S1", state, wamid)
	}
}

func TestStatusResolvesTheSend(t *testing.T) {
	p, st, _, _ := newProcessor()
	if err := p.Process(context.Background(), statusEvent(messaging.StatusSent, t0)); err != nil {
		t.Fatal(err)
	}
	if state, got := st.SendState("o1", "01JNOTE"); state != "sent" || got != "wamid.S1" {
		want := "wamid.S1"
		t.Errorf("send record of 01JNOTE resolved to %q, want %q (a send of unknown outcome must not go again)", got, want)
	}
}

func TestStatusWithoutOurCallbackIsKept(t *testing.T) {
	for _, cb := range []string{"", "v1|other-org|1050|01X", "garbage"} {
		t.Run(fmt.Sprintf("callback %q", cb), func(t *testing.T) {
			p, st, _, m := newProcessor()
			ev := statusEvent(messaging.StatusDelivered, t0)
			ev.Event.Status.CallbackData = cb
			if err := p.Process(context.Background(), ev); err != nil {
				t.Fatal(err)
			}
			if got := st.orphans["wamid.S1"]; got != messaging.StatusDelivered {
				t.Errorf("orphan: got %q, want delivered", got)
			}
			if len(st.Notes("o1")) != 0 || m.Counts()[MetricOrphanStatuses] != 1 {
				t.Errorf("notes %d, orphan count %v: want no note and one orphan", len(st.Notes("o1")), m.Counts()[MetricOrphanStatuses])
			}
		})
	}
}

func TestFailed131050SuppressesMarketing(t *testing.T) {
	p, st, _, _ := newProcessor()
	if err := p.Process(context.Background(), statusEvent(messaging.StatusFailed, t0, messaging.StatusError{Code: 131050, Title: "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages"})); err != nil {
		t.Fatal(err)
	}
	if _, ok := st.marketing["+447700900123"]; !ok {
		t.Error("recipient not suppressed for marketing")
	}
	if got := st.note("01JNOTE").Errors; len(got) != 1 || got[0].Code != 131050 {
		t.Errorf("note errors: got %+v, want the 131050 error", got)
	}
}

func TestReplayedMessageHasOneEffect(t *testing.T) {
	p, st, _, m := newProcessor()
	st.linkJob("o1", "+447700900123", 1050)
	ev := textEvent("wamid.M1", "The tap is still leaking", t0)
	for range 3 {
		if err := p.Process(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	if st.inboundRecs != 1 || m.Counts()[MetricInboundMessages] != 1 {
		t.Errorf("recorded %d times, counted %v; want once", st.inboundRecs, m.Counts()[MetricInboundMessages])
	}
	conv := st.convs[messaging.ConversationID("o1", "pn1", "+447700900123")]
	if !conv.LastInboundAt.Equal(t0) || conv.ProfileName != "Sam" {
		t.Errorf("conversation: got %+v", conv)
	}
	var notes []string
	for _, n := range st.Notes("o1") {
		notes = append(notes, fmt.Sprintf("%d %s %s %s", n.JobID, n.Direction, n.AuthorName, n.Text))
	}
	if diff := cmp.Diff([]string{"1050 inbound Sam The tap is still leaking"}, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func TestFailedWorkIsRetried(t *testing.T) {
	p, st, _, _ := newProcessor()
	st.linkJob("o1", "+447700900123", 1050)
	st.Fail = func(string, string) error { return errBoom }
	ev := textEvent("wamid.M2", "hello", t0)
	if err := p.Process(context.Background(), ev); err == nil {
		t.Fatal("got nil, want the note's failure")
	}
	st.Fail = nil
	if err := p.Process(context.Background(), ev); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if len(st.Notes("o1")) != 1 {
		t.Errorf("notes after retry: got %d, want 1", len(st.Notes("o1")))
	}
}

func TestStopAndStart(t *testing.T) {
	p, st, pr, m := newProcessor()
	ctx := context.Background()
	steps := []struct {
		ev        whatsapp.Inbound
		wantOut   bool
		wantSends int
	}{
		{textEvent("wamid.1", "Stop!", t0), true, 1},
		{textEvent("wamid.1", "Stop!", t0), true, 1}, // replay: no second confirmation
		{textEvent("wamid.2", "stop the leak please", t0.Add(time.Minute)), true, 1},
		{textEvent("wamid.3", " START ", t0.Add(2*time.Minute)), false, 2},
	}
	for i, s := range steps {
		if err := p.Process(ctx, s.ev); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := st.optOut["+447700900123"]; got != s.wantOut {
			t.Errorf("step %d: opted out %v, want %v", i, got, s.wantOut)
		}
		if len(pr.Texts()) != s.wantSends {
			t.Errorf("step %d: %d confirmations, want %d", i, len(pr.Texts()), s.wantSends)
		}
	}
	want := []string{"+447700900123: " + messaging.OptOutConfirmation, "+447700900123: " + messaging.OptInConfirmation}
	if diff := cmp.Diff(want, pr.Texts()); diff != "" {
		t.Errorf("confirmations (-want +got):\n%s", diff)
	}
	if m.Counts()[MetricOptOuts] != 1 || m.Counts()[MetricOptIns] != 1 {
		t.Errorf("metrics: %v", m.Counts())
	}
	conv := st.convs[messaging.ConversationID("o1", "pn1", "+447700900123")]
	if conv.OptedOut || len(st.msgs[conv.ID]) != 5 {
		t.Errorf("conversation opted out %v with %d messages, want false with 5 (3 in, 2 out)", conv.OptedOut, len(st.msgs[conv.ID]))
	}
}

func TestStopConfirmationRetriedOnlyWhenTransient(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantErr   bool
		wantCalls int
	}{
		{"transient is retried", &whatsapp.Error{HTTPStatus: 503, Code: 131000}, true, 2},
		{"permanent is given up", &whatsapp.Error{HTTPStatus: 400, Code: 131047}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, st, pr, _ := newProcessor()
			pr.TextFunc = func(whatsapp.Account, string, string) (string, error) { return "", tt.err }
			ev := textEvent("wamid.9", "STOP", t0)
			err := p.Process(context.Background(), ev)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err: got %v, want error %v", err, tt.wantErr)
			}
			pr.TextFunc = nil
			if err := p.Process(context.Background(), ev); err != nil {
				t.Fatal(err)
			}
			if len(pr.Accounts()) != tt.wantCalls || !st.optOut["+447700900123"] {
				t.Errorf("provider calls %d (want %d), opted out %v", len(pr.Accounts()), tt.wantCalls, st.optOut["+447700900123"])
			}
		})
	}
}

func TestTemplatePreferenceAndAlerts(t *testing.T) {
	p, st, _, m := newProcessor()
	ctx := context.Background()
	evs := []whatsapp.Event{
		{TemplateUpdate: &whatsapp.TemplateStatusUpdate{TemplateID: "9", Name: "welcome", Language: "en_GB", Event: "APPROVED", Timestamp: t0}},
		{TemplateUpdate: &whatsapp.TemplateStatusUpdate{TemplateID: "8", Name: "unknown", Language: "en_GB", Event: "REJECTED", Timestamp: t0}},
		{Preference: &whatsapp.PreferenceUpdate{WAID: "447700900999", Category: "marketing_messages", Value: whatsapp.PreferenceStop, Timestamp: t0}},
		{Error: &whatsapp.WebhookError{Code: 190, Title: "Access token has expired"}},
		{Error: &whatsapp.WebhookError{Code: 131000, Title: "Something went wrong"}},
		{Field: "account_alerts", Other: &whatsapp.RawChange{Field: "account_alerts", Value: json.RawMessage(`{"alert_type":"x"}`)}},
	}
	for _, ev := range evs {
		if err := p.Process(ctx, whatsapp.Inbound{OrgID: "o1", Event: ev}); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.templates["welcome/en_GB"]; got != "APPROVED" {
		t.Errorf("template status: got %s, want APPROVED", got)
	}
	if _, ok := st.marketing["+447700900999"]; !ok {
		t.Error("marketing stop not recorded")
	}
	want := map[string]float64{MetricTemplateUpdates: 2, MetricProviderAuth: 1, MetricWebhookErrors: 2, MetricAccountAlerts: 1}
	if diff := cmp.Diff(want, m.Counts()); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}
}

func TestHandlerOneBadRecordKeepsTheOthers(t *testing.T) {
	p, st, _, _ := newProcessor()
	st.Fail = memstore.FailOn("UpsertCaseNote", "01JBAD", errBoom)
	body := func(in whatsapp.Inbound) string { b, _ := json.Marshal(in); return string(b) }
	good := statusEvent(messaging.StatusRead, t0)
	bad := statusEvent(messaging.StatusRead, t0)
	bad.Event.Status.MessageID, bad.Event.Status.CallbackData, bad.Event.Status.RecipientID = "wamid.BAD", "v1|o1|1050|01JBAD", "447700900555"
	sameGroupAfterBad := textEvent("wamid.after", "hi", t0)
	sameGroupAfterBad.Event.Message.From = "447700900555"
	ev := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "1", Body: "{not json", Attributes: map[string]string{"MessageGroupId": "g0"}},
		{MessageId: "2", Body: body(bad), Attributes: map[string]string{"MessageGroupId": bad.GroupKey()}},
		{MessageId: "3", Body: body(sameGroupAfterBad), Attributes: map[string]string{"MessageGroupId": sameGroupAfterBad.GroupKey()}},
		{MessageId: "4", Body: body(good), Attributes: map[string]string{"MessageGroupId": good.GroupKey()}},
	}}
	resp, err := (&Handler{Processor: p}).Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	if diff := cmp.Diff([]string{"1", "2", "3"}, failed); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	if got := st.note("01JNOTE").Status; got != messaging.StatusRead {
		t.Errorf("good record's note: got %q, want read", got)
	}
	if st.inboundRecs != 0 {
		t.Error("a record behind a failed one in its group was processed")
	}
}

func FuzzDecode(f *testing.F) {
	b, _ := json.Marshal(textEvent("wamid.F", "STOP", t0))
	f.Add(b)
	b, _ = json.Marshal(statusEvent(messaging.StatusRead, t0))
	f.Add(b)
	f.Add([]byte(`{"org_id":"o1","event":{}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := Decode(body)
		if err != nil {
			return
		}
		if in.OrgID == "" || in.Event.PayloadCount() != 1 {
			t.Fatalf("accepted %q without an organisation or one payload", body)
		}
		p, _, _, _ := newProcessor()
		_ = p.Process(context.Background(), in)
	})
}

// TestLateKeywordIsNotConfirmed: a STOP delivered after a later START (Meta retried it) changes
// nothing, so it must not tell the person they were unsubscribed.
func TestLateKeywordIsNotConfirmed(t *testing.T) {
	p, st, pr, m := newProcessor()
	ctx := context.Background()
	for _, ev := range []whatsapp.Inbound{
		textEvent("wamid.2", "START", t0.Add(time.Minute)),
		textEvent("wamid.1", "STOP", t0), // said first, delivered last
	} {
		if err := p.Process(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if st.optOut["+447700900123"] {
		t.Errorf("opted out: got true, want false (the later START stands)")
	}
	want := []string{"+447700900123: " + messaging.OptInConfirmation}
	if diff := cmp.Diff(want, pr.Texts()); diff != "" {
		t.Errorf("confirmations (-want +got):\n%s", diff)
	}
	if m.Counts()[MetricOptOuts] != 0 {
		t.Errorf("opt-outs counted: got %v, want 0", m.Counts()[MetricOptOuts])
	}
}

// TestFailedStepReleasesTheMessage: a step that fails after the message's claim releases it, so
// the queue's next delivery (no lease to wait out) finishes the message: one message, one note;
// the turn is queued again only when the failure came after it (the queue drops the repeat).
func TestFailedStepReleasesTheMessage(t *testing.T) {
	for _, tt := range []struct {
		method    string
		wantTurns int
	}{
		{"AdvanceConversation", 1},
		{"CompleteInbound", 2},
	} {
		t.Run(tt.method, func(t *testing.T) {
			p, st, _, _ := newProcessor()
			q := &fakeTurns{}
			p.Assistant = q
			st.linkJob("o1", "+447700900123", 1050)
			st.Fail = func(method, _ string) error {
				if method == tt.method {
					return errBoom
				}
				return nil
			}
			ev := textEvent("wamid.F1", "Any news?", t0)
			if err := p.Process(context.Background(), ev); !errors.Is(err, errBoom) {
				t.Fatalf("first attempt: got %v, want the failure", err)
			}
			st.Fail = nil
			if err := p.Process(context.Background(), ev); err != nil {
				t.Fatalf("next delivery: %v", err)
			}
			if err := p.Process(context.Background(), ev); err != nil {
				t.Fatalf("replay: %v", err)
			}
			conv := messaging.ConversationID("o1", "pn1", "+447700900123")
			if got := len(st.msgs[conv]); got != 1 {
				t.Errorf("messages: got %d, want 1", got)
			}
			if got := len(st.Notes("o1")); got != 1 {
				t.Errorf("notes: got %d, want 1", got)
			}
			if len(q.turns) != tt.wantTurns {
				t.Errorf("turns queued: got %d, want %d", len(q.turns), tt.wantTurns)
			}
		})
	}
}

// TestTwilioRetryIsRecordedOnce: Twilio sends no time, so a retry of its webhook carries the
// time it was received again; the event claim by MessageSid still records it once. A Meta
// message takes no event claim: its own item is the claim.
func TestTwilioRetryIsRecordedOnce(t *testing.T) {
	p, st, _, _ := newProcessor()
	q := &fakeTurns{}
	p.Assistant = q
	st.linkJob("o1", "+447700900123", 1050)
	for i := range 2 {
		ev := textEvent("SM0123", "Is anyone coming today?", t0.Add(time.Duration(i)*10*time.Minute))
		ev.Event.Provider = messaging.ProviderTwilio
		if err := p.Process(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(st.msgs[messaging.ConversationID("o1", "pn1", "+447700900123")]); got != 1 || len(st.Notes("o1")) != 1 || len(q.turns) != 1 {
		t.Errorf("got %d messages, %d notes, %d turns; want 1 each", got, len(st.Notes("o1")), len(q.turns))
	}
	if c, err := st.ClaimEvent(context.Background(), "o1", "msg#SM0123", t0.Add(time.Hour), time.Minute); err != nil || !c.Done {
		t.Errorf("Twilio's event claim: got %+v, %v; want done", c, err)
	}
	if err := p.Process(context.Background(), textEvent("wamid.M9", "hello", t0)); err != nil {
		t.Fatal(err)
	}
	if c, err := st.ClaimEvent(context.Background(), "o1", "msg#wamid.M9", t0.Add(time.Hour), time.Minute); err != nil || !c.Acquired {
		t.Errorf("Meta's event claim: got %+v, %v; want none taken", c, err)
	}
}
