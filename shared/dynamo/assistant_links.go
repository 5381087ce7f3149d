package dynamo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/ddb/attributevalue"
	"github.com/proplink/chat/shared/messaging"
)

// LinkCodeTTL is how long a code that links a staff member's WhatsApp number stays redeemable.
const LinkCodeTTL = 10 * time.Minute

// MsgLinkCodeInvalid is the refusal of an unknown, spent or expired link code.
const MsgLinkCodeInvalid = "That code is not valid or has expired. Start a new link in PropLink."

// The staff-link items (see doc.go): a linked number, a pending code, and the user's own item
// that names their one linked number and their one pending code.
const (
	skWALink = "WALINK"
	skWACode = "WACODE"
	skWAUser = "WAUSER"
)

func waLinkKey(org, e164 string) key { return key{orgPK(org) + "#WALINK#" + e164, skWALink} }
func waCodeKey(org, code string) key { return key{orgPK(org) + "#WACODE#" + code, skWACode} }
func waUserKey(org, user string) key { return key{orgPK(org) + "#WAUSER#" + user, skWAUser} }

// staffItem is who a code or a link stands for.
type staffItem struct {
	key
	UserID      string    `dynamodbav:"user_id"`
	Name        string    `dynamodbav:"name"`
	SiteIDs     []string  `dynamodbav:"site_ids,stringset,omitempty"`
	Permissions []string  `dynamodbav:"permissions,stringset,omitempty"`
	Phone       string    `dynamodbav:"phone,omitempty"`
	LinkedAt    time.Time `dynamodbav:"linked_at,omitempty"`
	ExpiresAt   int64     `dynamodbav:"expires_at,omitempty"` // codes only
}

// waUserItem is a user's link state.
type waUserItem struct {
	key
	Phone       string `dynamodbav:"phone,omitempty"`
	PendingCode string `dynamodbav:"pending_code,omitempty"`
	CodeExpires int64  `dynamodbav:"code_expires,omitempty"`
}

// StaffLinks keeps staff members' linked WhatsApp numbers and the codes that link them
// (assistant.StaffLinks), plus the calls the link API makes.
type StaffLinks struct{ s *Store }

var _ assistant.StaffLinks = (*StaffLinks)(nil)

// StaffLinks returns the store's staff links.
func (s *Store) StaffLinks() *StaffLinks { return &StaffLinks{s} }

// newLinkCode is six random decimal digits.
func newLinkCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// StartLink gives the principal a new six-digit code valid for LinkCodeTTL from now, replacing
// any code they had waiting (a user has one pending code): one consistent GetItem and one
// TransactWriteItems (code put only where no live code sits, the user's item, the old code's
// delete), tried again with another code on a collision.
func (sl *StaffLinks) StartLink(ctx context.Context, p messaging.Principal, now time.Time) (string, time.Time, error) {
	if p.OrgID == "" || p.UserID == "" {
		return "", time.Time{}, errors.New("dynamo: start link: organisation and user are required")
	}
	for range 5 {
		code, expires, err := sl.tryStartLink(ctx, p, now)
		if err == nil || !errors.Is(err, errCodeTaken) {
			return code, expires, err
		}
	}
	return "", time.Time{}, messaging.Errorf(messaging.CodeUnavailable, "Could not start a link; please try again")
}

var errCodeTaken = errors.New("link code taken")

func (sl *StaffLinks) tryStartLink(ctx context.Context, p messaging.Principal, now time.Time) (string, time.Time, error) {
	var u waUserItem
	if _, err := sl.s.get(ctx, waUserKey(p.OrgID, p.UserID), true, &u); err != nil {
		return "", time.Time{}, fmt.Errorf("dynamo: start link of %s in %s: %w", p.UserID, p.OrgID, err)
	}
	code, err := newLinkCode()
	if err != nil {
		return "", time.Time{}, fmt.Errorf("dynamo: start link: %w", err)
	}
	expires := now.Add(LinkCodeTTL).Truncate(time.Second)
	item, err := attributevalue.MarshalMap(staffItem{key: waCodeKey(p.OrgID, code), UserID: p.UserID, Name: p.Name,
		SiteIDs: p.SiteIDs, Permissions: p.Permissions, ExpiresAt: expires.Unix()})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("dynamo: start link: %w", err)
	}
	// A code is free when absent or expired (TTL deletes late).
	items := []ddb.TransactWriteItem{{Put: &ddb.Put{
		TableName: aws.String(sl.s.table), Item: item,
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR expires_at <= :now"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":now": nv(now.Unix())},
	}}}
	userUpdate := &ddb.Update{
		TableName: aws.String(sl.s.table), Key: waUserKey(p.OrgID, p.UserID).av(),
		UpdateExpression:          aws.String("SET pending_code = :code, code_expires = :exp"),
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":code": sv(code), ":exp": nv(expires.Unix())},
		ConditionExpression:       aws.String("attribute_not_exists(pending_code)"),
	}
	if u.PendingCode != "" {
		userUpdate.ConditionExpression = aws.String("pending_code = :old")
		userUpdate.ExpressionAttributeValues[":old"] = sv(u.PendingCode)
		items = append(items, ddb.TransactWriteItem{Delete: &ddb.Delete{TableName: aws.String(sl.s.table),
			Key: waCodeKey(p.OrgID, u.PendingCode).av()}})
	}
	items = append(items, ddb.TransactWriteItem{Update: userUpdate})
	_, err = sl.s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: items})
	switch {
	case canceledAt(err, 0):
		return "", time.Time{}, errCodeTaken
	case canceledAt(err, len(items)-1):
		return "", time.Time{}, messaging.Wrap(messaging.CodeConflict, "A link was started at the same time; please try again",
			fmt.Errorf("dynamo: start link of %s in %s: concurrent start", p.UserID, p.OrgID))
	case err != nil:
		return "", time.Time{}, fmt.Errorf("dynamo: start link of %s in %s: %w", p.UserID, p.OrgID, err)
	}
	return code, expires, nil
}

// canceledAt reports whether err is a cancelled transaction whose item i failed its condition.
func canceledAt(err error, i int) bool {
	var tce *ddb.TransactionCanceledException
	if !errors.As(err, &tce) {
		return false
	}
	return i >= 0 && i < len(tce.CancellationReasons) && aws.ToString(tce.CancellationReasons[i].Code) == "ConditionalCheckFailed"
}

// State returns the user's link: their linked number and their pending code, if unexpired at
// now. One consistent GetItem.
func (sl *StaffLinks) State(ctx context.Context, orgID, userID string, now time.Time) (assistant.LinkState, error) {
	var u waUserItem
	if _, err := sl.s.get(ctx, waUserKey(orgID, userID), true, &u); err != nil {
		return assistant.LinkState{}, fmt.Errorf("dynamo: link state of %s in %s: %w", userID, orgID, err)
	}
	st := assistant.LinkState{Phone: u.Phone}
	if u.PendingCode != "" && now.Unix() < u.CodeExpires {
		st.PendingCode, st.CodeExpires = u.PendingCode, time.Unix(u.CodeExpires, 0).UTC()
	}
	return st, nil
}

// LinkedStaff returns the staff member linked to e164, or CodeNotFound. One GetItem.
func (sl *StaffLinks) LinkedStaff(ctx context.Context, orgID, e164 string) (assistant.StaffLink, error) {
	var it staffItem
	found, err := sl.s.get(ctx, waLinkKey(orgID, e164), true, &it)
	if err != nil {
		return assistant.StaffLink{}, fmt.Errorf("dynamo: linked staff of %s: %w", orgID, err)
	}
	if !found {
		return assistant.StaffLink{}, messaging.Errorf(messaging.CodeNotFound, "No staff member is linked to this number")
	}
	return assistant.StaffLink{OrgID: orgID, Phone: e164, UserID: it.UserID, Name: it.Name, SiteIDs: it.SiteIDs,
		Permissions: it.Permissions, LinkedAt: it.LinkedAt}, nil
}

// Redeem links e164 to the user who started the link with code, if the code is this
// organisation's and unexpired at now, and spends the code: one consistent GetItem of the code,
// one of the user, and one TransactWriteItems that deletes the code only if it still exists
// unexpired for that user (so it is redeemed once, however many try at once), writes the link
// (unless the number is another user's), records it on the user and drops the user's previous
// number (a user has one linked number). An unknown, spent or expired code is CodeNotFound; a
// number linked to another user is CodeConflict.
func (sl *StaffLinks) Redeem(ctx context.Context, orgID, code, e164 string, now time.Time) (assistant.StaffLink, error) {
	notFound := messaging.Errorf(messaging.CodeNotFound, MsgLinkCodeInvalid)
	if len(code) != 6 || e164 == "" {
		return assistant.StaffLink{}, notFound
	}
	var c staffItem
	found, err := sl.s.get(ctx, waCodeKey(orgID, code), true, &c)
	if err != nil {
		return assistant.StaffLink{}, fmt.Errorf("dynamo: redeem link code in %s: %w", orgID, err)
	}
	if !found || now.Unix() >= c.ExpiresAt {
		return assistant.StaffLink{}, notFound
	}
	var u waUserItem
	if _, err := sl.s.get(ctx, waUserKey(orgID, c.UserID), true, &u); err != nil {
		return assistant.StaffLink{}, fmt.Errorf("dynamo: redeem link code in %s: %w", orgID, err)
	}
	link := staffItem{key: waLinkKey(orgID, e164), UserID: c.UserID, Name: c.Name, SiteIDs: c.SiteIDs,
		Permissions: c.Permissions, Phone: e164, LinkedAt: now.UTC()}
	item, err := attributevalue.MarshalMap(link)
	if err != nil {
		return assistant.StaffLink{}, fmt.Errorf("dynamo: redeem link code in %s: %w", orgID, err)
	}
	table := aws.String(sl.s.table)
	items := []ddb.TransactWriteItem{
		{Delete: &ddb.Delete{TableName: table, Key: waCodeKey(orgID, code).av(),
			ConditionExpression:       aws.String("attribute_exists(PK) AND expires_at > :now AND user_id = :user"),
			ExpressionAttributeValues: map[string]ddb.AttributeValue{":now": nv(now.Unix()), ":user": sv(c.UserID)}}},
		{Put: &ddb.Put{TableName: table, Item: item,
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR user_id = :user"),
			ExpressionAttributeValues: map[string]ddb.AttributeValue{":user": sv(c.UserID)}}},
		{Update: &ddb.Update{TableName: table, Key: waUserKey(orgID, c.UserID).av(),
			UpdateExpression:          aws.String("SET phone = :phone REMOVE pending_code, code_expires"),
			ExpressionAttributeValues: map[string]ddb.AttributeValue{":phone": sv(e164)}}},
	}
	if u.Phone != "" && u.Phone != e164 {
		items = append(items, ddb.TransactWriteItem{Delete: &ddb.Delete{TableName: table, Key: waLinkKey(orgID, u.Phone).av(),
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR user_id = :user"),
			ExpressionAttributeValues: map[string]ddb.AttributeValue{":user": sv(c.UserID)}}})
	}
	_, err = sl.s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: items})
	switch {
	case canceledAt(err, 0):
		return assistant.StaffLink{}, notFound
	case canceledAt(err, 1):
		return assistant.StaffLink{}, messaging.Wrap(messaging.CodeConflict, "This WhatsApp number is linked to another user",
			fmt.Errorf("dynamo: redeem link code in %s: number linked to another user", orgID))
	case err != nil:
		return assistant.StaffLink{}, fmt.Errorf("dynamo: redeem link code in %s: %w", orgID, err)
	}
	return assistant.StaffLink{OrgID: orgID, Phone: e164, UserID: c.UserID, Name: c.Name, SiteIDs: c.SiteIDs,
		Permissions: c.Permissions, LinkedAt: link.LinkedAt}, nil
}

// Unlink removes the link of e164 (no error when there is none): one GetItem and, when linked,
// one TransactWriteItems removing the link and the user's record of it.
func (sl *StaffLinks) Unlink(ctx context.Context, orgID, e164 string) error {
	var it staffItem
	found, err := sl.s.get(ctx, waLinkKey(orgID, e164), true, &it)
	if err != nil {
		return fmt.Errorf("dynamo: unlink in %s: %w", orgID, err)
	}
	if !found {
		return nil
	}
	return sl.unlink(ctx, orgID, it.UserID, e164, "")
}

// UnlinkUser removes the user's linked number and their pending code (no error when there is
// neither): one GetItem and at most one TransactWriteItems.
func (sl *StaffLinks) UnlinkUser(ctx context.Context, orgID, userID string) error {
	var u waUserItem
	found, err := sl.s.get(ctx, waUserKey(orgID, userID), true, &u)
	if err != nil {
		return fmt.Errorf("dynamo: unlink %s in %s: %w", userID, orgID, err)
	}
	if !found || (u.Phone == "" && u.PendingCode == "") {
		return nil
	}
	return sl.unlink(ctx, orgID, userID, u.Phone, u.PendingCode)
}

// unlink deletes the user's link of phone (when it is still theirs) and pending code, and
// clears both from the user's item, in one transaction.
func (sl *StaffLinks) unlink(ctx context.Context, orgID, userID, phone, code string) error {
	table := aws.String(sl.s.table)
	var items []ddb.TransactWriteItem
	if phone != "" {
		items = append(items, ddb.TransactWriteItem{Delete: &ddb.Delete{TableName: table, Key: waLinkKey(orgID, phone).av(),
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR user_id = :user"),
			ExpressionAttributeValues: map[string]ddb.AttributeValue{":user": sv(userID)}}})
	}
	if code != "" {
		items = append(items, ddb.TransactWriteItem{Delete: &ddb.Delete{TableName: table, Key: waCodeKey(orgID, code).av()}})
	}
	items = append(items, ddb.TransactWriteItem{Update: &ddb.Update{TableName: table, Key: waUserKey(orgID, userID).av(),
		UpdateExpression: aws.String("REMOVE phone, pending_code, code_expires")}})
	if _, err := sl.s.db.TransactWriteItems(ctx, &ddb.TransactWriteItemsInput{TransactItems: items}); err != nil {
		if canceledAt(err, 0) && phone != "" {
			// The number was linked to another user since: theirs stays, only ours is cleared.
			return sl.unlink(ctx, orgID, userID, "", code)
		}
		return fmt.Errorf("dynamo: unlink %s in %s: %w", userID, orgID, err)
	}
	return nil
}
