//go:build e2e

package e2e

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// closeWindow moves the demo conversation with phone's last inbound message back 25 hours, as
// if the person last wrote yesterday (the window closes; nothing else changes). The
// conversation item's key is the store's: ORG#<org>#CONV#<id>, CONV.
func closeWindow(t *testing.T, phone string) {
	t.Helper()
	db := awsdynamodb.NewFromConfig(e.stack.AWSConfig())
	_, err := db.UpdateItem(context.Background(), &awsdynamodb.UpdateItemInput{
		TableName: aws.String(e.stack.Resource("Table")),
		Key: map[string]types.AttributeValue{
			"PK": &types.AttributeValueMemberS{Value: "ORG#" + e.demo.OrgID + "#CONV#" + convID(phone)},
			"SK": &types.AttributeValueMemberS{Value: "CONV"},
		},
		UpdateExpression:          aws.String("SET last_inbound_at = :t"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberS{Value: time.Now().Add(-25 * time.Hour).UTC().Format(time.RFC3339Nano)}},
	})
	var ccf *types.ConditionalCheckFailedException
	if err != nil && !errors.As(err, &ccf) { // no conversation yet: the window is closed already
		t.Fatal(err)
	}
}

// ticketReply posts a staff message on a ticket of the demo with token.
func ticketReply(t *testing.T, token, ref, text, key string) reply {
	t.Helper()
	return call(t, "POST", "/api/property/tickets/"+ref+"/messages", token, `{"text":`+mustJSON(text)+`}`, "Idempotency-Key", key)
}

// outboundText returns the outbound messages of the demo's conversation with phone whose text
// contains s.
func outboundText(t *testing.T, phone, s string) []messaging.ConversationMessage {
	t.Helper()
	var out []messaging.ConversationMessage
	for _, m := range messagesOf(t, phone) {
		if m.Direction == messaging.DirectionOutbound && strings.Contains(m.Text, s) {
			out = append(out, m)
		}
	}
	return out
}

// TestStaffTicketReplyReachesTheResident: a staff message on TKT-2026-0042 (Jane, the demo
// resident, reported it) reaches her as the ticket_update template while her window is closed
// and as free text once she has written, each once however often the request is retried, each
// kept on the ticket and in her conversation; without the template the API answers 422 and
// nothing is saved or sent; another organisation's admin gets 404 and nothing goes.
func TestStaffTicketReplyReachesTheResident(t *testing.T) {
	jane := e.demo.ResidentPhone
	staff := mint(t, e.demo.OrgID, admin.AllPermissions...)
	ctx := context.Background()
	t.Cleanup(func() { callConv(t, "DELETE", convID(jane), "/handover", "") })
	closeWindow(t, jane)
	sentBefore := len(sentTo(jane))
	tk, err := e.store.Ticket(ctx, e.demo.OrgID, "TKT-2026-0042")
	if err != nil {
		t.Fatal(err)
	}
	if tk.ReporterID != admin.DemoResidentContact {
		t.Fatalf("TKT-2026-0042's reporter: got %s, want %s", tk.ReporterID, admin.DemoResidentContact)
	}

	// Outside the window: the template, once for two tries with one key.
	stamp := time.Now().Format("150405.000")
	outside := "The roofer is booked for Tuesday morning (" + stamp + ")."
	var first reply
	for range 2 {
		first = ticketReply(t, staff, "TKT-2026-0042", outside, "tkt-out-"+stamp)
		if first.Status != http.StatusOK {
			t.Fatalf("reply outside the window: got %d %s, want 200", first.Status, first.Raw)
		}
	}
	data, _ := first.Body["data"].(map[string]any)
	if data["delivery"] != "template" || first.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("outside the window: got %s (replayed %q), want the template, replayed", first.Raw, first.Header.Get("Idempotent-Replayed"))
	}
	sent := sentTo(jane)[sentBefore:]
	if len(sent) != 1 || sent[0].Template != "ticket_update" {
		t.Fatalf("the provider received %+v, want one ticket_update", sent)
	}
	params := sent[0].Request.Template.Components[0].Parameters
	if len(params) != 2 || params[0].Text != "TKT-2026-0042" || params[1].Text != outside {
		t.Errorf("ticket_update parameters: got %+v, want the reference and the excerpt", params)
	}

	// The resident writes: her window opens, and the next staff message goes as free text.
	if _, err := e.sim.InjectText(jane, "Jane Smith", "Thanks, will someone call first?"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "Jane's message in her conversation", func() bool {
		c, err := e.store.GetConversation(ctx, e.demo.OrgID, convID(jane))
		return err == nil && time.Since(c.LastInboundAt) < time.Minute
	})
	inside := "Yes, he will ring 30 minutes before (" + stamp + ")."
	r := ticketReply(t, staff, "TKT-2026-0042", inside, "tkt-in-"+stamp)
	if d, _ := r.Body["data"].(map[string]any); r.Status != http.StatusOK || d["delivery"] != "text" {
		t.Fatalf("reply inside the window: got %d %s, want 200 text", r.Status, r.Raw)
	}
	var texts []string
	for _, m := range sentTo(jane)[sentBefore:] {
		if m.Request.Text != nil && strings.Contains(m.Request.Text.Body, stamp) {
			texts = append(texts, m.Request.Text.Body)
		}
	}
	if !slices.Equal(texts, []string{inside}) {
		t.Errorf("free text the provider received: got %q, want %q", texts, inside)
	}

	// Both on the ticket, once each, from staff; both in her conversation.
	tk, err = e.store.Ticket(ctx, e.demo.OrgID, "TKT-2026-0042")
	if err != nil {
		t.Fatal(err)
	}
	var onTicket []string
	for _, m := range tk.Messages {
		if strings.Contains(m.Text, stamp) && m.AuthorKind == "staff" {
			onTicket = append(onTicket, m.Text)
		}
	}
	if !slices.Equal(onTicket, []string{outside, inside}) {
		t.Errorf("staff messages on the ticket: got %q, want %q", onTicket, []string{outside, inside})
	}
	if got := outboundText(t, jane, stamp); len(got) != 2 || got[0].Type != "template" || got[0].Template != "ticket_update" || got[1].Type != "text" {
		t.Errorf("Jane's conversation: got %+v, want the template then the text", got)
	}
	conv := callConv(t, "GET", convID(jane), "", "")
	if conv.Body["data"].(map[string]any)["staff_until"] == nil {
		t.Errorf("the conversation after a staff reply is not held for staff: %s", conv.Raw)
	}

	// Without an approved ticket_update the window-closed reply is refused whole.
	closeWindow(t, jane)
	before := len(sentTo(jane))
	withTemplate(t, "ticket_update", messaging.TemplatePaused, func() {
		r := ticketReply(t, staff, "TKT-2026-0042", "Not sent "+stamp, "tkt-none-"+stamp)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Raw, "no approved ticket_update template") {
			t.Errorf("without the template: got %d %s, want 422 naming it", r.Status, r.Raw)
		}
	})
	if tk, _ := e.store.Ticket(ctx, e.demo.OrgID, "TKT-2026-0042"); slices.ContainsFunc(tk.Messages, func(m property.TicketMessage) bool { return strings.HasPrefix(m.Text, "Not sent") }) {
		t.Error("the refused message was saved on the ticket")
	}
	// Another organisation's admin with the demo's ticket: 404, nothing sent.
	rival := mint(t, rivalOrg, admin.AllPermissions...)
	if r := ticketReply(t, rival, "TKT-2026-0042", "From elsewhere "+stamp, "tkt-rival-"+stamp); r.Status != http.StatusNotFound {
		t.Errorf("another organisation: got %d %s, want 404", r.Status, r.Raw)
	}
	if got := len(sentTo(jane)); got != before {
		t.Errorf("the provider received %d more messages to Jane after the refusals, want none", got-before)
	}
}

// withTemplate runs f while the demo's template name has status, then restores it.
func withTemplate(t *testing.T, name, status string, f func()) {
	t.Helper()
	ctx := context.Background()
	ts, err := e.store.ListTemplates(ctx, e.demo.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ts, func(x messaging.Template) bool { return x.Name == name })
	if i < 0 {
		t.Fatalf("the demo has no %s template", name)
	}
	changed := ts[i]
	changed.Status = status
	if err := e.store.PutTemplate(ctx, e.demo.OrgID, changed); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := e.store.PutTemplate(ctx, e.demo.OrgID, ts[i]); err != nil {
			t.Fatal(err)
		}
	}()
	f()
}

// TestWorkOrderInvitationReachesTheContractor: inviting Reed Plumbing (v-reed) to WO-2026-0042
// sends the contractor the work_order_invitation template with its Accept and Decline
// quick replies carrying wo:accept:/wo:decline: and the reference; the contractor's tap comes
// back through the webhook into their conversation with the payload as the reply id, and the
// assistant function takes it as a turn.
func TestWorkOrderInvitationReachesTheContractor(t *testing.T) {
	reed := e.demo.ContractorPhone
	staff := mint(t, e.demo.OrgID, admin.AllPermissions...)
	before := len(sentTo(reed))
	key := "invite-" + time.Now().Format("150405.000")
	var r reply
	for range 2 {
		r = call(t, "POST", "/api/property/work-orders/WO-2026-0042/invitations", staff, `{"vendor_id":"v-reed"}`, "Idempotency-Key", key)
		if r.Status != http.StatusOK {
			t.Fatalf("invitation: got %d %s, want 200", r.Status, r.Raw)
		}
	}
	sent := sentTo(reed)[before:]
	if len(sent) != 1 || sent[0].Template != "work_order_invitation" {
		t.Fatalf("the provider received %+v, want one work_order_invitation", sent)
	}
	if got, want := sent[0].QuickReplyPayloads(), []string{"wo:accept:WO-2026-0042", "wo:decline:WO-2026-0042"}; !slices.Equal(got, want) {
		t.Errorf("quick-reply payloads: got %q, want %q", got, want)
	}
	var params []string
	for _, p := range sent[0].Request.Template.Components[0].Parameters {
		params = append(params, p.Text)
	}
	if len(params) != 4 || params[0] != "WO-2026-0042" || params[1] != "Leaking roof" || params[2] != "Riverside Court" {
		t.Errorf("invitation parameters: got %q", params)
	}
	w, err := e.store.WorkOrder(context.Background(), e.demo.OrgID, "WO-2026-0042")
	if err != nil || !slices.Contains(w.InvitedIDs, admin.DemoContractorID) {
		t.Errorf("WO-2026-0042 after the invitation: got %+v, %v, want v-reed invited", w, err)
	}
	if got := outboundText(t, reed, "WO-2026-0042"); len(got) == 0 || got[len(got)-1].Template != "work_order_invitation" || !strings.HasSuffix(got[len(got)-1].Text, "[Accept] [Decline]") {
		t.Errorf("the contractor's conversation: got %+v, want the invitation with its buttons", got)
	}

	// The contractor taps Accept.
	tap, err := e.sim.InjectQuickReply(reed, "Alex Reed", "wo:accept:WO-2026-0042", "Accept", sent[0].WAMID)
	if err != nil {
		t.Fatal(err)
	}
	assistantHandled(t, reed, tap)
	var got *messaging.ConversationMessage
	for _, m := range inboundOf(t, reed) {
		if m.ID == tap {
			got = &m
		}
	}
	if got == nil || got.Reply == nil || got.Reply.ID != "wo:accept:WO-2026-0042" || got.ReplyTo != sent[0].WAMID {
		t.Errorf("the tap in the conversation: got %+v, want reply wo:accept:WO-2026-0042 to %s", got, sent[0].WAMID)
	}

	// Another organisation's admin with the demo's ids: 404, nothing sent.
	rival := mint(t, rivalOrg, admin.AllPermissions...)
	n := len(sentTo(reed))
	if r := call(t, "POST", "/api/property/work-orders/WO-2026-0042/invitations", rival, `{"vendor_id":"v-reed"}`); r.Status != http.StatusNotFound {
		t.Errorf("another organisation: got %d %s, want 404", r.Status, r.Raw)
	}
	if len(sentTo(reed)) != n {
		t.Error("the provider received an invitation from another organisation")
	}
}
