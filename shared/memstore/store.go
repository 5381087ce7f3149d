// Package memstore is the product's table in memory, for the services' unit tests: settings,
// jobs, templates, case notes, send records and event dedupe records, with the rules
// dynamo.Store enforces by its conditions (forward-only statuses, idempotent notes, send and
// event claims under leases, unknown sends settled by a status). The conformance suite
// dynamo/storetest runs against both, so the two cannot quietly differ. Safe for concurrent use.
package memstore

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/proplink/chat/shared/messaging"
)

// Store is the table in memory. The zero value is not ready: use New.
type Store struct {
	mu          sync.Mutex
	settings    map[string]messaging.Settings
	jobs        map[string]messaging.Job
	templates   map[string][]messaging.Template
	notes       map[string]messaging.CaseNote   // org#job#id
	sends       map[string]*send                // org#id
	events      map[string]*event               // org#key
	attachments map[string]messaging.Attachment // org#id
	suppressed  map[string]bool                 // org#e164: opted out
	outbound    []messaging.ConversationMessage // recorded in conversations, in order
	// Fail, when set, is asked before each call with the method's name and the id the call
	// is about (note, message or event id; the organisation for settings); an error it
	// returns fails the call. Set it before use.
	Fail func(method, id string) error
}

// New returns an empty store.
func New() *Store {
	return &Store{settings: map[string]messaging.Settings{}, jobs: map[string]messaging.Job{},
		templates: map[string][]messaging.Template{}, notes: map[string]messaging.CaseNote{},
		sends: map[string]*send{}, events: map[string]*event{}, suppressed: map[string]bool{}}
}

// FailOn returns a Fail hook that fails method for id with err.
func FailOn(method, id string, err error) func(string, string) error {
	return func(m, i string) error {
		if m == method && i == id {
			return err
		}
		return nil
	}
}

// fail asks the Fail hook; the caller holds no lock.
func (s *Store) fail(method, id string) error {
	if s.Fail == nil {
		return nil
	}
	return s.Fail(method, id)
}

// PutSettings stores an organisation's settings.
func (s *Store) PutSettings(_ context.Context, st messaging.Settings) error {
	if err := s.fail("PutSettings", st.OrgID); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings[st.OrgID] = st
	return nil
}

// GetSettings returns an organisation's settings, or a CodeNotConfigured error.
func (s *Store) GetSettings(_ context.Context, orgID string) (messaging.Settings, error) {
	if err := s.fail("GetSettings", orgID); err != nil {
		return messaging.Settings{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.settings[orgID]
	if !ok {
		return messaging.Settings{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	return st, nil
}

// PutJob stores a job.
func (s *Store) PutJob(_ context.Context, j messaging.Job) error {
	if err := s.fail("PutJob", strconv.FormatInt(j.ID, 10)); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[j.OrgID+"#"+strconv.FormatInt(j.ID, 10)] = j
	return nil
}

// GetJob returns an organisation's job, or a CodeNotFound error.
func (s *Store) GetJob(_ context.Context, orgID string, id int64) (messaging.Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[orgID+"#"+strconv.FormatInt(id, 10)]
	if !ok {
		return messaging.Job{}, messaging.Errorf(messaging.CodeNotFound, "Job not found. It may not exist, have been deleted, or belong to a different organisation.")
	}
	return j, nil
}

// ListTemplates returns an organisation's templates.
func (s *Store) ListTemplates(_ context.Context, orgID string) ([]messaging.Template, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.templates[orgID], nil
}

// SyncTemplates replaces an organisation's templates with from and returns them.
func (s *Store) SyncTemplates(_ context.Context, orgID string, from []messaging.Template) ([]messaging.Template, error) {
	if err := s.fail("SyncTemplates", orgID); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.templates[orgID] = from
	return from, nil
}

// LoadSend reads what a template send needs: the settings, the job and the template.
func (s *Store) LoadSend(ctx context.Context, orgID string, jobID int64, templateID int) (messaging.Settings, messaging.Job, messaging.Template, error) {
	if err := s.fail("LoadSend", orgID); err != nil {
		return messaging.Settings{}, messaging.Job{}, messaging.Template{}, err
	}
	st, err := s.GetSettings(ctx, orgID)
	if err != nil {
		return st, messaging.Job{}, messaging.Template{}, err
	}
	j, err := s.GetJob(ctx, orgID, jobID)
	if err != nil {
		return st, j, messaging.Template{}, err
	}
	ts, _ := s.ListTemplates(ctx, orgID)
	for _, t := range ts {
		if t.ID == templateID {
			return st, j, t, nil
		}
	}
	return st, j, messaging.Template{}, messaging.Errorf(messaging.CodeNotFound, "Template not found. It may not exist, have been deleted, or belong to a different organisation.")
}

// errRequired is the error of a write that misses a key field.
func errRequired(what, id string) error {
	return fmt.Errorf("memstore: %s %q: organisation and id are required", what, id)
}

// DeleteSettings removes an organisation's settings, as if it was never configured.
func (s *Store) DeleteSettings(orgID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.settings, orgID)
}
