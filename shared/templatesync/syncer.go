package templatesync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// DefaultConcurrency is how many organisations a run syncs at once when Syncer.Concurrency is
// zero.
const DefaultConcurrency = 4

// The outcomes of one organisation's sync.
const (
	OutcomeSynced        = "synced"
	OutcomeNotConfigured = "not_configured" // listed, but its settings are no longer complete
	OutcomeAuthFailed    = "auth_failed"    // the provider refused the token
	OutcomeRefused       = "refused"        // the list would remove every approved template
	OutcomeFailed        = "failed"         // anything else: provider down, store error
)

// Syncer syncs every configured organisation's templates. Store, Secrets and Provider are
// required; Metrics is optional.
type Syncer struct {
	Store       Store
	Secrets     Secrets
	Provider    Lister
	Metrics     Metrics
	Concurrency int // organisations synced at once; DefaultConcurrency when zero
}

// OrgResult is what a run did for one organisation.
type OrgResult struct {
	OrgID     string
	Outcome   string
	Templates int   // templates the organisation has after the sync
	Err       error // why it failed, for OutcomeAuthFailed and OutcomeFailed
}

// Report is what a run did, one result per configured organisation in index order.
type Report struct {
	Orgs []OrgResult
}

// Count returns how many organisations ended with outcome.
func (r Report) Count(outcome string) int {
	n := 0
	for _, o := range r.Orgs {
		if o.Outcome == outcome {
			n++
		}
	}
	return n
}

// Run syncs every configured organisation, logging one line per organisation. It fails only
// when the organisations cannot be listed; an organisation's failure is in the report.
func (s *Syncer) Run(ctx context.Context) (Report, error) {
	orgs, err := s.Store.ConfiguredOrgs(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("templatesync: list organisations: %w", err)
	}
	rep := Report{Orgs: make([]OrgResult, len(orgs))}
	workers := s.Concurrency
	if workers <= 0 {
		workers = DefaultConcurrency
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(orgs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rep.Orgs[i] = s.SyncOrg(ctx, orgs[i])
			}
		}()
	}
	for i := range orgs {
		next <- i
	}
	close(next)
	wg.Wait()
	log := obs.Logger(ctx)
	for _, r := range rep.Orgs {
		logResult(log, r)
	}
	s.count(MetricSynced, rep.Count(OutcomeSynced), nil)
	s.count(MetricFailed, rep.Count(OutcomeFailed)+rep.Count(OutcomeAuthFailed)+rep.Count(OutcomeRefused), nil)
	s.count(MetricRefused, rep.Count(OutcomeRefused), nil)
	s.count(MetricProviderAuth, rep.Count(OutcomeAuthFailed), nil)
	return rep, nil
}

// SyncOrg syncs one organisation's templates from its provider, never forced: an administrator
// can force a sync through the API.
func (s *Syncer) SyncOrg(ctx context.Context, orgID string) OrgResult {
	res := OrgResult{OrgID: orgID}
	ts, err := s.Sync(ctx, orgID, false)
	switch {
	case err == nil:
		res.Outcome, res.Templates = OutcomeSynced, len(ts)
	case errors.Is(err, errSettings) && messaging.ErrorCode(err) == messaging.CodeNotConfigured:
		res.Outcome = OutcomeNotConfigured
	case errors.Is(err, ErrWouldRemoveAll):
		res.Outcome, res.Err = OutcomeRefused, err
	case errors.Is(err, errProvider) && whatsapp.Classify(err) == whatsapp.Auth:
		res.Outcome, res.Err = OutcomeAuthFailed, err
	default:
		res.Outcome, res.Err = OutcomeFailed, err
	}
	return res
}

// ErrWouldRemoveAll is the cause of a sync refused because the provider's list would remove
// every approved template (messaging.RemovesAllApproved).
var ErrWouldRemoveAll = errors.New("templatesync: the list would remove every approved template")

// errSettings and errProvider mark failures to read the settings and the provider's list.
var (
	errSettings = errors.New("templatesync: settings")
	errProvider = errors.New("templatesync: provider")
)

// Sync merges the provider's template list into the organisation's templates, keeping every
// known template's id, and returns the templates as stored. Unless force, a list that would
// remove every approved template (an empty answer, say) is refused: CodeUnprocessable with
// messaging.MsgSyncWouldRemoveAll around ErrWouldRemoveAll. Incomplete settings are
// CodeNotConfigured; a provider that refuses the token or cannot list is CodeProviderFailed
// (whatsapp.Classify tells which). Other failures are the store's or the secrets'.
func (s *Syncer) Sync(ctx context.Context, orgID string, force bool) ([]messaging.Template, error) {
	st, err := s.Store.GetSettings(ctx, orgID)
	if err == nil && !st.Configured() {
		err = messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	if err != nil {
		return nil, fmt.Errorf("%w of %s: %w", errSettings, orgID, err)
	}
	acct, err := whatsapp.LoadAccount(ctx, s.Secrets, st)
	if err != nil {
		return nil, fmt.Errorf("templatesync: account of %s: %w", orgID, err)
	}
	fromProvider, err := s.Provider.ListTemplates(ctx, acct)
	if err != nil {
		msg := "The WhatsApp provider's template list could not be read. Please try again."
		if whatsapp.Classify(err) == whatsapp.Auth {
			msg = "The WhatsApp provider rejected the organisation's credentials. Update the API token."
		}
		return nil, messaging.Wrap(messaging.CodeProviderFailed, msg,
			fmt.Errorf("%w: templates of %s from %s: %w", errProvider, orgID, st.Provider, err))
	}
	if !force {
		stored, err := s.Store.ListTemplates(ctx, orgID)
		if err != nil {
			return nil, fmt.Errorf("templatesync: stored templates of %s: %w", orgID, err)
		}
		if messaging.RemovesAllApproved(stored, fromProvider) {
			return nil, messaging.Wrap(messaging.CodeUnprocessable, messaging.MsgSyncWouldRemoveAll,
				fmt.Errorf("%w: %s listed %d templates, none of %s's approved ones", ErrWouldRemoveAll, st.Provider, len(fromProvider), orgID))
		}
	}
	ts, err := s.Store.SyncTemplates(ctx, orgID, fromProvider)
	if err != nil {
		return nil, fmt.Errorf("templatesync: store templates of %s: %w", orgID, err)
	}
	return ts, nil
}

// logResult writes one organisation's line.
func logResult(log *slog.Logger, r OrgResult) {
	attrs := []any{"org_id", r.OrgID, "outcome", r.Outcome}
	switch r.Outcome {
	case OutcomeSynced:
		log.Info("templates synced", append(attrs, "templates", r.Templates)...)
	case OutcomeNotConfigured:
		log.Info("templates not synced: WhatsApp is not configured", attrs...)
	default:
		log.Error("templates not synced", append(attrs, "error", r.Err.Error())...)
	}
}

func (s *Syncer) count(name string, v int, dims map[string]string) {
	if s.Metrics != nil && v > 0 {
		s.Metrics.Count(name, float64(v), dims)
	}
}
