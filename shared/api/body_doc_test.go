package api

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/api/openapi"
	"github.com/proplink/chat/shared/property"
)

// jsonFields returns the JSON names a struct decodes, through embedded structs.
func jsonFields(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			out = append(out, jsonFields(f.Type)...)
		case name != "":
			out = append(out, name)
		case f.IsExported():
			out = append(out, f.Name)
		}
	}
	return out
}

// TestRequestBodiesMatchTheDocument holds every documented request body to the Go type the
// handler decodes it into: the same fields, and additionalProperties: false, because the
// decoder refuses any other field.
func TestRequestBodiesMatchTheDocument(t *testing.T) {
	spec, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]reflect.Type{
		"POST /api/whatsapp/send":                                     reflect.TypeFor[sendBody](),
		"PUT /api/jobs/{job_id}":                                      reflect.TypeFor[jobBody](),
		"PUT /api/admin/whatsapp/settings":                            reflect.TypeFor[settingsBody](),
		"POST /api/whatsapp/attachments":                              reflect.TypeFor[uploadBody](),
		"POST /api/whatsapp/conversations/{conversation_id}/messages": reflect.TypeFor[replyBody](),
		"POST /api/property/tickets/{ref}/messages":                   reflect.TypeFor[ticketMessageBody](),
		"POST /api/platform/ticket-messages":                          reflect.TypeFor[platformTicketBody](),
		"POST /api/property/work-orders/{ref}/invitations":            reflect.TypeFor[invitationBody](),

		// Platform events.
		"POST /api/admin/events/endpoints":                             reflect.TypeFor[endpointBody](),
		"POST /api/admin/events/endpoints/{endpoint_id}/rotate-secret": reflect.TypeFor[rotateBody](),
	}
	for path, methods := range spec.Operations() {
		key, fixed, _ := RouteOf(path)
		for _, m := range methods {
			op := m + " " + strings.TrimPrefix(key, "ANY ")
			fields, closed, ok := spec.RequestFields(path, m)
			typ, decoded := bodies[op]
			if rec, isRecord := property.NewRecord(fixed["collection"]); isRecord && m == "PUT" {
				// Each collection's path documents the body of its own record type.
				op, typ, decoded = m+" "+path, reflect.TypeOf(rec).Elem(), true
			}
			if ok != decoded {
				t.Errorf("%s: documented body %v, decoded body %v", op, ok, decoded)
				continue
			}
			if !ok {
				continue
			}
			if !closed {
				t.Errorf("%s: request body lacks additionalProperties: false", op)
			}
			want := jsonFields(typ)
			slices.Sort(want)
			slices.Sort(fields)
			if diff := cmp.Diff(want, fields); diff != "" {
				t.Errorf("%s: documented fields differ from %s's (-go +doc):\n%s", op, typ.Name(), diff)
			}
		}
	}
}
