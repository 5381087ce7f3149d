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
}

// collection reads the {collection} path parameter: one of property.Collections.
func collection(r apigw.Request) (string, error) {
	c := r.PathParameters["collection"]
	if _, ok := property.NewRecord(c); !ok {
		return "", messaging.Errorf(messaging.CodeNotFound, "No property collection %q. Collections: %s", c, strings.Join(property.Collections, ", "))
	}
	return c, nil
}

// propertyList is GET /api/property/{collection}: a page of the collection in id order, with
// limit (default 50, 1-200) and offset.
func (a *API) propertyList(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermPropertyView); err != nil {
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
	c, err := collection(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	id := r.PathParameters["id"]
	if apigw.Method(r) == "GET" {
		rec, err := a.Property.GetRecord(ctx, p.OrgID, c, id)
		if err != nil {
			return a.fail(ctx, err)
		}
		return apigw.OK(rec, "")
	}
	ptr, _ := property.NewRecord(c)
	if err := decodeStrict(r, ptr); err != nil {
		return a.fail(ctx, err)
	}
	rec := property.Deref(ptr)
	if got := rec.RecordID(); got != "" && got != id {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "The id in the body (%s) does not match the path (%s)", got, id))
	}
	rec, err = property.Check(property.WithID(rec, id), phone.Parse)
	if err != nil {
		return a.fail(ctx, err)
	}
	if err := a.Property.PutRecord(ctx, p.OrgID, rec); err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(rec, "Saved")
}

// propertyTicket is GET /api/property/tickets/{ref}: a ticket of the built-in store with its
// public messages.
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
	return apigw.OK(t, "")
}

// decodeStrict decodes the body, one JSON object, into v; a field v does not have is refused.
func decodeStrict(r apigw.Request, v any) error {
	b, err := apigw.Body(r)
	if err != nil {
		return err
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
