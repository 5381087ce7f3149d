package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// claimTTL is how long a write's idempotency key is remembered: far longer than any retry.
const claimTTL = 90 * 24 * time.Hour

// refAttempts bounds how many references CreateTicket tries when one is already taken (a
// reference written explicitly that the counter had not been raised past).
const refAttempts = 3

// propClaimItem records what a write with an idempotency key did.
type propClaimItem struct {
	key
	Ref       string `dynamodbav:"ref"`
	ExpiresAt int64  `dynamodbav:"expires_at"`
}

// CreateTicket raises a ticket with its opening message under the next TKT reference of the
// year. The idempotency key is claimed in the same transaction, so a retry (or a concurrent
// duplicate) answers the first ticket and raises no second one.
func (s *Store) CreateTicket(ctx context.Context, orgID string, t property.NewTicket) (property.Ticket, error) {
	if err := property.CheckNewTicket(t); err != nil {
		return property.Ticket{}, err
	}
	claim := propClaimKey(orgID, t.IdempotencyKey, skTicket)
	if tk, done, err := s.claimedTicket(ctx, orgID, claim); done || err != nil {
		return tk, err
	}
	now := time.Now().UTC()
	msg := t.Opening
	if msg.ID == "" {
		msg.ID = t.IdempotencyKey
	}
	if msg.At.IsZero() {
		msg.At = now
	}
	for range refAttempts {
		ref, err := s.NextRef(ctx, orgID, property.RefTicket, now.Year())
		if err != nil {
			return property.Ticket{}, err
		}
		tk := property.Ticket{Ref: ref, SiteID: t.SiteID, UnitID: t.UnitID, ReporterID: t.ReporterID,
			Category: t.Category, Priority: t.Priority, Status: "Open", Title: t.Title, CreatedAt: now}
		items, err := ticketItems(orgID, tk, []property.TicketMessage{msg}, t.IdempotencyKey)
		if err != nil {
			return property.Ticket{}, fmt.Errorf("dynamo: create ticket of %s: %w", orgID, err)
		}
		claimItem, err := attributevalue.MarshalMap(propClaimItem{key: claim, Ref: ref, ExpiresAt: now.Add(claimTTL).Unix()})
		if err != nil {
			return property.Ticket{}, fmt.Errorf("dynamo: create ticket of %s: %w", orgID, err)
		}
		writes := []ddb.TransactWriteItem{s.putNew(claimItem), s.putNew(items[0]), s.putNew(items[1])}
		_, err = s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: writes})
		switch failed := cancelled(err); {
		case err == nil:
			tk.Messages = []property.TicketMessage{msg}
			return tk, nil
		case failed(0): // a duplicate got there first
			if tk, done, err := s.claimedTicket(ctx, orgID, claim); done || err != nil {
				return tk, err
			}
			return property.Ticket{}, fmt.Errorf("dynamo: create ticket of %s: the claim vanished", orgID)
		case failed(1): // the reference is taken: take the next
			continue
		default:
			return property.Ticket{}, fmt.Errorf("dynamo: create ticket of %s: %w", orgID, err)
		}
	}
	return property.Ticket{}, fmt.Errorf("dynamo: create ticket of %s: %d references in a row were taken", orgID, refAttempts)
}

// claimedTicket returns the ticket an idempotency key already raised, if any.
func (s *Store) claimedTicket(ctx context.Context, orgID string, claim key) (property.Ticket, bool, error) {
	var c propClaimItem
	found, err := s.get(ctx, claim, true, &c)
	if err != nil {
		return property.Ticket{}, false, fmt.Errorf("dynamo: create ticket of %s: %w", orgID, err)
	}
	if !found {
		return property.Ticket{}, false, nil
	}
	tk, err := s.Ticket(ctx, orgID, c.Ref)
	return tk, true, err
}

// putNew writes an item only when no item has its key.
func (s *Store) putNew(item map[string]ddb.AttributeValue) ddb.TransactWriteItem {
	return ddb.TransactWriteItem{Put: &ddb.Put{
		TableName: aws.String(s.table), Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)"),
	}}
}

// cancelled returns whether the i-th write of a cancelled transaction failed its condition.
func cancelled(err error) func(i int) bool {
	var tce *ddb.TransactionCanceledException
	if !errors.As(err, &tce) {
		return func(int) bool { return false }
	}
	return func(i int) bool {
		return i < len(tce.CancellationReasons) && aws.ToString(tce.CancellationReasons[i].Code) == "ConditionalCheckFailed"
	}
}

// ticketItems builds a ticket's item followed by its messages' items; a message's key is its
// idempotency key (messageKey, or its id when messageKey is "").
func ticketItems(orgID string, tk property.Ticket, msgs []property.TicketMessage, messageKey string) ([]map[string]ddb.AttributeValue, error) {
	tk.Messages = nil
	item, err := attributevalue.MarshalMapWithOptions(tk, withJSONTags)
	if err != nil {
		return nil, err
	}
	k := ticketKey(orgID, tk.Ref)
	item["PK"], item["SK"], item[attrOrg] = sv(k.PK), sv(k.SK), sv(orgID)
	out := []map[string]ddb.AttributeValue{item}
	for _, m := range msgs {
		id := messageKey
		if id == "" {
			id = m.ID
		}
		mi, err := ticketMessageItem(orgID, tk.Ref, m, id)
		if err != nil {
			return nil, err
		}
		out = append(out, mi)
	}
	return out, nil
}

func ticketMessageItem(orgID, ref string, m property.TicketMessage, key string) (map[string]ddb.AttributeValue, error) {
	item, err := attributevalue.MarshalMapWithOptions(m, withJSONTags)
	if err != nil {
		return nil, err
	}
	k := ticketMessageKey(orgID, ref, key)
	item["PK"], item["SK"], item[attrOrg] = sv(k.PK), sv(k.SK), sv(orgID)
	return item, nil
}

// PutTicket writes a ticket with its messages as given (seeding), and raises the reference
// counter past it.
func (s *Store) PutTicket(ctx context.Context, orgID string, tk property.Ticket) error {
	if !property.ValidRef(property.RefTicket, tk.Ref) {
		return messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: ref (TKT-YYYY-NNNN)")
	}
	items, err := ticketItems(orgID, tk, tk.Messages, "")
	if err != nil {
		return fmt.Errorf("dynamo: put ticket %s of %s: %w", tk.Ref, orgID, err)
	}
	for _, item := range items {
		if _, err := s.db.PutItem(ctx, &ddb.PutItemInput{TableName: aws.String(s.table), Item: item}); err != nil {
			return fmt.Errorf("dynamo: put ticket %s of %s: %w", tk.Ref, orgID, err)
		}
	}
	return s.raiseRefCounter(ctx, orgID, property.RefTicket, tk.Ref)
}

// Ticket returns a ticket with its public messages, oldest first, or not found.
func (s *Store) Ticket(ctx context.Context, orgID, ref string) (property.Ticket, error) {
	var tk property.Ticket
	var found bool
	p := ddb.NewQueryPaginator(s.db, &ddb.QueryInput{
		TableName:                 aws.String(s.table),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(ticketPK(orgID, ref))},
		ConsistentRead:            aws.Bool(true),
	})
	var msgs []property.TicketMessage
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return property.Ticket{}, fmt.Errorf("dynamo: get ticket %s of %s: %w", ref, orgID, err)
		}
		for _, item := range page.Items {
			sk, _ := item["SK"].(*ddb.AttributeValueMemberS)
			if sk != nil && sk.Value == skTicket {
				found = true
				err = attributevalue.UnmarshalMapWithOptions(item, &tk, fromJSONTags)
			} else {
				var m property.TicketMessage
				err = attributevalue.UnmarshalMapWithOptions(item, &m, fromJSONTags)
				msgs = append(msgs, m)
			}
			if err != nil {
				return property.Ticket{}, fmt.Errorf("dynamo: decode ticket %s of %s: %w", ref, orgID, err)
			}
		}
	}
	if !found {
		return property.Ticket{}, ticketNotFound()
	}
	slices.SortStableFunc(msgs, func(a, b property.TicketMessage) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	tk.Messages = msgs
	return tk, nil
}

func ticketNotFound() error {
	return messaging.Errorf(messaging.CodeNotFound, "The ticket was not found. It may not exist, have been deleted, or belong to a different organisation.")
}

// AddTicketMessage adds a public message to an existing ticket, keyed by the idempotency key so
// a retry adds nothing; a ticket the organisation does not have is not found.
func (s *Store) AddTicketMessage(ctx context.Context, orgID, ref string, m property.TicketMessage, idempotencyKey string) error {
	if err := property.CheckIdempotencyKey(idempotencyKey); err != nil {
		return err
	}
	if err := property.CheckTicketMessage(m); err != nil {
		return err
	}
	if m.ID == "" {
		m.ID = idempotencyKey
	}
	if m.At.IsZero() {
		m.At = time.Now().UTC()
	}
	item, err := ticketMessageItem(orgID, ref, m, idempotencyKey)
	if err != nil {
		return fmt.Errorf("dynamo: add message to ticket %s of %s: %w", ref, orgID, err)
	}
	_, err = s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: []ddb.TransactWriteItem{
		{ConditionCheck: &ddb.ConditionCheck{
			TableName: aws.String(s.table), Key: ticketKey(orgID, ref).av(), ConditionExpression: aws.String("attribute_exists(PK)"),
		}},
		s.putNew(item),
	}})
	switch failed := cancelled(err); {
	case err == nil, failed(1) && !failed(0): // added now, or by the first attempt
		return nil
	case failed(0):
		return ticketNotFound()
	default:
		return fmt.Errorf("dynamo: add message to ticket %s of %s: %w", ref, orgID, err)
	}
}
