package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// Conversation items, beside the table in doc.go:
//
//	conversation          ORG#<org>#CONV#<conv id>  CONV                    ORG#<org>#CONVS / <last activity>#<id>
//	conversation message  ORG#<org>#CONV#<conv id>  MSG#<time>#<wamid|id>   -
//	message status        ORG#<org>#CONV#<conv id>  STATUS#<our id>         -
//
// The conversation id is messaging.ConversationID, so a send can reach the conversation of its
// recipient without a lookup.
const (
	skConversation  = "CONV"
	skConvMsgPrefix = "MSG#"
	// convTimeLayout is fixed-width, so that sort keys order by time.
	convTimeLayout = "2006-01-02T15:04:05.000000000Z"
)

func convPK(org, id string) string { return orgPK(org) + "#CONV#" + id }

func convKey(org, id string) key { return key{convPK(org, id), skConversation} }

func convListPK(org string) string { return orgPK(org) + "#CONVS" }

func convTime(t time.Time) string { return t.UTC().Format(convTimeLayout) }

// conversationItem is one conversation.
type conversationItem struct {
	key
	ID             string    `dynamodbav:"conv_id"`
	OrgID          string    `dynamodbav:"org_id"`
	PhoneNumberID  string    `dynamodbav:"phone_number_id"`
	Phone          string    `dynamodbav:"phone"`
	ProfileName    string    `dynamodbav:"profile_name"`
	LastInboundAt  time.Time `dynamodbav:"last_inbound_at"`
	LastOutboundAt time.Time `dynamodbav:"last_outbound_at"`
	LastActivityAt time.Time `dynamodbav:"last_activity_at"`
	LastJobID      int64     `dynamodbav:"last_job_id"`
	OptedInAt      time.Time `dynamodbav:"opted_in_at"`
	OptedOut       bool      `dynamodbav:"opted_out"`
	Flags          []string  `dynamodbav:"flags,stringset,omitempty"`
	StaffUntil     time.Time `dynamodbav:"staff_until"`
	Queue          string    `dynamodbav:"queue,omitempty"`
	Role           string    `dynamodbav:"role,omitempty"`
	SiteID         string    `dynamodbav:"site_id,omitempty"`
	SiteName       string    `dynamodbav:"site_name,omitempty"`
}

func (it conversationItem) conversation() messaging.Conversation {
	return messaging.Conversation{
		ID: it.ID, OrgID: it.OrgID, PhoneNumberID: it.PhoneNumberID, Phone: it.Phone,
		ProfileName: it.ProfileName, LastInboundAt: it.LastInboundAt, LastOutboundAt: it.LastOutboundAt,
		LastActivityAt: it.LastActivityAt, LastJobID: it.LastJobID, OptedInAt: it.OptedInAt, OptedOut: it.OptedOut,
		Flags: it.Flags, StaffUntil: it.StaffUntil, Queue: it.Queue, Role: it.Role,
		SiteID: it.SiteID, SiteName: it.SiteName,
	}
}

// convUpdate starts the conversation's update: identity fields filled once, activity moved on.
func convUpdate(org, pnid, phone, id string, at time.Time) *update {
	u := newUpdate()
	u.setIfNotExists("conv_id", sv(id))
	u.setIfNotExists("org_id", sv(org))
	u.setIfNotExists("phone_number_id", sv(pnid))
	u.setIfNotExists("phone", sv(phone))
	u.set("GSI1PK", sv(convListPK(org)))
	u.set("GSI1SK", sv(convTime(at)+"#"+id))
	u.set("last_activity_at", timeAV(at))
	return u
}

// RecordInbound stores a person's message in their conversation and moves the conversation's
// window on (AdvanceConversation), in two writes, both safe to repeat.
func (s *Store) RecordInbound(ctx context.Context, in messaging.InboundRecord) (messaging.Conversation, error) {
	id := messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone)
	if err := s.putConvMessage(ctx, in.OrgID, id, in.Message); err != nil {
		return messaging.Conversation{}, err
	}
	return s.AdvanceConversation(ctx, in)
}

// AdvanceConversation moves a person's conversation on for their message, in one UpdateItem
// safe to repeat: the window, the activity, the profile name and the opt-out flag. It returns
// the conversation as it now stands: the first message sets OptedInAt to its own time. A
// message older than the conversation's latest inbound one (a webhook delivered late) moves
// nothing back: not the window, the activity, the profile name nor the opt-out flag.
func (s *Store) AdvanceConversation(ctx context.Context, in messaging.InboundRecord) (messaging.Conversation, error) {
	id := messaging.ConversationID(in.OrgID, in.PhoneNumberID, in.Phone)
	at := in.Message.At
	u := convUpdate(in.OrgID, in.PhoneNumberID, in.Phone, id, at)
	u.set("last_inbound_at", timeAV(at))
	u.set("last_inbound_ms", nv(at.UnixMilli()))
	u.condition("attribute_not_exists(#last_inbound_ms) OR #last_inbound_ms <= :last_inbound_ms")
	u.setIfNotExists("opted_in_at", timeAV(at))
	if in.ProfileName != "" {
		u.set("profile_name", sv(in.ProfileName))
	}
	if in.OptOut != nil {
		u.set("opted_out", &ddb.AttributeValueMemberBOOL{Value: *in.OptOut})
	}
	conv, err := s.updateConversation(ctx, in.OrgID, id, u)
	if old, stale := conditionFailed(err); stale {
		var it conversationItem
		if err := attributevalue.UnmarshalMap(old, &it); err != nil {
			return messaging.Conversation{}, fmt.Errorf("dynamo: update conversation %s of %s: decode: %w", id, in.OrgID, err)
		}
		return it.conversation(), nil
	}
	return conv, err
}

// LinkJob records that a message about a job went to the person: the conversation learns its
// latest job, so the person's replies land on that job's case notes. One UpdateItem.
func (s *Store) LinkJob(ctx context.Context, orgID, phoneNumberID, phone string, jobID int64, at time.Time) error {
	return s.linkJob(ctx, orgID, phoneNumberID, phone, jobID, messaging.Identity{}, at)
}

// linkJob is LinkJob that also records who the person is, as far as it is known.
func (s *Store) linkJob(ctx context.Context, orgID, phoneNumberID, phone string, jobID int64, who messaging.Identity, at time.Time) error {
	id := messaging.ConversationID(orgID, phoneNumberID, phone)
	u := convUpdate(orgID, phoneNumberID, phone, id, at)
	u.set("last_outbound_at", timeAV(at))
	if jobID > 0 {
		u.set("last_job_id", nv(jobID))
	}
	if who.Role != "" {
		u.set("role", sv(who.Role))
	}
	if who.SiteID != "" {
		u.set("site_id", sv(who.SiteID))
		u.set("site_name", sv(who.SiteName))
	}
	_, err := s.updateConversation(ctx, orgID, id, u)
	return err
}

// RecordOutbound stores a message the organisation sent in the person's conversation and links
// the conversation to its job: two writes.
func (s *Store) RecordOutbound(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage) error {
	return s.RecordReply(ctx, orgID, phoneNumberID, phone, m, messaging.Identity{})
}

// RecordReply is RecordOutbound for the assistant's reply to a person it identified: the
// conversation's update also records their role and site (an empty field leaves what the
// conversation holds). Two writes.
func (s *Store) RecordReply(ctx context.Context, orgID, phoneNumberID, phone string, m messaging.ConversationMessage, who messaging.Identity) error {
	id := messaging.ConversationID(orgID, phoneNumberID, phone)
	if err := s.putConvMessage(ctx, orgID, id, m); err != nil {
		return err
	}
	return s.linkJob(ctx, orgID, phoneNumberID, phone, m.JobID, who, m.At)
}

func (s *Store) updateConversation(ctx context.Context, orgID, id string, u *update) (messaging.Conversation, error) {
	in := u.input(s.table, convKey(orgID, id))
	in.ReturnValues = ddb.ReturnValueAllNew
	res, err := s.db.UpdateItem(ctx, in)
	if err != nil {
		return messaging.Conversation{}, fmt.Errorf("dynamo: update conversation %s of %s: %w", id, orgID, err)
	}
	var it conversationItem
	if err := attributevalue.UnmarshalMap(res.Attributes, &it); err != nil {
		return messaging.Conversation{}, fmt.Errorf("dynamo: update conversation %s of %s: decode: %w", id, orgID, err)
	}
	return it.conversation(), nil
}

// GetConversation returns one conversation, or not found.
func (s *Store) GetConversation(ctx context.Context, orgID, id string) (messaging.Conversation, error) {
	var it conversationItem
	found, err := s.get(ctx, convKey(orgID, id), false, &it)
	if err != nil {
		return messaging.Conversation{}, fmt.Errorf("dynamo: get conversation %s of %s: %w", id, orgID, err)
	}
	if !found {
		return messaging.Conversation{}, messaging.Errorf(messaging.CodeNotFound, messaging.MsgConversationAbsent)
	}
	return it.conversation(), nil
}

// ListConversations returns a page of the organisation's conversations, latest activity first,
// and how many there are. It reads GSI1 (eventually consistent).
func (s *Store) ListConversations(ctx context.Context, orgID string, limit, offset int) ([]messaging.Conversation, int, error) {
	var all []conversationItem
	p := ddb.NewQueryPaginator(s.db, &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(convListPK(orgID))},
		ScanIndexForward:          aws.Bool(false),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, 0, fmt.Errorf("dynamo: list conversations of %s: %w", orgID, err)
		}
		var items []conversationItem
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, 0, fmt.Errorf("dynamo: list conversations of %s: decode: %w", orgID, err)
		}
		all = append(all, items...)
	}
	lo, hi := convPage(len(all), limit, offset)
	out := make([]messaging.Conversation, 0, hi-lo)
	for _, it := range all[lo:hi] {
		out = append(out, it.conversation())
	}
	return out, len(all), nil
}

// convPage bounds a page of n items; a limit of zero or less takes everything from offset.
func convPage(n, limit, offset int) (int, int) {
	lo := min(max(offset, 0), n)
	hi := n
	if limit > 0 {
		hi = min(lo+limit, n)
	}
	return lo, hi
}
