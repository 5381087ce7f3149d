package api

import (
	"context"
	"slices"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// memProperty is the built-in property store in memory, by organisation.
type memProperty struct {
	records map[string]property.Record // org/collection/id
	tickets map[string]property.Ticket // org/ref
	puts    int
}

func (m *memProperty) PutRecord(_ context.Context, org string, r property.Record) error {
	m.puts++
	m.records[org+"/"+r.Collection()+"/"+r.RecordID()] = r
	return nil
}

func (m *memProperty) GetRecord(_ context.Context, org, coll, id string) (property.Record, error) {
	r, ok := m.records[org+"/"+coll+"/"+id]
	if !ok {
		return nil, messaging.Errorf(messaging.CodeNotFound, "Not found")
	}
	return r, nil
}

func (m *memProperty) ListRecords(_ context.Context, org, coll string, limit, offset int) ([]property.Record, int, error) {
	var keys []string
	for k := range m.records {
		if strings.HasPrefix(k, org+"/"+coll+"/") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []property.Record
	for i, k := range keys {
		if i >= offset && len(out) < limit {
			out = append(out, m.records[k])
		}
	}
	return out, len(keys), nil
}

func (m *memProperty) Ticket(_ context.Context, org, ref string) (property.Ticket, error) {
	t, ok := m.tickets[org+"/"+ref]
	if !ok {
		return property.Ticket{}, messaging.Errorf(messaging.CodeNotFound, "Not found")
	}
	return t, nil
}

// seedProperty is org1's built-in property store: Riverside Court, Harbour View and a ticket.
func seedProperty() *memProperty {
	return &memProperty{records: map[string]property.Record{
		"org1/sites/site-riverside": property.Site{ID: "site-riverside", Name: "Riverside Court"},
		"org1/sites/site-harbour":   property.Site{ID: "site-harbour", Name: "Harbour View"},
	}, tickets: map[string]property.Ticket{"org1/TKT-2026-0042": {Ref: "TKT-2026-0042", SiteID: "site-riverside", Title: "Leak", Status: "Open"}}}
}
