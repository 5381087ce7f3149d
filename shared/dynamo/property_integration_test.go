//go:build integration

package dynamo

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/propertytest"
)

func TestPropertyStoreConforms(t *testing.T) {
	propertytest.Run(t, func(t *testing.T) propertytest.Subject {
		s, _ := newTestStore(t)
		return propertytest.Subject{Platform: s, Seed: s}
	})
}

func TestNextRefIsAtomic(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	const n = 12
	refs := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref, err := s.NextRef(ctx, "acme", property.RefWorkOrder, 2026)
			if err != nil {
				t.Error(err)
			}
			refs <- ref
		}()
	}
	wg.Wait()
	close(refs)
	seen := map[string]bool{}
	for r := range refs {
		if seen[r] || !property.ValidRef(property.RefWorkOrder, r) {
			t.Errorf("ref %q handed out twice or malformed", r)
		}
		seen[r] = true
	}
	if !seen["WO-2026-0001"] || !seen["WO-2026-0012"] {
		t.Errorf("got %v, want WO-2026-0001 … WO-2026-0012", seen)
	}
	// Another organisation and another year count on their own.
	for _, tc := range []struct {
		org, want string
		year      int
	}{{"other", "WO-2026-0001", 2026}, {"acme", "WO-2027-0001", 2027}} {
		if got, _ := s.NextRef(ctx, tc.org, property.RefWorkOrder, tc.year); got != tc.want {
			t.Errorf("%s %d: got %s, want %s", tc.org, tc.year, got, tc.want)
		}
	}
}

// TestPropertyItemKeys checks what the table holds: every key of an organisation's records
// starts with ORG#<org>#, and contacts and vendors are indexed by number.
func TestPropertyItemKeys(t *testing.T) {
	s, db := newTestStore(t)
	ctx := context.Background()
	if err := s.PutRecord(ctx, "acme", property.Contact{ID: "c-1", Name: "Jo", Phone: "+447700900123", UnitIDs: []string{"u-1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTicket(ctx, "acme", property.NewTicket{Category: "Query", Priority: "Low", Title: "Hi", IdempotencyKey: "k1"}); err != nil {
		t.Fatal(err)
	}
	out, err := db.Scan(ctx, &ddb.ScanInput{TableName: aws.String(s.table)})
	if err != nil {
		t.Fatal(err)
	}
	var sawPhone bool
	for _, item := range out.Items {
		pk := item["PK"].(*ddb.AttributeValueMemberS).Value
		if len(pk) < 10 || pk[:9] != "ORG#acme#" {
			t.Errorf("item key %q does not start with ORG#acme#", pk)
		}
		if g, ok := item["GSI1PK"].(*ddb.AttributeValueMemberS); ok && g.Value == "ORG#acme#PHONE#+447700900123" {
			sawPhone = true
		}
	}
	if !sawPhone {
		t.Error("the contact is not in the phone index")
	}
}

// TestPutWorkOrderKeepsNotesAndPhotos: a staff PUT of a work order without notes or photos
// keeps those a contractor added, and counts its cost in the spend index.
func TestPutWorkOrderKeepsNotesAndPhotos(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	w := property.WorkOrder{Ref: "WO-2026-0100", SiteID: "site-a", Title: "Roof", Status: property.WorkOrderApproved, VendorID: "v-1"}
	if err := s.PutRecord(ctx, "acme", w); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateWorkOrder(ctx, "acme", w.Ref, property.WorkOrderUpdate{Note: "Started", AttachmentIDs: []string{"att-1"}, By: "v-1", IdempotencyKey: "m1"}); err != nil {
		t.Fatal(err)
	}
	w.CostPence, w.CostDate = 12345, "2026-03-04"
	if err := s.PutRecord(ctx, "acme", w); err != nil {
		t.Fatal(err)
	}
	got, err := s.WorkOrder(ctx, "acme", w.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Notes) != 1 || len(got.AttachmentIDs) != 1 || got.CostPence != 12345 {
		t.Errorf("got %+v, want the note and photo kept and the cost set", got)
	}
	sp, err := s.Spend(ctx, "acme", "site-a", "2026-03")
	if err != nil || sp.WorkOrdersPence != 12345 {
		t.Errorf("spend: got %+v, %v", sp, err)
	}
	// The counter was raised past the explicit reference.
	if ref, _ := s.NextRef(ctx, "acme", property.RefWorkOrder, 2026); ref != "WO-2026-0101" {
		t.Errorf("next work order ref: got %s, want WO-2026-0101", ref)
	}
}

func TestGetRecord(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	site := property.Site{ID: "site-a", Name: "Riverside Court"}
	if err := s.PutRecord(ctx, "acme", site); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, org, coll, id string
		code                messaging.Code
	}{
		{"found", "acme", property.CollSites, "site-a", ""},
		{"another organisation", "rival", property.CollSites, "site-a", messaging.CodeNotFound},
		{"another collection", "acme", property.CollUnits, "site-a", messaging.CodeNotFound},
		{"no such collection", "acme", "tenants", "site-a", messaging.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.GetRecord(ctx, tc.org, tc.coll, tc.id)
			if tc.code != "" {
				if messaging.ErrorCode(err) != tc.code {
					t.Errorf("got %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(r, property.Record(site)) {
				t.Errorf("got %+v, %v, want %+v", r, err, site)
			}
		})
	}
	list, total, err := s.ListRecords(ctx, "acme", property.CollSites, 50, 0)
	if err != nil || total != 1 || len(list) != 1 {
		t.Errorf("list: got %v, %d, %v", list, total, err)
	}
}

// lostPutAnswer answers every PutItem as the SDK does when a request's answer is lost after it
// succeeded and the retry is sent: the write happens, then the same write is sent again.
type lostPutAnswer struct{ api }

func (l lostPutAnswer) PutItem(ctx context.Context, in *ddb.PutItemInput, opts ...func(*ddb.Options)) (*ddb.PutItemOutput, error) {
	if _, err := l.api.PutItem(ctx, in, opts...); err != nil {
		return nil, err
	}
	return l.api.PutItem(ctx, in, opts...)
}

// A work order put whose answer was lost and whose retry was refused is written, not a
// conflict; a put that lost to somebody else's is still a conflict.
func TestPutWorkOrderRetriedAfterALostAnswerIsDone(t *testing.T) {
	ts, db := newTestStore(t)
	s := newStore(lostPutAnswer{db}, ts.table)
	ctx := context.Background()
	w := property.WorkOrder{Ref: "WO-2026-0200", SiteID: "site-a", Title: "Gutter", Status: property.WorkOrderApproved}
	for i, title := range []string{"Gutter", "Gutter and downpipe"} {
		w.Title = title
		if err := s.PutRecord(ctx, "acme", w); err != nil {
			t.Fatalf("put %d: %v, want written", i, err)
		}
		if got, err := s.WorkOrder(ctx, "acme", w.Ref); err != nil || got.Title != title {
			t.Fatalf("put %d: read %+v, %v; want the title %q", i, got, err, title)
		}
	}
	// Somebody else's write between the read and the put is a conflict, as before.
	other := newStore(db, s.table)
	racing := &racingPut{api: db, before: func() {
		_ = other.PutRecord(ctx, "acme", property.WorkOrder{Ref: w.Ref, SiteID: "site-a", Title: "Theirs", Status: property.WorkOrderApproved})
	}}
	err := newStore(racing, s.table).PutRecord(ctx, "acme", w)
	if messaging.ErrorCode(err) != messaging.CodeConflict {
		t.Fatalf("racing put: %v, want a conflict", err)
	}
}

// racingPut runs before once, just before the first PutItem it passes on.
type racingPut struct {
	api
	before func()
	done   bool
}

func (r *racingPut) PutItem(ctx context.Context, in *ddb.PutItemInput, opts ...func(*ddb.Options)) (*ddb.PutItemOutput, error) {
	if !r.done {
		r.done = true
		r.before()
	}
	return r.api.PutItem(ctx, in, opts...)
}
