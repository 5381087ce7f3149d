// Package providers hands each account's calls to the adapter of its provider: Meta's Cloud API
// and 360dialog (meta.Client), Twilio (twilio.Client), AWS End User Messaging Social
// (socialmessaging.Client).
package providers

import (
	"context"
	"fmt"
	"io"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Adapter is what every provider adapter does: the port, and confirming a number's owner.
type Adapter interface {
	whatsapp.Provider
	VerifyNumber(ctx context.Context, acct whatsapp.Account) error
}

// Mux is a whatsapp.Provider that calls the adapter of each account's provider.
type Mux struct {
	Meta   Adapter // meta and 360dialog
	Twilio Adapter // twilio; nil refuses Twilio accounts
	// Social is AWS End User Messaging Social (socialmessaging.Client); nil refuses its accounts.
	Social Adapter
}

var _ Adapter = Mux{}

// adapter returns the adapter of acct's provider.
func (m Mux) adapter(acct whatsapp.Account) (Adapter, error) {
	var a Adapter
	switch acct.Provider {
	case messaging.ProviderMeta, messaging.ProviderDialog360, "":
		a = m.Meta
	case messaging.ProviderTwilio:
		a = m.Twilio
	case messaging.ProviderAWSSocial:
		a = m.Social
	}
	if a == nil {
		return nil, fmt.Errorf("providers: no adapter for provider %q", acct.Provider)
	}
	return a, nil
}

// SendTemplate sends through the account's provider.
func (m Mux) SendTemplate(ctx context.Context, acct whatsapp.Account, msg whatsapp.TemplateSend) (string, error) {
	a, err := m.adapter(acct)
	if err != nil {
		return "", err
	}
	return a.SendTemplate(ctx, acct, msg)
}

// SendText sends through the account's provider.
func (m Mux) SendText(ctx context.Context, acct whatsapp.Account, to, text, callbackData string) (string, error) {
	a, err := m.adapter(acct)
	if err != nil {
		return "", err
	}
	return a.SendText(ctx, acct, to, text, callbackData)
}

// SendButtons sends through the account's provider.
func (m Mux) SendButtons(ctx context.Context, acct whatsapp.Account, msg whatsapp.ButtonsSend) (string, error) {
	a, err := m.adapter(acct)
	if err != nil {
		return "", err
	}
	return a.SendButtons(ctx, acct, msg)
}

// ListTemplates lists through the account's provider.
func (m Mux) ListTemplates(ctx context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	a, err := m.adapter(acct)
	if err != nil {
		return nil, err
	}
	return a.ListTemplates(ctx, acct)
}

// VerifyNumber asks the account's provider.
func (m Mux) VerifyNumber(ctx context.Context, acct whatsapp.Account) error {
	a, err := m.adapter(acct)
	if err != nil {
		return err
	}
	return a.VerifyNumber(ctx, acct)
}

// media is what an adapter that carries media does: fetch inbound media, upload and send
// outbound media (meta.Client, twilio.Client and socialmessaging.Client with a bucket).
type media interface {
	MediaInfo(ctx context.Context, acct whatsapp.Account, id string) (whatsapp.MediaInfo, error)
	Download(ctx context.Context, acct whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error)
	SendMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaSend) (string, error)
}

// mediaAdapter returns the adapter of acct's provider when it carries media.
func (m Mux) mediaAdapter(acct whatsapp.Account) (media, error) {
	a, err := m.adapter(acct)
	if err != nil {
		return nil, err
	}
	md, ok := a.(media)
	if !ok {
		return nil, fmt.Errorf("providers: the %q adapter carries no media", acct.Provider)
	}
	return md, nil
}

// MediaInfo describes inbound media through the account's provider.
func (m Mux) MediaInfo(ctx context.Context, acct whatsapp.Account, id string) (whatsapp.MediaInfo, error) {
	a, err := m.mediaAdapter(acct)
	if err != nil {
		return whatsapp.MediaInfo{}, err
	}
	return a.MediaInfo(ctx, acct, id)
}

// Download opens inbound media through the account's provider.
func (m Mux) Download(ctx context.Context, acct whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error) {
	a, err := m.mediaAdapter(acct)
	if err != nil {
		return nil, 0, err
	}
	return a.Download(ctx, acct, info)
}

// SendMedia sends a media message through the account's provider.
func (m Mux) SendMedia(ctx context.Context, acct whatsapp.Account, msg whatsapp.MediaSend) (string, error) {
	a, err := m.mediaAdapter(acct)
	if err != nil {
		return "", err
	}
	return a.SendMedia(ctx, acct, msg)
}

// uploader is what an adapter that sends media by uploaded id also does (meta.Client and
// socialmessaging.Client).
type uploader interface {
	UploadMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaUpload) (string, error)
}

// UploadMedia uploads outbound media through the account's provider.
func (m Mux) UploadMedia(ctx context.Context, acct whatsapp.Account, up whatsapp.MediaUpload) (string, error) {
	a, err := m.adapter(acct)
	if err != nil {
		return "", err
	}
	u, ok := a.(uploader)
	if !ok {
		return "", fmt.Errorf("providers: the %q adapter uploads no media", acct.Provider)
	}
	return u.UploadMedia(ctx, acct, up)
}

var _ whatsapp.ReadReceipter = Mux{}

// MarkRead sends a read receipt through the account's provider when its adapter has them
// (Meta, 360dialog and End User Messaging Social); others (Twilio, which has no WhatsApp
// read-receipt API) answer whatsapp.ErrNoReadReceipts.
func (m Mux) MarkRead(ctx context.Context, acct whatsapp.Account, wamid string) error {
	a, err := m.adapter(acct)
	if err != nil {
		return err
	}
	r, ok := a.(whatsapp.ReadReceipter)
	if !ok {
		return whatsapp.ErrNoReadReceipts
	}
	return r.MarkRead(ctx, acct, wamid)
}
