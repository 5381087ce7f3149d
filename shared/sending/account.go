package sending

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// account builds the provider account of an organisation from its settings and token.
func (d *Deps) account(ctx context.Context, st messaging.Settings) (whatsapp.Account, error) {
	acct, err := whatsapp.LoadAccount(ctx, d.Secrets, st)
	if err != nil {
		return whatsapp.Account{}, fmt.Errorf("sending: %w", err)
	}
	return acct, nil
}

// pace reserves a slot for one message to recipient, about jobID (0 for none), on both pacers;
// the longer wait wins. The pair pacer's admission moves the recipient's conversation on (its
// activity, latest outbound time and job), so a sent message only adds itself (KeepOutbound).
func (d *Deps) pace(ctx context.Context, st messaging.Settings, recipient string, jobID int64) (ok bool, wait float64, err error) {
	now := d.Now()
	pair, err := d.PairPacer.ReservePair(ctx, st.OrgID, st.PhoneNumberID, recipient, jobID, now)
	if err != nil {
		return false, 0, fmt.Errorf("sending: pair pacing: %w", err)
	}
	if !pair.Allowed {
		return false, pair.RetryAfter.Seconds(), nil
	}
	num, err := d.NumPacer.Reserve(ctx, "ORG#"+st.OrgID+"#PACE#NUM#"+st.PhoneNumberID, now)
	if err != nil {
		return false, 0, fmt.Errorf("sending: number pacing: %w", err)
	}
	if !num.Allowed {
		return false, num.RetryAfter.Seconds(), nil
	}
	return true, 0, nil
}
