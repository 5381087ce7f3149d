package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

// MsgTokenNotBound is the caller-safe text of settings whose token was entered for another
// provider or API URL than theirs.
const MsgTokenNotBound = "The WhatsApp API token was entered for another provider or API URL; enter it again in the WhatsApp settings"

// ErrTokenNotBound is LoadAccount's refusal of settings whose token was entered for another
// provider or API URL than theirs.
var ErrTokenNotBound = errors.New("whatsapp: the api token was entered for another provider or api url")

// SecretReader reads a secret by its full name (ssm.Store is one).
type SecretReader interface {
	Get(ctx context.Context, name string) (string, error)
}

// LoadAccount is the one way to build an organisation's provider account from its settings,
// for every provider: it reads the API token of the settings' secrets revision (none for AWS
// End User Messaging Social, whose credential is the back-end's IAM role) and pairs it with
// the settings. It refuses (CodeNotConfigured, MsgTokenNotBound, around ErrTokenNotBound) unless the token was entered
// for the settings' own provider and API URL, so the token never goes to a host it was not
// given for, whatever wrote the settings. A failed secret read is returned wrapped, with the
// secret store's own classification.
func LoadAccount(ctx context.Context, secrets SecretReader, st messaging.Settings) (Account, error) {
	if !st.UsesToken() {
		return Account{Provider: st.Provider, PhoneNumberID: st.PhoneNumberID, WABAID: st.WABAID}, nil
	}
	if !st.TokenBound() {
		return Account{}, messaging.Wrap(messaging.CodeNotConfigured, MsgTokenNotBound, ErrTokenNotBound)
	}
	token, err := secrets.Get(ctx, st.Secret(messaging.SecretAPIToken))
	if err != nil {
		return Account{}, fmt.Errorf("whatsapp: api token of %s: %w", st.OrgID, err)
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
