package twilio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/proplink/chat/shared/whatsapp"
)

// messagingHost is where Twilio's Senders API answers.
const messagingHost = "messaging.twilio.com"

// maxSenderPages bounds the pages of the account's senders read while looking for the number.
const maxSenderPages = 10

// senderPage is one page of GET /v2/Channels/Senders.
type senderPage struct {
	Senders []struct {
		SenderID  string `json:"sender_id"`
		SenderID2 string `json:"senderId"`
	} `json:"senders"`
	Meta struct {
		NextPageURL string `json:"next_page_url"`
	} `json:"meta"`
}

// VerifyNumber asks Twilio whether the account's credentials reach its business number as a
// WhatsApp sender: GET {messaging}/v2/Channels/Senders?Channel=whatsapp must list
// "whatsapp:+<number>". nil when it does, an error wrapping whatsapp.ErrNotOwned when it does
// not, Twilio's *whatsapp.Error (or a transport error) when it refused or failed.
func (c *Client) VerifyNumber(ctx context.Context, acct whatsapp.Account) error {
	cred, err := ParseCredentials(acct.Token)
	if err != nil {
		return fmt.Errorf("twilio: verify number: %w", err)
	}
	baseURL := messagingBase(acct)
	base, err := url.Parse(baseURL)
	if err != nil || base.Host == "" {
		return fmt.Errorf("twilio: verify number: base URL is not an absolute URL")
	}
	want := Address(acct.PhoneNumberID)
	next := baseURL + "/v2/Channels/Senders?Channel=whatsapp&PageSize=100"
	for page := 0; next != ""; page++ {
		if page == maxSenderPages {
			return fmt.Errorf("twilio: verify number: not among the first %d pages: %w", page, whatsapp.ErrNotOwned)
		}
		data, err := c.do(ctx, cred, "GET", next, nil)
		if err != nil {
			if _, ok := err.(*whatsapp.Error); ok {
				return err
			}
			return fmt.Errorf("twilio: verify number: %w", err)
		}
		var p senderPage
		if err := json.Unmarshal(data, &p); err != nil {
			return fmt.Errorf("twilio: verify number: %w", err)
		}
		for _, s := range p.Senders {
			if s.SenderID == want || s.SenderID2 == want {
				return nil
			}
		}
		next = p.Meta.NextPageURL
		if u, err := url.Parse(next); next != "" && (err != nil || u.Scheme != base.Scheme || u.Host != base.Host) {
			return fmt.Errorf("twilio: verify number: next page is not on %s; not followed", base.Host)
		}
	}
	return fmt.Errorf("twilio: verify number: the account has no WhatsApp sender %s: %w", want, whatsapp.ErrNotOwned)
}

// messagingBase is where the Senders API answers: messaging.twilio.com beside api.twilio.com,
// the account's own base URL anywhere else.
func messagingBase(acct whatsapp.Account) string {
	u, err := url.Parse(apiBase(acct))
	if err == nil && u.Hostname() == apiHost {
		return "https://" + messagingHost
	}
	return apiBase(acct)
}
