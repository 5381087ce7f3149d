//go:build integration

package dynamo

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/proplink/chat/shared/messaging"
)

func providerTemplate(name, lang string) messaging.Template {
	return messaging.Template{
		Name: name, Language: lang, Category: "UTILITY", Status: messaging.TemplateApproved,
		Variables: []string{"1"}, ParameterFormat: messaging.FormatPositional, ProviderID: "p-" + name,
		Components: []messaging.Component{{Type: "BODY", Text: "Hello {{1}}"}, {Type: "BUTTONS", Buttons: []messaging.Button{{Type: "URL", Text: "Open", URL: "https://x/{{1}}"}}}},
	}
}

func idsByName(ts []messaging.Template) map[string]int {
	m := map[string]int{}
	for _, t := range ts {
		m[t.Name+"/"+t.Language] = t.ID
	}
	return m
}

func TestTemplateSeedAndGet(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	seed := providerTemplate("job_booked", "en_GB")
	seed.ID, seed.DisplayName, seed.Description = 3, "Job booked", "Tells the tenant"
	if err := s.PutTemplate(ctx, "o1", seed); err != nil {
		t.Fatalf("PutTemplate: %v", err)
	}
	got, err := s.ListTemplates(ctx, "o1")
	if err != nil {
		t.Fatalf("ListTemplates: %v", err)
	}
	if diff := cmp.Diff([]messaging.Template{seed}, got); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	if other, err := s.ListTemplates(ctx, "o2"); err != nil || len(other) != 0 {
		t.Errorf("another org's templates: got %v, %v; want none", other, err)
	}
	// A synced new template must not reuse the seeded id.
	list, err := s.SyncTemplates(ctx, "o1", []messaging.Template{providerTemplate("job_booked", "en_GB"), providerTemplate("reminder", "en_GB")})
	if err != nil {
		t.Fatalf("SyncTemplates: %v", err)
	}
	ids := idsByName(list)
	if ids["job_booked/en_GB"] != 3 || ids["reminder/en_GB"] <= 3 {
		t.Errorf("ids after sync = %v, want job_booked 3 and reminder above 3", ids)
	}
	if list[0].DisplayName != "Job booked" || list[0].Description != "Tells the tenant" {
		t.Errorf("seeded display name lost: %+v", list[0])
	}
}

func TestSyncTemplates(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	first, err := s.SyncTemplates(ctx, "o1", []messaging.Template{
		providerTemplate("a", "en_GB"), providerTemplate("b", "en_GB"), providerTemplate("a", "cy"),
	})
	if err != nil {
		t.Fatalf("first sync: %v", err)
	}
	want := map[string]int{"a/en_GB": 1, "b/en_GB": 2, "a/cy": 3}
	if diff := cmp.Diff(want, idsByName(first)); diff != "" {
		t.Errorf("first ids (-want +got):\n%s", diff)
	}

	// Our display name on b survives; a/cy disappears at the provider; c is new.
	b := first[1]
	b.DisplayName, b.Description = "Bee", "Our words"
	if err := s.PutTemplate(ctx, "o1", b); err != nil {
		t.Fatalf("PutTemplate: %v", err)
	}
	second, err := s.SyncTemplates(ctx, "o1", []messaging.Template{
		providerTemplate("c", "en_GB"), providerTemplate("b", "en_GB"), providerTemplate("a", "en_GB"),
	})
	if err != nil {
		t.Fatalf("second sync: %v", err)
	}
	want = map[string]int{"a/en_GB": 1, "b/en_GB": 2, "a/cy": 3, "c/en_GB": 4}
	if diff := cmp.Diff(want, idsByName(second)); diff != "" {
		t.Errorf("second ids (-want +got):\n%s", diff)
	}
	for i, tpl := range second {
		if tpl.ID != i+1 {
			t.Errorf("list position %d holds id %d, want ids in order", i, tpl.ID)
		}
	}
	if got := second[2].Status; got != TemplateDeleted || second[2].Sendable() {
		t.Errorf("removed template status = %q, want %q and not sendable", got, TemplateDeleted)
	}
	if second[1].DisplayName != "Bee" || second[1].Description != "Our words" {
		t.Errorf("display name/description not kept: %+v", second[1])
	}
	list, err := s.ListTemplates(ctx, "o1")
	if err != nil || len(list) != 4 {
		t.Errorf("ListTemplates = %d templates, %v; want 4", len(list), err)
	}
	if other, _ := s.ListTemplates(ctx, "o2"); len(other) != 0 {
		t.Errorf("another org sees %d templates", len(other))
	}
}

func TestConcurrentSyncsGiveOneIDPerTemplate(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	var provider []messaging.Template
	for i := range 8 {
		provider = append(provider, providerTemplate(fmt.Sprintf("t%d", i), "en_GB"))
	}
	const syncs = 6
	var wg sync.WaitGroup
	errs := make(chan error, syncs)
	for range syncs {
		wg.Go(func() {
			if _, err := s.SyncTemplates(ctx, "o1", provider); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent sync: %v", err)
	}
	list, err := s.ListTemplates(ctx, "o1")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(provider) {
		t.Fatalf("got %d templates after concurrent syncs, want %d (one id per name): %v", len(list), len(provider), idsByName(list))
	}
	again, err := s.SyncTemplates(ctx, "o1", provider)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(idsByName(list), idsByName(again)); diff != "" {
		t.Errorf("ids moved on a later sync (-before +after):\n%s", diff)
	}
}
