// Package api is the platform's HTTP API behind API Gateway: the seed's send and get-options
// routes, jobs and their case notes, and what an administrator manages (WhatsApp settings, API
// tokens).
package api

import (
	"context"
	"slices"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/whatsapp"
)

// Store is what the API reads and writes in the table.
type Store interface {
	Authenticate(ctx context.Context, token string, now time.Time) (messaging.Principal, error)
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
	PutSettings(ctx context.Context, st messaging.Settings) error
	ListTemplates(ctx context.Context, orgID string) ([]messaging.Template, error)
	SyncTemplates(ctx context.Context, orgID string, fromProvider []messaging.Template) ([]messaging.Template, error)
	PutJob(ctx context.Context, j messaging.Job) error
	GetJob(ctx context.Context, orgID string, id int64) (messaging.Job, error)
	ListCaseNotes(ctx context.Context, orgID string, jobID int64, limit, offset int) ([]messaging.CaseNote, int, error)
}

// Secrets reads, writes and deletes an organisation's provider secrets.
type Secrets interface {
	Get(ctx context.Context, name string) (string, error)
	Put(ctx context.Context, name, value string) error
	Delete(ctx context.Context, names ...string) error
}

// Idempotency remembers answers by Idempotency-Key.
type Idempotency interface {
	Claim(ctx context.Context, key, fingerprint string, now time.Time) (idempotency.Outcome, error)
	Complete(ctx context.Context, key string, out idempotency.Outcome) error
	Release(ctx context.Context, key string) error
}

// API routes API Gateway requests to their handlers.
type API struct {
	Store         Store
	Secrets       Secrets
	Send          *sending.Service
	Provider      whatsapp.Provider
	Idempotency   Idempotency
	Conversations Conversations
	Attachments   Attachments
	Tokens        Tokens
	Property      PropertyStore
	// Verifier confirms with the provider that a number and account belong to a token.
	Verifier NumberVerifier
	// Stage is the deployment stage; only the local one admits loopback provider URLs.
	Stage string
	// Links and Handovers serve the assistant's staff routes (WhatsApp link, handover).
	Links     StaffLinks
	Handovers Handovers
	Now       func() time.Time
	// NewID names secrets revisions; a ULID when nil.
	NewID func() string
}

type handler func(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response

// Handle answers one request. Routes are matched on API Gateway's route key, so the template
// stays the one place that names paths.
func (a *API) Handle(ctx context.Context, r apigw.Request) (apigw.Response, error) {
	methods, h := routeMethods[r.RouteKey], a.handlerFor(r.RouteKey)
	if h == nil || methods == nil {
		return apigw.Error(messaging.Errorf(messaging.CodeNotFound, "No route for %s %s", apigw.Method(r), r.RawPath)), nil
	}
	if allow, err := apigw.RequireMethod(r, methods...); err != nil {
		return apigw.WithHeaders(a.fail(ctx, err), allow), nil
	}
	p, err := a.Store.Authenticate(ctx, apigw.BearerToken(r), a.Now())
	if err != nil {
		return a.fail(ctx, err), nil
	}
	ctx = obs.WithLogger(ctx, obs.Logger(ctx).With("org_id", p.OrgID, "user_id", p.UserID))
	return h(ctx, p, r), nil
}

// routeMethods is the one route table: API Gateway route keys (as template.yaml declares them)
// and the methods each answers.
var routeMethods = map[string][]string{
	"ANY /api/whatsapp/send":                                     {"POST"},
	"ANY /api/whatsapp/get-options":                              {"GET"},
	"ANY /api/whatsapp/conversations":                            {"GET"},
	"ANY /api/whatsapp/conversations/{conversation_id}":          {"GET"},
	"ANY /api/whatsapp/conversations/{conversation_id}/messages": {"GET", "POST"},
	"ANY /api/jobs/{job_id}":                                     {"GET", "PUT"},
	"ANY /api/jobs/{job_id}/case-notes":                          {"GET"},
	"ANY /api/admin/whatsapp/settings":                           {"GET", "PUT"},
	"ANY /api/admin/whatsapp/templates/sync":                     {"POST"},
	"ANY /api/whatsapp/attachments":                              {"POST"},
	"ANY /api/whatsapp/attachments/{attachment_id}":              {"GET"},
	"ANY /api/admin/api-tokens":                                  {"GET"},
	"ANY /api/admin/api-tokens/{token_id}":                       {"DELETE"},
	"ANY /api/property/{collection}":                             {"GET"},
	"ANY /api/property/{collection}/{id}":                        {"GET", "PUT"},
	"ANY /api/property/tickets/{ref}":                            {"GET"},
	"ANY /api/me/whatsapp-link":                                  {"GET", "POST", "DELETE"},
	"ANY /api/whatsapp/conversations/{conversation_id}/handover": {"POST", "DELETE"},
}

// Routes returns the API's route keys with the methods each answers, for the OpenAPI checks.
func Routes() map[string][]string {
	out := make(map[string][]string, len(routeMethods))
	for k, v := range routeMethods {
		out[k] = slices.Clone(v)
	}
	return out
}

// handlerFor returns the handler of a route key (nil for an unknown key); the methods each
// route allows are in routeMethods. A switch, not a map built per request.
func (a *API) handlerFor(key string) handler {
	switch key {
	case "ANY /api/whatsapp/send":
		return a.send
	case "ANY /api/whatsapp/get-options":
		return a.getOptions
	case "ANY /api/whatsapp/conversations":
		return a.listConversations
	case "ANY /api/whatsapp/conversations/{conversation_id}":
		return a.conversation
	case "ANY /api/whatsapp/conversations/{conversation_id}/messages":
		return a.conversationMessages
	case "ANY /api/jobs/{job_id}":
		return a.job
	case "ANY /api/jobs/{job_id}/case-notes":
		return a.caseNotes
	case "ANY /api/admin/whatsapp/settings":
		return a.settings
	case "ANY /api/admin/whatsapp/templates/sync":
		return a.syncTemplates
	case "ANY /api/whatsapp/attachments":
		return a.createAttachment
	case "ANY /api/whatsapp/attachments/{attachment_id}":
		return a.getAttachment
	case "ANY /api/admin/api-tokens":
		return a.listTokens
	case "ANY /api/admin/api-tokens/{token_id}":
		return a.revokeToken
	case "ANY /api/property/{collection}":
		return a.propertyList
	case "ANY /api/property/{collection}/{id}":
		return a.propertyRecord
	case "ANY /api/property/tickets/{ref}":
		return a.propertyTicket
	case "ANY /api/me/whatsapp-link":
		return a.whatsappLink
	case "ANY /api/whatsapp/conversations/{conversation_id}/handover":
		return a.handover
	}
	return nil
}

// fail answers with err in the envelope, logging what the caller does not see.
func (a *API) fail(ctx context.Context, err error) apigw.Response {
	resp := apigw.Error(err)
	if resp.StatusCode >= 500 {
		obs.Logger(ctx).Error("request failed", "status", resp.StatusCode, "error", err)
	} else {
		obs.Logger(ctx).Info("request refused", "status", resp.StatusCode, "reason", messaging.ErrorMessage(err))
	}
	return resp
}
