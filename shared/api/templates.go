package api

import (
	"context"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
)

// viewOf is a template as GET /api/whatsapp/get-options shows it: the seed's fields, in the
// seed's order (messaging.Template's other fields are omitted when empty), variables never null.
func viewOf(t messaging.Template) messaging.Template {
	vars := t.Variables
	if vars == nil {
		vars = []string{}
	}
	return messaging.Template{ID: t.ID, Name: t.Name, DisplayName: t.DisplayName, Description: t.Description,
		Language: t.Language, Category: t.Category, Status: t.Status, Variables: vars}
}

// getOptions is GET /api/whatsapp/get-options: the templates available for sending (approved
// ones; `?status=all` lists every template with its status).
func (a *API) getOptions(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	status, given := r.QueryStringParameters["status"]
	if given && status != "all" {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: status (all, or omit it for the approved templates)"))
	}
	st, err := a.Store.GetSettings(ctx, p.OrgID)
	if err == nil && !st.Configured() {
		err = messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	if err != nil {
		return a.fail(ctx, err)
	}
	ts, err := a.Store.ListTemplates(ctx, p.OrgID)
	if err != nil {
		return a.fail(ctx, err)
	}
	all := status == "all"
	views := make([]messaging.Template, 0, len(ts))
	for _, t := range ts {
		if all || t.Sendable() {
			views = append(views, viewOf(t))
		}
	}
	return apigw.OK(views, "")
}

// TemplateSyncer syncs an organisation's templates from its provider (templatesync.Syncer, the
// scheduled sync's code, is one).
type TemplateSyncer interface {
	// Sync merges the provider's list, keeping ids, and returns the templates as stored; unless
	// force, a list that would remove every approved template is refused (CodeUnprocessable).
	Sync(ctx context.Context, orgID string, force bool) ([]messaging.Template, error)
}

// syncTemplates is POST /api/admin/whatsapp/templates/sync: the provider's template list is
// merged into ours, keeping every known template's id. A list that would take every approved
// template away (an empty answer, say) is refused with 422 unless `?force=true`.
func (a *API) syncTemplates(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	force, given := r.QueryStringParameters["force"]
	if given && force != "true" && force != "false" {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: force (true or false)"))
	}
	ts, err := a.Templates.Sync(ctx, p.OrgID, force == "true")
	if err != nil {
		return a.fail(ctx, err)
	}
	views := make([]messaging.Template, 0, len(ts))
	for _, t := range ts {
		views = append(views, viewOf(t))
	}
	return apigw.List(views, len(views), "Templates synchronised with the provider")
}
