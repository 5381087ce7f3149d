package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
	"github.com/proplink/chat/shared/whatsapp"
)

// NumberVerifier asks a provider whether an account's token reaches its phone number id and
// WhatsApp Business Account: nil when it confirms, an error wrapping whatsapp.ErrNotOwned when
// it says no, a *whatsapp.Error when it refused or failed.
type NumberVerifier interface {
	VerifyNumber(ctx context.Context, acct whatsapp.Account) error
}

// secretKinds are an organisation's secrets, in the order a revision writes them.
var secretKinds = []string{messaging.SecretAPIToken, messaging.SecretAppSecret, messaging.SecretVerifyToken, messaging.SecretPlatformToken,
	messaging.SecretDialog360HeaderSecret}

// verifyOwnership has the provider confirm that the settings' number and account belong to the
// token (token, or the stored one when empty), so no organisation can claim another's number or
// account and so cut off its webhooks.
func (a *API) verifyOwnership(ctx context.Context, st messaging.Settings, token string) error {
	acct, err := whatsapp.LoadAccount(ctx, enteredToken{a.Secrets, st.Secret(messaging.SecretAPIToken), token}, st)
	if err != nil {
		return fmt.Errorf("api: %w", err)
	}
	if a.Verifier == nil {
		return errors.New("api: no number verifier wired")
	}
	err = a.Verifier.VerifyNumber(ctx, acct)
	var pe *whatsapp.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, whatsapp.ErrNotOwned):
		return messaging.Wrap(messaging.CodeUnprocessable,
			"The WhatsApp provider does not confirm that this phone_number_id (and waba_id) belong to this API token", err)
	case errors.As(err, &pe) && (pe.Class() == whatsapp.Auth || pe.Class() == whatsapp.Permanent):
		return messaging.Wrap(messaging.CodeUnprocessable,
			"The WhatsApp provider refused this API token for this phone_number_id (and waba_id)", err)
	}
	return messaging.Wrap(messaging.CodeProviderFailed,
		"The WhatsApp provider could not confirm the phone number. Please try again.", err)
}

// enteredToken reads the secret store, except that a token being entered (not yet stored)
// stands for the stored API token of name.
type enteredToken struct {
	Secrets
	name, token string
}

// Get returns the entered token for its name when one was entered, else the stored secret.
func (e enteredToken) Get(ctx context.Context, name string) (string, error) {
	if name == e.name && e.token != "" {
		return e.token, nil
	}
	return e.Secrets.Get(ctx, name)
}

// saveSettings switches the organisation to st, all or nothing. Changed secrets are written as a
// new revision (the unchanged ones copied into it), and the settings naming that revision are
// written with their routes in one transaction; only then are the old revision's secrets
// deleted. A refused write (a number another organisation holds: 409) deletes the new revision
// instead, so the old secrets stay in force.
func (a *API) saveSettings(ctx context.Context, old, st messaging.Settings, given map[string]string) error {
	changed := false
	for _, v := range given {
		changed = changed || v != ""
	}
	if !changed {
		return a.Store.PutSettings(ctx, st)
	}
	st.SecretsRev = a.newRev()
	var written []string
	for _, kind := range secretKinds {
		v := given[kind]
		if v == "" && isSet(old, kind) && isSet(st, kind) {
			var err error
			if v, err = a.Secrets.Get(ctx, old.Secret(kind)); err != nil {
				a.dropSecrets(ctx, "new", written)
				return fmt.Errorf("api: carry %s of %s over: %w", kind, st.OrgID, err)
			}
		}
		if v == "" {
			continue
		}
		name := st.Secret(kind)
		if err := a.Secrets.Put(ctx, name, v); err != nil {
			a.dropSecrets(ctx, "new", written)
			return err
		}
		written = append(written, name)
	}
	if err := a.Store.PutSettings(ctx, st); err != nil {
		a.dropSecrets(ctx, "new", written)
		return err
	}
	var stale []string
	for _, kind := range secretKinds {
		if isSet(old, kind) {
			stale = append(stale, old.Secret(kind))
		}
	}
	a.dropSecrets(ctx, "replaced", stale)
	return nil
}

// isSet reports whether the settings hold a secret of kind.
func isSet(st messaging.Settings, kind string) bool {
	switch kind {
	case messaging.SecretAPIToken:
		return st.APITokenSet
	case messaging.SecretAppSecret:
		return st.AppSecretSet
	case messaging.SecretVerifyToken:
		return st.VerifyTokenSet
	case messaging.SecretPlatformToken:
		return st.PlatformTokenSet
	case messaging.SecretDialog360HeaderSecret:
		return st.Dialog360HeaderSecretSet
	}
	return false
}

// dropSecrets deletes secrets no settings name (any more); a failure leaves them unused and is
// logged, never failing the request.
func (a *API) dropSecrets(ctx context.Context, which string, names []string) {
	if len(names) == 0 {
		return
	}
	if err := a.Secrets.Delete(ctx, names...); err != nil {
		obs.Logger(ctx).Warn("unused secrets not deleted", "which", which, "count", len(names), "error", err)
	}
}

// newRev names a new secrets revision.
func (a *API) newRev() string {
	if a.NewID != nil {
		return a.NewID()
	}
	return ulid.Make().String()
}
