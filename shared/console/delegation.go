package console

import (
	"context"
	"strings"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// The functions (template logical ids) that serve the console's delegated paths.
const (
	// ConsoleFunction links neither libphonenumber nor the S3 client: it serves the delegated
	// paths whose platform route needs neither.
	ConsoleFunction = "ConsoleFunction"
	// APIFunction serves the delegated paths whose platform route validates a phone number or
	// carries attachments; the template routes exactly those console paths to it.
	APIFunction = "ApiFunction"
)

// Delegation is a console API path that a platform API route answers for the session's staff
// member (API.HandleAs), and the function that serves it.
type Delegation struct {
	// Path is the console path as template.yaml names it; its parameters are the route's.
	Path string
	// Route is the platform API route key that answers the path.
	Route string
	// Function is the template's function that serves the path: APIFunction when the route
	// validates a phone number or carries attachments, ConsoleFunction otherwise.
	Function string
}

// Delegations is the one table of the console paths the platform API answers and of the
// function that serves each. infra/bench holds template.yaml to it (APIFunction's paths are
// its events, the others reach ConsoleFunction's /console/{proxy+}) and each function to
// linking libphonenumber and the S3 client only for the routes it serves.
var Delegations = []Delegation{
	{"/console/api/templates", "ANY /api/whatsapp/get-options", ConsoleFunction},
	{"/console/api/conversations/{conversation_id}", "ANY /api/whatsapp/conversations/{conversation_id}", ConsoleFunction},
	{"/console/api/conversations/{conversation_id}/handover", "ANY /api/whatsapp/conversations/{conversation_id}/handover", ConsoleFunction},
	{"/console/api/jobs/{job_id}/case-notes", "ANY /api/jobs/{job_id}/case-notes", ConsoleFunction},
	{"/console/api/send", "ANY /api/whatsapp/send", APIFunction},
	{"/console/api/jobs/{job_id}", "ANY /api/jobs/{job_id}", APIFunction},
	{"/console/api/attachments", "ANY /api/whatsapp/attachments", APIFunction},
	{"/console/api/attachments/{attachment_id}", "ANY /api/whatsapp/attachments/{attachment_id}", APIFunction},
	{"/console/api/conversations/{conversation_id}/messages", "ANY /api/whatsapp/conversations/{conversation_id}/messages", APIFunction},
}

// delegation finds the delegation of the function fn that serves rawPath, with the path
// parameters rawPath gives its route.
func delegation(fn, rawPath string) (Delegation, map[string]string, bool) {
	segs := strings.Split(strings.TrimPrefix(rawPath, "/"), "/")
	for _, d := range Delegations {
		if d.Function != fn {
			continue
		}
		if params, ok := matchPath(d.Path, segs); ok {
			return d, params, true
		}
	}
	return Delegation{}, nil, false
}

// matchPath matches a path template (literal and {name} segments) against a path's segments.
func matchPath(tmpl string, segs []string) (map[string]string, bool) {
	want := strings.Split(strings.TrimPrefix(tmpl, "/"), "/")
	if len(want) != len(segs) {
		return nil, false
	}
	var params map[string]string
	for i, w := range want {
		name, isParam := strings.CutPrefix(w, "{")
		switch {
		case isParam && segs[i] != "":
			if params == nil {
				params = map[string]string{}
			}
			params[strings.TrimSuffix(name, "}")] = segs[i]
		case w != segs[i]:
			return nil, false
		}
	}
	return params, true
}

// delegate answers a delegated path of fn through the platform API, for p; false when fn
// serves no delegated path at r.RawPath.
func delegate(ctx context.Context, a API, fn string, p messaging.Principal, r apigw.Request) (apigw.Response, bool) {
	d, params, ok := delegation(fn, r.RawPath)
	if !ok {
		return apigw.Response{}, false
	}
	r.RouteKey, r.PathParameters = d.Route, params
	r.RawPath = strings.TrimPrefix(d.Route, "ANY ")
	return a.HandleAs(ctx, p, r), true
}

// Delegate answers, in ApiFunction, the console paths Delegations gives it: the session cookie
// and a write's CSRF token are checked as ConsoleFunction checks them, then the platform
// route answers for the session's staff member.
type Delegate struct {
	Sessions *Sessions
	API      API
}

// Serves reports whether r is a console request (one the template routed here under
// /console/), which Handle answers rather than the bearer-token API.
func (d *Delegate) Serves(r apigw.Request) bool {
	return strings.HasPrefix(strings.TrimPrefix(r.RouteKey, "ANY "), "/console/")
}

// Handle answers one console request: 401 without a session, 403 for a write without its
// CSRF token, 404 for a path that is not APIFunction's.
func (d *Delegate) Handle(ctx context.Context, r apigw.Request) apigw.Response {
	ctx, _, sess, err := authorize(ctx, d.Sessions, r)
	if err != nil {
		return fail(ctx, err)
	}
	if resp, ok := delegate(ctx, d.API, APIFunction, sess.Principal, r); ok {
		return resp
	}
	return fail(ctx, messaging.Errorf(messaging.CodeNotFound, "No route for %s %s", apigw.Method(r), r.RawPath))
}

// authorize resolves the request's session (its id and the session, with a context whose
// logger names the staff member) and checks a write's CSRF token.
func authorize(ctx context.Context, s *Sessions, r apigw.Request) (context.Context, string, Session, error) {
	id := sessionID(r)
	sess, err := s.Resolve(ctx, id)
	if err != nil {
		return ctx, "", Session{}, err
	}
	p := sess.Principal
	ctx = obs.WithLogger(ctx, obs.Logger(ctx).With("org_id", p.OrgID, "user_id", p.UserID))
	if m := apigw.Method(r); m != "GET" && m != "HEAD" {
		if err := CheckCSRF(sess, csrfTokenOf(r)); err != nil {
			return ctx, "", Session{}, err
		}
	}
	return ctx, id, sess, nil
}
