package fakes

import (
	"context"
	"sync"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Provider is a WhatsApp provider that records every call and answers through its func
// fields; a nil func succeeds (sends answer WAMID, "wamid.ok" when empty).
type Provider struct {
	mu sync.Mutex
	// WAMID is the message id of a successful send.
	WAMID string
	// SendFunc answers SendTemplate.
	SendFunc func(acct whatsapp.Account, msg whatsapp.TemplateSend) (string, error)
	// TextFunc answers SendText (its id on success).
	TextFunc func(acct whatsapp.Account, to, text string) (string, error)
	// ButtonsFunc answers SendButtons.
	ButtonsFunc func(acct whatsapp.Account, msg whatsapp.ButtonsSend) (string, error)
	// Templates answers ListTemplates when ListFunc is nil.
	Templates []messaging.Template
	// ListFunc answers ListTemplates.
	ListFunc func(acct whatsapp.Account) ([]messaging.Template, error)
	// VerifyFunc answers VerifyNumber.
	VerifyFunc func(acct whatsapp.Account) error

	sends    []whatsapp.TemplateSend
	buttons  []whatsapp.ButtonsSend
	texts    []string
	accounts []whatsapp.Account
	listed   []whatsapp.Account
	verified []whatsapp.Account
}

var _ whatsapp.Provider = (*Provider)(nil)

func (p *Provider) wamid() string {
	if p.WAMID == "" {
		return "wamid.ok"
	}
	return p.WAMID
}

// record notes one send of msg in log and answers it with answer (the fixed wamid when nil).
func record[M any](p *Provider, log *[]M, acct whatsapp.Account, msg M, answer func(whatsapp.Account, M) (string, error)) (string, error) {
	p.mu.Lock()
	*log, p.accounts = append(*log, msg), append(p.accounts, acct)
	p.mu.Unlock()
	if answer == nil {
		return p.wamid(), nil
	}
	return answer(acct, msg)
}

// SendTemplate records a template send and answers it.
func (p *Provider) SendTemplate(_ context.Context, acct whatsapp.Account, msg whatsapp.TemplateSend) (string, error) {
	return record(p, &p.sends, acct, msg, p.SendFunc)
}

// SendText answers a text send and records it ("to: text") when it succeeds.
func (p *Provider) SendText(_ context.Context, acct whatsapp.Account, to, text, _ string) (string, error) {
	p.mu.Lock()
	p.accounts = append(p.accounts, acct)
	p.mu.Unlock()
	id := p.wamid()
	if p.TextFunc != nil {
		var err error
		if id, err = p.TextFunc(acct, to, text); err != nil {
			return id, err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.texts = append(p.texts, to+": "+text)
	return id, nil
}

// SendButtons records a reply-button send and answers it.
func (p *Provider) SendButtons(_ context.Context, acct whatsapp.Account, msg whatsapp.ButtonsSend) (string, error) {
	return record(p, &p.buttons, acct, msg, p.ButtonsFunc)
}

// Buttons returns the reply-button sends tried, in order.
func (p *Provider) Buttons() []whatsapp.ButtonsSend {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]whatsapp.ButtonsSend(nil), p.buttons...)
}

// ListTemplates records the listing and answers it.
func (p *Provider) ListTemplates(_ context.Context, acct whatsapp.Account) ([]messaging.Template, error) {
	p.mu.Lock()
	p.listed = append(p.listed, acct)
	p.mu.Unlock()
	if p.ListFunc != nil {
		return p.ListFunc(acct)
	}
	return p.Templates, nil
}

// VerifyNumber records the check and answers it.
func (p *Provider) VerifyNumber(_ context.Context, acct whatsapp.Account) error {
	p.mu.Lock()
	p.verified = append(p.verified, acct)
	p.mu.Unlock()
	if p.VerifyFunc == nil {
		return nil
	}
	return p.VerifyFunc(acct)
}

// Sends returns the template sends tried, in order.
func (p *Provider) Sends() []whatsapp.TemplateSend {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]whatsapp.TemplateSend(nil), p.sends...)
}

// Texts returns the text sends that succeeded, as "to: text".
func (p *Provider) Texts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.texts...)
}

// Accounts returns the account of every send tried.
func (p *Provider) Accounts() []whatsapp.Account {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]whatsapp.Account(nil), p.accounts...)
}

// Listed returns the accounts whose templates were listed.
func (p *Provider) Listed() []whatsapp.Account {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]whatsapp.Account(nil), p.listed...)
}

// Verified returns the accounts whose numbers were verified.
func (p *Provider) Verified() []whatsapp.Account {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]whatsapp.Account(nil), p.verified...)
}
