package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// Console keeps the staff console's items (console.Store):
//
//	console sign-in code   ORG#<org>#CSIGNIN#<sha256 hex>   CSIGNIN      -   minted + 15 minutes (checked in the take's condition too)
//	console session        ORG#<org>#CSESS#<sha256 hex>     CSESS        -   signed in + 12 hours (checked on read too)
//	console read marker    ORG#<org>#CREAD#<user>           <conv id>    -   -
//
// Requests per call: PutSignIn, PutSession 1 conditional PutItem; TakeSignIn 1 conditional
// UpdateItem; Session 1 consistent GetItem; EndSession, MarkRead 1 UpdateItem; ReadMarks 1
// Query per MB of the user's markers; CountInbound 1 Query (Select COUNT) per MB of the
// conversation's messages after the marker.
type Console struct{ s *Store }

var _ console.Store = (*Console)(nil)

// Console returns the store's console items.
func (s *Store) Console() *Console { return &Console{s} }

func signInKey(org, hash string) key         { return key{orgPK(org) + "#CSIGNIN#" + hash, "CSIGNIN"} }
func consoleSessionKey(org, hash string) key { return key{orgPK(org) + "#CSESS#" + hash, "CSESS"} }
func readPK(org, user string) string         { return orgPK(org) + "#CREAD#" + user }

// consoleItem is a sign-in code or a session: the principal it stands for.
type consoleItem struct {
	key
	OrgID       string   `dynamodbav:"org_id"`
	UserID      string   `dynamodbav:"user_id"`
	Name        string   `dynamodbav:"name"`
	Permissions []string `dynamodbav:"permissions"`
	SiteIDs     []string `dynamodbav:"site_ids,omitempty"`
	CSRF        string   `dynamodbav:"csrf,omitempty"`
	ExpiresAt   int64    `dynamodbav:"expires_at"`
	Ended       bool     `dynamodbav:"ended,omitempty"`
}

func (it consoleItem) principal() messaging.Principal {
	return messaging.Principal{OrgID: it.OrgID, UserID: it.UserID, Name: it.Name, Permissions: it.Permissions, SiteIDs: it.SiteIDs}
}

func newConsoleItem(k key, p messaging.Principal, expires time.Time) consoleItem {
	return consoleItem{key: k, OrgID: p.OrgID, UserID: p.UserID, Name: p.Name, Permissions: p.Permissions, SiteIDs: p.SiteIDs, ExpiresAt: expires.Unix()}
}

// putNew writes an item that must not exist yet.
func (c *Console) putNew(ctx context.Context, it consoleItem) error {
	av, err := attributevalue.MarshalMap(it)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	_, err = c.s.db.PutItem(ctx, &ddb.PutItemInput{TableName: aws.String(c.s.table), Item: av,
		ConditionExpression: aws.String("attribute_not_exists(PK)")})
	return err
}

// PutSignIn stores a one-time sign-in code's hash: one conditional PutItem.
func (c *Console) PutSignIn(ctx context.Context, orgID, hash string, p messaging.Principal, expires time.Time) error {
	if err := c.putNew(ctx, newConsoleItem(signInKey(orgID, hash), p, expires)); err != nil {
		return fmt.Errorf("dynamo: put console sign-in of %s: %w", orgID, err)
	}
	return nil
}

// TakeSignIn uses a code up: one UpdateItem that sets used_at on a code not used and not
// expired, so of two concurrent takes one wins.
func (c *Console) TakeSignIn(ctx context.Context, orgID, hash string, now time.Time) (messaging.Principal, error) {
	res, err := c.s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(c.s.table), Key: signInKey(orgID, hash).av(),
		UpdateExpression:          aws.String("SET used_at = :now"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(used_at) AND expires_at > :now"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":now": nv(now.Unix())},
		ReturnValues:              ddb.ReturnValueAllNew,
	})
	if _, failed := conditionFailed(err); failed {
		return messaging.Principal{}, messaging.Errorf(messaging.CodeUnauthenticated, messaging.MsgAuthRequired)
	}
	if err != nil {
		return messaging.Principal{}, fmt.Errorf("dynamo: take console sign-in of %s: %w", orgID, err)
	}
	var it consoleItem
	if err := attributevalue.UnmarshalMap(res.Attributes, &it); err != nil {
		return messaging.Principal{}, fmt.Errorf("dynamo: take console sign-in of %s: decode: %w", orgID, err)
	}
	return it.principal(), nil
}

// PutSession stores a session under its id's hash: one conditional PutItem.
func (c *Console) PutSession(ctx context.Context, orgID, hash string, sess console.Session) error {
	it := newConsoleItem(consoleSessionKey(orgID, hash), sess.Principal, sess.ExpiresAt)
	it.CSRF = sess.CSRF
	if err := c.putNew(ctx, it); err != nil {
		return fmt.Errorf("dynamo: put console session of %s: %w", orgID, err)
	}
	return nil
}

// Session reads a session: one consistent GetItem, so an ended session is refused from the
// next request on.
func (c *Console) Session(ctx context.Context, orgID, hash string) (console.Session, error) {
	var it consoleItem
	found, err := c.s.get(ctx, consoleSessionKey(orgID, hash), true, &it)
	if err != nil {
		return console.Session{}, fmt.Errorf("dynamo: console session of %s: %w", orgID, err)
	}
	if !found || it.Ended {
		return console.Session{}, messaging.Errorf(messaging.CodeUnauthenticated, messaging.MsgAuthRequired)
	}
	return console.Session{Principal: it.principal(), CSRF: it.CSRF, ExpiresAt: time.Unix(it.ExpiresAt, 0).UTC()}, nil
}

// EndSession marks a session ended: one UpdateItem (a no-op on an unknown session).
func (c *Console) EndSession(ctx context.Context, orgID, hash string) error {
	_, err := c.s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(c.s.table), Key: consoleSessionKey(orgID, hash).av(),
		UpdateExpression: aws.String("SET ended = :t"), ConditionExpression: aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":t": &ddb.AttributeValueMemberBOOL{Value: true}},
	})
	if _, failed := conditionFailed(err); failed {
		return nil
	}
	if err != nil {
		return fmt.Errorf("dynamo: end console session of %s: %w", orgID, err)
	}
	return nil
}

// MarkRead moves the user's read marker of the conversation to at, never back: one
// UpdateItem.
func (c *Console) MarkRead(ctx context.Context, orgID, userID, conversationID string, at time.Time) error {
	_, err := c.s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName: aws.String(c.s.table), Key: key{readPK(orgID, userID), conversationID}.av(),
		UpdateExpression:          aws.String("SET read_at = :at"),
		ConditionExpression:       aws.String("attribute_not_exists(read_at) OR read_at < :at"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":at": sv(convTime(at))},
	})
	if _, failed := conditionFailed(err); failed {
		return nil
	}
	if err != nil {
		return fmt.Errorf("dynamo: mark %s read for %s of %s: %w", conversationID, userID, orgID, err)
	}
	return nil
}

// ReadMarks returns the user's read markers: one Query per MB.
func (c *Console) ReadMarks(ctx context.Context, orgID, userID string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	p := ddb.NewQueryPaginator(c.s.db, &ddb.QueryInput{
		TableName: aws.String(c.s.table), KeyConditionExpression: aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":pk": sv(readPK(orgID, userID))},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("dynamo: read markers of %s in %s: %w", userID, orgID, err)
		}
		var items []struct {
			SK     string `dynamodbav:"SK"`
			ReadAt string `dynamodbav:"read_at"`
		}
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, fmt.Errorf("dynamo: read markers of %s in %s: decode: %w", userID, orgID, err)
		}
		for _, it := range items {
			t, err := time.Parse(convTimeLayout, it.ReadAt)
			if err != nil {
				return nil, fmt.Errorf("dynamo: read marker %s of %s: %w", it.SK, userID, err)
			}
			out[it.SK] = t
		}
	}
	return out, nil
}

// CountInbound counts the conversation's inbound messages after since: one Query (Select
// COUNT, filtered on direction) per MB of messages after it.
func (c *Console) CountInbound(ctx context.Context, orgID, conversationID string, since time.Time) (int, error) {
	n := 0
	p := ddb.NewQueryPaginator(c.s.db, &ddb.QueryInput{
		TableName: aws.String(c.s.table), Select: ddb.SelectCount,
		KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :from AND :to"),
		FilterExpression:       aws.String("direction = :in"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{
			":pk": sv(convPK(orgID, conversationID)), ":from": sv(skConvMsgPrefix + convTime(since) + "#~"),
			":to": sv(skConvMsgPrefix + "~"), ":in": sv(messaging.DirectionInbound),
		},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("dynamo: count inbound of %s in %s: %w", conversationID, orgID, err)
		}
		n += int(page.Count)
	}
	return n, nil
}
