// Package api is the platform's HTTP API behind API Gateway: the seed's send and get-options
// routes, jobs and their case notes, and what an administrator manages (WhatsApp settings, API
// tokens).
package api

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/idempotency"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/sending"
)

// Store is what the API reads and writes in the table.
type Store interface {
	Authenticate(ctx context.Context, token string, now time.Time) (messaging.Principal, error)
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
	PutSettings(ctx context.Context, st messaging.Settings) error
	ListTemplates(ctx context.Context, orgID string) ([]messaging.Template, error)
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
	Templates     TemplateSyncer
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
	// Platforms reaches each organisation's property platform, for its callbacks.
	Platforms Platforms
	Now       func() time.Time
	// NewID names secrets revisions; a ULID when nil.
	NewID func() string
	// Events keeps the organisations' platform event endpoints and their delivery logs.
	Events EventEndpoints
	// General answers the routes that validate a phone number (ValidatesNumbers) or carry
	// attachments (CarriesAttachments) as not found, by Handle and HandleAs alike: set by the
	// functions that link neither libphonenumber nor the S3 client (ApiGeneralFunction,
	// ConsoleFunction), to which the template routes none of them.
	General bool
}

// Handle answers one request: its route (matched on API Gateway's route key) and method, the
// caller's token, the route's permission, then the route's handler.
func (a *API) Handle(ctx context.Context, r apigw.Request) (apigw.Response, error) {
	rt, ok := routes[r.RouteKey]
	if !ok || a.General && (numberRoutes[r.RouteKey] || attachmentRoutes[r.RouteKey]) {
		return apigw.Error(messaging.Errorf(messaging.CodeNotFound, "No route for %s %s", apigw.Method(r), r.RawPath)), nil
	}
	if allow, err := apigw.RequireMethod(r, rt.Methods...); err != nil {
		return apigw.WithHeaders(a.fail(ctx, err), allow), nil
	}
	p, err := a.Store.Authenticate(ctx, apigw.BearerToken(r), a.Now())
	if err != nil {
		return a.fail(ctx, err), nil
	}
	return a.serve(ctx, rt, p, r), nil
}

// HandleAs answers one request for a principal authenticated another way (the staff
// console's cookie session): the same route, method and permission checks and handler as
// Handle, without a bearer token.
func (a *API) HandleAs(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	rt, ok := routes[r.RouteKey]
	if !ok || a.General && (numberRoutes[r.RouteKey] || attachmentRoutes[r.RouteKey]) {
		return apigw.Error(messaging.Errorf(messaging.CodeNotFound, "No route for %s %s", apigw.Method(r), r.RawPath))
	}
	if allow, err := apigw.RequireMethod(r, rt.Methods...); err != nil {
		return apigw.WithHeaders(a.fail(ctx, err), allow)
	}
	return a.serve(ctx, rt, p, r)
}

// serve checks the route's permission for p and runs its handler.
func (a *API) serve(ctx context.Context, rt Route, p messaging.Principal, r apigw.Request) apigw.Response {
	ctx = obs.WithLogger(ctx, obs.Logger(ctx).With("org_id", p.OrgID, "user_id", p.UserID))
	if !slices.ContainsFunc(rt.Perms, p.Can) {
		return a.fail(ctx, messaging.Errorf(messaging.CodeForbidden, messaging.MsgForbidden))
	}
	return rt.handle(a, ctx, p, r)
}

// Route is one route of the API: the methods it answers and the permissions, any one of
// which admits a caller.
type Route struct {
	Methods []string
	Perms   []string
	handle  func(a *API, ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response
}

// routes is the one route table, by API Gateway route key (as template.yaml declares each
// route): routing, the permission checks and the OpenAPI tests all read it.
var routes = map[string]Route{
	"ANY /api/whatsapp/send":                                     {post, canSend, (*API).send},
	"ANY /api/whatsapp/get-options":                              {get, canSend, (*API).getOptions},
	"ANY /api/whatsapp/conversations":                            {get, canSend, (*API).listConversations},
	"ANY /api/whatsapp/conversations/{conversation_id}":          {get, canSend, (*API).conversation},
	"ANY /api/whatsapp/conversations/{conversation_id}/messages": {[]string{"GET", "POST"}, canSend, (*API).conversationMessages},
	"ANY /api/jobs/{job_id}":                                     {getPut, []string{messaging.PermJobsManage}, (*API).job},
	"ANY /api/jobs/{job_id}/case-notes":                          {get, []string{messaging.PermCaseNotesView}, (*API).caseNotes},
	"ANY /api/admin/whatsapp/settings":                           {getPut, canManageSettings, (*API).settings},
	"ANY /api/admin/whatsapp/templates/sync":                     {post, canManageSettings, (*API).syncTemplates},
	"ANY /api/whatsapp/attachments":                              {post, canSend, (*API).createAttachment},
	"ANY /api/whatsapp/attachments/{attachment_id}":              {get, []string{messaging.PermWhatsAppSend, PermAttachmentsView}, (*API).getAttachment},
	"ANY /api/admin/api-tokens":                                  {get, canManageTokens, (*API).listTokens},
	"ANY /api/admin/api-tokens/{token_id}":                       {[]string{"DELETE"}, canManageTokens, (*API).revokeToken},
	// Reads need api.property.view, writes api.property.manage: the handlers tell the methods apart.
	"ANY /api/property/{collection}":      {get, canProperty, (*API).propertyList},
	"ANY /api/property/{collection}/{id}": {getPut, canProperty, (*API).propertyRecord},
	"ANY /api/property/tickets/{ref}":     {get, []string{messaging.PermPropertyView}, (*API).propertyTicket},
	// The caller's own WhatsApp link (Profile → PropLink Chat).
	"ANY /api/me/whatsapp-link":                                  {[]string{"GET", "POST", "DELETE"}, []string{messaging.PermWhatsAppLink}, (*API).whatsappLink},
	"ANY /api/whatsapp/conversations/{conversation_id}/handover": {[]string{"POST", "DELETE"}, canSend, (*API).handover},
	"ANY /api/property/tickets/{ref}/messages":                   {post, []string{messaging.PermPropertyManage}, (*API).propertyTicketMessage},
	"ANY /api/property/work-orders/{ref}/invitations":            {post, []string{messaging.PermPropertyManage}, (*API).workOrderInvitation},
	"ANY /api/platform/ticket-messages":                          {post, []string{messaging.PermPlatformCallback}, (*API).platformTicketMessage},
	// Platform events: the organisation's endpoints, their signing secrets and delivery logs.
	"ANY /api/admin/events/endpoints":                             {[]string{"GET", "POST"}, canManageSettings, (*API).eventEndpoints},
	"ANY /api/admin/events/endpoints/{endpoint_id}":               {[]string{"GET", "DELETE"}, canManageSettings, (*API).eventEndpoint},
	"ANY /api/admin/events/endpoints/{endpoint_id}/rotate-secret": {post, canManageSettings, (*API).rotateEventSecret},
	"ANY /api/admin/events/endpoints/{endpoint_id}/deliveries":    {get, canManageSettings, (*API).eventDeliveries},
}

// numberRoutes are the routes that validate a phone number a request carries (phone.Parse), so
// that the function serving them must link libphonenumber: ApiFunction. The routes neither
// these nor attachmentRoutes are ApiGeneralFunction's.
var numberRoutes = map[string]bool{
	"ANY /api/whatsapp/send":              true,
	"ANY /api/jobs/{job_id}":              true,
	"ANY /api/admin/whatsapp/settings":    true,
	"ANY /api/property/{collection}/{id}": true,
	"ANY /api/platform/ticket-messages":   true,
}

// ValidatesNumbers reports whether the route (by route key) validates a phone number, so that
// the function serving it must link libphonenumber.
func ValidatesNumbers(key string) bool { return numberRoutes[key] }

// attachmentRoutes are the routes that store, read or send attachments (S3): ApiFunction's too.
var attachmentRoutes = map[string]bool{
	"ANY /api/whatsapp/attachments":                              true,
	"ANY /api/whatsapp/attachments/{attachment_id}":              true,
	"ANY /api/whatsapp/conversations/{conversation_id}/messages": true,
	"ANY /api/property/tickets/{ref}/messages":                   true,
}

// CarriesAttachments reports whether the route (by route key) stores, reads or sends
// attachments, so that the function serving it must wire the attachments bucket.
func CarriesAttachments(key string) bool { return attachmentRoutes[key] }

// The methods and permissions routes share.
var (
	get, getPut, post = []string{"GET"}, []string{"GET", "PUT"}, []string{"POST"}

	canSend           = []string{messaging.PermWhatsAppSend}
	canManageSettings = []string{messaging.PermWhatsAppSettings}
	canManageTokens   = []string{messaging.PermTokensManage}
	canProperty       = []string{messaging.PermPropertyView, messaging.PermPropertyManage}
)

// Routes returns the API's routes by route key, for the OpenAPI and template checks.
func Routes() map[string]Route {
	out := make(map[string]Route, len(routes))
	for k, rt := range routes {
		out[k] = Route{Methods: slices.Clone(rt.Methods), Perms: slices.Clone(rt.Perms)}
	}
	return out
}

// RouteOf returns the route key that serves a path of the OpenAPI document (false for none)
// and the path parameters the documented path fixes. The document names each property
// collection's paths on their own, since their records differ; one route serves them all.
func RouteOf(docPath string) (key string, fixed map[string]string, ok bool) {
	if _, ok := routes["ANY "+docPath]; ok {
		return "ANY " + docPath, map[string]string{}, true
	}
	rest, ok := strings.CutPrefix(docPath, "/api/property/")
	if !ok {
		return "", nil, false
	}
	c, tail, _ := strings.Cut(rest, "/")
	key = "ANY /api/property/{collection}"
	if tail != "" {
		key += "/" + tail
	}
	if _, known := property.NewRecord(c); !known {
		return "", nil, false
	}
	if _, ok := routes[key]; !ok {
		return "", nil, false
	}
	return key, map[string]string{"collection": c}, true
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
