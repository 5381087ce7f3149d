package whatsapp

import (
	"errors"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

// MsgTokenNotBound is the caller-safe text of settings whose token was entered for another
// provider or API URL than theirs.
const MsgTokenNotBound = "The WhatsApp API token was entered for another provider or API URL; enter it again in the WhatsApp settings"

// AccountOf is the one way to pair an organisation's settings with its stored token: it
// refuses (not configured) unless the token was entered for the settings' own provider and API
// URL, so the token never goes to a host it was not given for, whatever wrote the settings.
// Settings without a token (AWS End User Messaging Social) make an account of their ARNs alone.
func AccountOf(st messaging.Settings, token string) (Account, error) {
	if !st.UsesToken() {
		return Account{Provider: st.Provider, PhoneNumberID: st.PhoneNumberID, WABAID: st.WABAID}, nil
	}
	if !st.TokenBound() {
		return Account{}, messaging.Errorf(messaging.CodeNotConfigured, MsgTokenNotBound)
	}
	return Account{
		Provider:      st.Provider,
		BaseURL:       strings.TrimRight(st.TokenURL, "/"),
		Token:         token,
		PhoneNumberID: st.PhoneNumberID,
		WABAID:        st.WABAID,
	}, nil
}

// ErrNotOwned is a provider's answer that the account's token does not reach its phone number
// id (or its number is not in its WhatsApp Business Account).
var ErrNotOwned = errors.New("whatsapp: the provider does not confirm the number and account for this token")
