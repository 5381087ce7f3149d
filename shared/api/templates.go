package api

import (
	"context"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/sending"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp"
)

// templateView is a template as GET /api/whatsapp/get-options shows it: the seed's fields, in
// the seed's order.
type templateView struct {
	ID          int      `json:"id"`
	Name        string   `json:"name"`
	DisplayName string   `json:"display_name"`
	Description string   `json:"description"`
	Language    string   `json:"language"`
	Category    string   `json:"category"`
	Status      string   `json:"status"`
	Variables   []string `json:"variables"`
}

func viewOf(t messaging.Template) templateView {
	vars := t.Variables
	if vars == nil {
		vars = []string{}
	}
	return templateView{t.ID, t.Name, t.DisplayName, t.Description, t.Language, t.Category, t.Status, vars}
}

// getOptions is GET /api/whatsapp/get-options: the templates available for sending (approved
// ones; `?status=all` lists every template with its status).
func (a *API) getOptions(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermWhatsAppSend); err != nil {
		return a.fail(ctx, err)
	}
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
	views := make([]templateView, 0, len(ts))
	for _, t := range ts {
		if all || t.Sendable() {
			views = append(views, viewOf(t))
		}
	}
	return apigw.OK(views, "")
}

// syncTemplates is POST /api/admin/whatsapp/templates/sync: the provider's template list is
// merged into ours, keeping every known template's id. A list that would take every approved
// template away (an empty answer, say) is refused with 422 unless `?force=true`.
func (a *API) syncTemplates(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermWhatsAppSettings); err != nil {
		return a.fail(ctx, err)
	}
	force, given := r.QueryStringParameters["force"]
	if given && force != "true" && force != "false" {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: force (true or false)"))
	}
	st, err := a.Store.GetSettings(ctx, p.OrgID)
	if err == nil && !st.Configured() {
		err = messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
	}
	if err != nil {
		return a.fail(ctx, err)
	}
	token, err := a.Secrets.Get(ctx, ssm.OrgSecret(p.OrgID, st.SecretsRev, sending.SecretAPIToken))
	if err != nil {
		return a.fail(ctx, err)
	}
	acct, err := whatsapp.AccountOf(st, token)
	if err != nil {
		return a.fail(ctx, err)
	}
	fromProvider, err := a.Provider.ListTemplates(ctx, acct)
	if err != nil {
		if whatsapp.Classify(err) == whatsapp.Auth {
			return a.fail(ctx, messaging.Wrap(messaging.CodeProviderFailed, "The WhatsApp provider rejected the organisation's credentials. Update the API token.", err))
		}
		return a.fail(ctx, messaging.Wrap(messaging.CodeProviderFailed, "The WhatsApp provider's template list could not be read. Please try again.", err))
	}
	if force != "true" {
		stored, err := a.Store.ListTemplates(ctx, p.OrgID)
		if err != nil {
			return a.fail(ctx, err)
		}
		if messaging.RemovesAllApproved(stored, fromProvider) {
			return a.fail(ctx, messaging.Errorf(messaging.CodeUnprocessable, "%s", messaging.MsgSyncWouldRemoveAll))
		}
	}
	ts, err := a.Store.SyncTemplates(ctx, p.OrgID, fromProvider)
	if err != nil {
		return a.fail(ctx, err)
	}
	views := make([]templateView, 0, len(ts))
	for _, t := range ts {
		views = append(views, viewOf(t))
	}
	return apigw.List(views, len(views), "Templates synchronised with the provider")
}
