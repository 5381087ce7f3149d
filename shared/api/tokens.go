package api

import (
	"context"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
)

// Tokens lists and revokes an organisation's API tokens (dynamo.Store is one).
type Tokens interface {
	// ListTokens returns the organisation's tokens, oldest first, with their state at now.
	ListTokens(ctx context.Context, orgID string, now time.Time) ([]messaging.APIToken, error)
	// RevokeToken revokes the organisation's token by id; another organisation's, an unknown
	// and a malformed id are a CodeNotFound error. Authenticate refuses the token from the
	// next request on.
	RevokeToken(ctx context.Context, orgID, id string, now time.Time) (messaging.APIToken, error)
}

// listTokens is GET /api/admin/api-tokens: the organisation's API tokens (id, label, user,
// permissions, state, dates, last four characters; never the token nor its hash), oldest
// first, paginated with limit (default 50, 1-200) and offset. Requires api.tokens.manage.
func (a *API) listTokens(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermTokensManage); err != nil {
		return a.fail(ctx, err)
	}
	limit, offset, err := page(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	all, err := a.Tokens.ListTokens(ctx, p.OrgID, a.Now())
	if err != nil {
		return a.fail(ctx, err)
	}
	lo := min(offset, len(all))
	list := all[lo : lo+min(limit, len(all)-lo)]
	return apigw.List(list, len(all), "")
}

// revokeToken is DELETE /api/admin/api-tokens/{token_id}: the token is refused from the next
// request on. Another organisation's token is not found, exactly like an unknown one.
// Requires api.tokens.manage.
func (a *API) revokeToken(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermTokensManage); err != nil {
		return a.fail(ctx, err)
	}
	t, err := a.Tokens.RevokeToken(ctx, p.OrgID, r.PathParameters["token_id"], a.Now())
	if err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(t, "API token revoked")
}
