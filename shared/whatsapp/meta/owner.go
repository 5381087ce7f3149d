package meta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/proplink/chat/shared/whatsapp"
)

// maxNumberPages bounds the pages of a WABA's phone numbers read while looking for one.
const maxNumberPages = 10

// VerifyNumber asks the provider whether the account's token reaches its phone number id and,
// when set, that the number belongs to its WhatsApp Business Account. It returns nil when the
// provider confirms, an error wrapping whatsapp.ErrNotOwned when its answer says otherwise, and
// the provider's *whatsapp.Error (or a transport error) when it refused or failed.
//
// Meta: GET /<version>/<WABA_ID>/phone_numbers must list the number (or, without a WABA id,
// GET /<version>/<PHONE_NUMBER_ID> must answer it). 360dialog: GET /health_status, which names
// the key's own number and WABA among its entities, must name these.
func (c *Client) VerifyNumber(ctx context.Context, acct whatsapp.Account) error {
	switch {
	case isDialog360(acct):
		return c.verifyDialog360(ctx, acct)
	case acct.WABAID != "":
		return c.verifyWABANumbers(ctx, acct)
	}
	data, err := c.do(ctx, acct, "GET", fmt.Sprintf("%s/%s/%s?fields=id", baseURL(acct), c.apiVersion, url.PathEscape(acct.PhoneNumberID)), nil)
	if err != nil {
		return verifyErr(err)
	}
	var n struct {
		ID flexString `json:"id"`
	}
	if err := json.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("meta: verify number: %w", err)
	}
	if string(n.ID) != acct.PhoneNumberID {
		return fmt.Errorf("meta: verify number: answered for another id: %w", whatsapp.ErrNotOwned)
	}
	return nil
}

// verifyWABANumbers looks for the number among the WABA's phone numbers, page by page on the
// account's own host.
func (c *Client) verifyWABANumbers(ctx context.Context, acct whatsapp.Account) error {
	base, err := url.Parse(baseURL(acct))
	if err != nil || base.Host == "" {
		return errors.New("meta: verify number: base URL is not an absolute URL")
	}
	next := fmt.Sprintf("%s/%s/%s/phone_numbers?fields=id&limit=100", baseURL(acct), c.apiVersion, url.PathEscape(acct.WABAID))
	for page := 0; next != ""; page++ {
		if page == maxNumberPages {
			return fmt.Errorf("meta: verify number: not among the first %d pages: %w", page, whatsapp.ErrNotOwned)
		}
		data, err := c.do(ctx, acct, "GET", next, nil)
		if err != nil {
			return verifyErr(err)
		}
		var p struct {
			Data []struct {
				ID flexString `json:"id"`
			} `json:"data"`
			Paging struct {
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := json.Unmarshal(data, &p); err != nil {
			return fmt.Errorf("meta: verify number: %w", err)
		}
		for _, n := range p.Data {
			if string(n.ID) == acct.PhoneNumberID {
				return nil
			}
		}
		next = p.Paging.Next
		if next != "" && !sameOrigin(base, next) {
			return fmt.Errorf("meta: verify number: next page is on another host (%s); not followed", hostOf(next))
		}
	}
	return fmt.Errorf("meta: verify number: not among the WABA's numbers: %w", whatsapp.ErrNotOwned)
}

// verifyDialog360 reads the key's health status, whose entities name its number and WABA.
func (c *Client) verifyDialog360(ctx context.Context, acct whatsapp.Account) error {
	data, err := c.do(ctx, acct, "GET", baseURL(acct)+"/health_status", nil)
	if err != nil {
		return verifyErr(err)
	}
	var h struct {
		HealthStatus struct {
			Entities []struct {
				EntityType string     `json:"entity_type"`
				ID         flexString `json:"id"`
			} `json:"entities"`
		} `json:"health_status"`
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return fmt.Errorf("meta: verify number: %w", err)
	}
	phoneOK, wabaOK := false, acct.WABAID == ""
	for _, e := range h.HealthStatus.Entities {
		switch e.EntityType {
		case "PHONE_NUMBER":
			phoneOK = phoneOK || string(e.ID) == acct.PhoneNumberID
		case "WABA":
			wabaOK = wabaOK || string(e.ID) == acct.WABAID
		}
	}
	if !phoneOK || !wabaOK {
		return fmt.Errorf("meta: verify number: the key's health status names another number or account: %w", whatsapp.ErrNotOwned)
	}
	return nil
}

// verifyErr passes provider errors through and wraps the rest.
func verifyErr(err error) error {
	if _, ok := err.(*whatsapp.Error); ok {
		return err
	}
	return fmt.Errorf("meta: verify number: %w", err)
}
