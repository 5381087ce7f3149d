package templatesync

import (
	"context"
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

// SyncOrg syncs one organisation's templates from its provider.
func (s *Syncer) SyncOrg(ctx context.Context, orgID string) OrgResult {
	res := OrgResult{OrgID: orgID}
	st, err := s.Store.GetSettings(ctx, orgID)
	if messaging.ErrorCode(err) == messaging.CodeNotConfigured || (err == nil && !st.Configured()) {
		res.Outcome = OutcomeNotConfigured
		return res
	}
	if err != nil {
		return failed(res, fmt.Errorf("templatesync: settings of %s: %w", orgID, err))
	}
	token, err := s.Secrets.Get(ctx, messaging.OrgSecret(orgID, st.SecretsRev, messaging.SecretAPIToken))
	if err != nil {
		return failed(res, fmt.Errorf("templatesync: provider token of %s: %w", orgID, err))
	}
	acct, err := whatsapp.AccountOf(st, token)
	if err != nil {
		return failed(res, fmt.Errorf("templatesync: account of %s: %w", orgID, err))
	}
	fromProvider, err := s.Provider.ListTemplates(ctx, acct)
	if err != nil {
		err = fmt.Errorf("templatesync: templates of %s from %s: %w", orgID, st.Provider, err)
		if whatsapp.Classify(err) == whatsapp.Auth {
			res.Outcome, res.Err = OutcomeAuthFailed, err
			return res
		}
		return failed(res, err)
	}
	stored, err := s.Store.ListTemplates(ctx, orgID)
	if err != nil {
		return failed(res, fmt.Errorf("templatesync: stored templates of %s: %w", orgID, err))
	}
	if messaging.RemovesAllApproved(stored, fromProvider) {
		// A scheduled run never forces: an administrator can, through the API.
		res.Outcome = OutcomeRefused
		res.Err = fmt.Errorf("templatesync: %s listed %d templates, none of the %s's approved ones; sync refused", st.Provider, len(fromProvider), orgID)
		return res
	}
	ts, err := s.Store.SyncTemplates(ctx, orgID, fromProvider)
	if err != nil {
		return failed(res, fmt.Errorf("templatesync: store templates of %s: %w", orgID, err))
	}
	res.Outcome, res.Templates = OutcomeSynced, len(ts)
	return res
}

func failed(res OrgResult, err error) OrgResult {
	res.Outcome, res.Err = OutcomeFailed, err
	return res
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
