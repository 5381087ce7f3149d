package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
	"github.com/proplink/chat/shared/property"
)

// PropertyStore is the built-in property store the API fills, for organisations without a
// property platform of their own.
type PropertyStore interface {
	PutRecord(ctx context.Context, orgID string, r property.Record) error
	GetRecord(ctx context.Context, orgID, collection, id string) (property.Record, error)
	ListRecords(ctx context.Context, orgID, collection string, limit, offset int) ([]property.Record, int, error)
	Ticket(ctx context.Context, orgID, ref string) (property.Ticket, error)
	// AddTicketMessage adds a public message to a ticket; the key makes a retry a no-op.
	AddTicketMessage(ctx context.Context, orgID, ref string, m property.TicketMessage, idempotencyKey string) error
	// InviteVendor adds a vendor to a work order's invitations (added false when already
	// there) with a note by whom.
	InviteVendor(ctx context.Context, orgID, ref, vendorID, by, note string) (w property.WorkOrder, added bool, err error)
}

// collection reads the {collection} path parameter: one of property.Collections.
func collection(r apigw.Request) (string, error) {
	c := r.PathParameters["collection"]
	if _, ok := property.NewRecord(c); !ok {
		return "", messaging.Errorf(messaging.CodeNotFound, "No property collection %q. Collections: %s", c, strings.Join(property.Collections, ", "))
	}
	return c, nil
}

// MsgPropertyWholeOrg refuses the built-in store's collections to a caller scoped to sites:
// they hold every site's records (a scoped caller reads tickets and work orders through the
// routes that check their site).
const MsgPropertyWholeOrg = "The property store's collections cover every site; a token scoped to some sites cannot read or change them"

// wholeOrg refuses a caller whose token is scoped to sites.
func wholeOrg(p messaging.Principal) error {
	if len(p.SiteIDs) > 0 {
		return messaging.Errorf(messaging.CodeForbidden, MsgPropertyWholeOrg)
	}
	return nil
}

// propertyList is GET /api/property/{collection}: a page of the collection in id order, with
// limit (default 50, 1-200) and offset.
func (a *API) propertyList(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermPropertyView); err != nil {
		return a.fail(ctx, err)
	}
	if err := wholeOrg(p); err != nil {
		return a.fail(ctx, err)
	}
	c, err := collection(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	limit, offset, err := page(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	list, total, err := a.Property.ListRecords(ctx, p.OrgID, c, limit, offset)
	if err != nil {
		return a.fail(ctx, err)
	}
	if list == nil {
		list = []property.Record{}
	}
	return apigw.List(list, total, "")
}

// propertyRecord is GET and PUT /api/property/{collection}/{id}: one record of the
// organisation's built-in store; PUT replaces it (a work order keeps its notes and photos when
// the body brings none).
func (a *API) propertyRecord(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	perm := messaging.PermPropertyView
	if apigw.Method(r) == "PUT" {
		perm = messaging.PermPropertyManage
	}
	if err := p.Require(perm); err != nil {
		return a.fail(ctx, err)
	}
	if err := wholeOrg(p); err != nil {
		return a.fail(ctx, err)
	}
	c, err := collection(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	id := r.PathParameters["id"]
	if err := property.CheckID(c, id); err != nil {
		return a.fail(ctx, err)
	}
	if apigw.Method(r) == "GET" {
		rec, err := a.Property.GetRecord(ctx, p.OrgID, c, id)
		if err != nil {
			return a.fail(ctx, err)
		}
		return apigw.OK(rec, "")
	}
	rec, err := recordBody(r, c)
	if err != nil {
		return a.fail(ctx, err)
	}
	bodyID := rec.RecordID()
	rec, err = property.Check(property.WithID(rec, id), phone.Parse)
	if err != nil {
		return a.fail(ctx, err)
	}
	if bodyID != "" && bodyID != id {
		return a.fail(ctx, messaging.Errorf(messaging.CodeUnprocessable, "The id in the body (%s) does not match the path (%s)", bodyID, id))
	}
	if err := a.Property.PutRecord(ctx, p.OrgID, rec); err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(rec, "Saved")
}

// amounts are the body fields of a collection that must be given: their zero is a real
// amount, so an absent or null one cannot be told from it.
var amounts = map[string]string{
	property.CollBalances: "balance_pence",
	property.CollDemands:  "amount_pence",
	property.CollBills:    "amount_pence",
	property.CollBudgets:  "amount_pence",
}

// recordBody decodes a PUT body, one JSON object with only the collection's fields, into a
// record of the collection; its id, when the body gives one, is kept for the caller to compare
// with the path's.
func recordBody(r apigw.Request, c string) (property.Record, error) {
	ptr, _ := property.NewRecord(c)
	if err := decodeStrict(r, ptr); err != nil {
		return nil, err
	}
	if name, ok := amounts[c]; ok {
		var fields map[string]json.RawMessage
		b, _ := apigw.Body(r) // decodeStrict read it
		if err := json.Unmarshal(b, &fields); err != nil || fields[name] == nil || string(fields[name]) == "null" {
			return nil, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: %s", name)
		}
	}
	return property.Deref(ptr), nil
}

// propertyTicket is GET /api/property/tickets/{ref}: a ticket of the built-in store with its
// public messages; one outside the caller's sites is not found, as for its messages.
func (a *API) propertyTicket(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermPropertyView); err != nil {
		return a.fail(ctx, err)
	}
	ref := r.PathParameters["ref"]
	if !property.ValidRef(property.RefTicket, ref) {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: ref (TKT-YYYY-NNNN)"))
	}
	t, err := a.Property.Ticket(ctx, p.OrgID, ref)
	if err != nil {
		return a.fail(ctx, err)
	}
	if !inScope(p, t.SiteID) {
		return a.fail(ctx, messaging.Errorf(messaging.CodeNotFound, "The ticket was not found. It may not exist, have been deleted, or belong to a different organisation."))
	}
	return apigw.OK(t, "")
}

// decodeStrict decodes the body, one JSON object (not null), into v; a field v does not have
// is refused.
func decodeStrict(r apigw.Request, v any) error {
	b, err := apigw.Body(r)
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("{")) {
		return messaging.Errorf(messaging.CodeInvalid, "Request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return messaging.Errorf(messaging.CodeInvalid, "Unknown field %s in the request body", name)
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: %s", typeErr.Field)
		}
		return messaging.Errorf(messaging.CodeInvalid, "Request body must be a JSON object")
	}
	if dec.More() {
		return messaging.Errorf(messaging.CodeInvalid, "Request body must be one JSON object")
	}
	return nil
}
