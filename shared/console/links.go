package console

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
)

// ChatLinkStore keeps the click-to-chat links (dynamo.ChatLinks is one).
type ChatLinkStore interface {
	// PutChatLink stores a new link; a code already taken is CodeConflict.
	PutChatLink(ctx context.Context, l messaging.ChatLink) error
	ChatLinks(ctx context.Context, orgID string) ([]messaging.ChatLink, error)
}

// SettingsReader reads an organisation's WhatsApp settings (dynamo.Store is one).
type SettingsReader interface {
	GetSettings(ctx context.Context, orgID string) (messaging.Settings, error)
}

// linkView is a click-to-chat link as the console shows it.
type linkView struct {
	messaging.ChatLink
	Queue string `json:"queue"`
	URL   string `json:"url"`
}

// linkBody asks for a link: the caller's own (kind staff) or a site's (kind site, site_id and
// the label people see; needs api.whatsapp.settings.manage).
type linkBody struct {
	Kind   string `json:"kind"`
	SiteID string `json:"site_id"`
	Label  string `json:"label"`
	apigw.CSRF
}

// maxLabel bounds a link's label.
const maxLabel = 80

// links is GET (the organisation's links) and POST (a new one) /console/api/links.
func (h *Handler) links(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if h.Links == nil || h.Settings == nil {
		return h.fail(ctx, messaging.Errorf(messaging.CodeInternal, "click-to-chat links are not wired"))
	}
	st, err := h.Settings.GetSettings(ctx, p.OrgID)
	if err != nil {
		return h.fail(ctx, err)
	}
	if st.DisplayPhoneNumber == "" {
		return h.fail(ctx, messaging.Errorf(messaging.CodeNotConfigured, "The organisation's WhatsApp number is not known yet (display_phone_number in the WhatsApp settings)"))
	}
	if apigw.Method(r) == "GET" {
		list, err := h.Links.ChatLinks(ctx, p.OrgID)
		if err != nil {
			return h.fail(ctx, err)
		}
		out := make([]linkView, 0, len(list))
		for _, l := range list {
			out = append(out, linkView{ChatLink: l, Queue: l.Queue(), URL: messaging.ChatLinkURL(st.DisplayPhoneNumber, l)})
		}
		return apigw.List(out, len(out), "")
	}
	var b linkBody
	if err := apigw.DecodeJSON(r, &b); err != nil {
		return h.fail(ctx, err)
	}
	l, err := newLink(p, b)
	if err != nil {
		return h.fail(ctx, err)
	}
	for range 3 {
		if l.Code, err = messaging.NewChatLinkCode(); err != nil {
			return h.fail(ctx, err)
		}
		if err = h.Links.PutChatLink(ctx, l); messaging.ErrorCode(err) != messaging.CodeConflict {
			break
		}
	}
	if err != nil {
		return h.fail(ctx, err)
	}
	return apigw.OK(linkView{ChatLink: l, Queue: l.Queue(), URL: messaging.ChatLinkURL(st.DisplayPhoneNumber, l)},
		"Share this link: the first message of whoever follows it lands in this queue")
}

// newLink checks a link request against the caller.
func newLink(p messaging.Principal, b linkBody) (messaging.ChatLink, error) {
	label := strings.TrimSpace(b.Label)
	if utf8.RuneCountInString(label) > maxLabel {
		return messaging.ChatLink{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: label (at most %d characters)", maxLabel)
	}
	switch b.Kind {
	case messaging.ChatLinkStaff:
		if b.SiteID != "" {
			return messaging.ChatLink{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: site_id (only with kind site)")
		}
		if label == "" {
			label = p.Name
		}
		return messaging.ChatLink{OrgID: p.OrgID, Kind: b.Kind, TargetID: p.UserID, Label: label}, nil
	case messaging.ChatLinkSite:
		if err := p.Require(messaging.PermWhatsAppSettings); err != nil {
			return messaging.ChatLink{}, err
		}
		if b.SiteID == "" || len(b.SiteID) > maxQuery || label == "" {
			return messaging.ChatLink{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: site_id and label")
		}
		return messaging.ChatLink{OrgID: p.OrgID, Kind: b.Kind, TargetID: b.SiteID, Label: label}, nil
	}
	return messaging.ChatLink{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: kind (staff or site)")
}
