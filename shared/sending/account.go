package sending

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/ssm"
	"github.com/proplink/chat/shared/whatsapp"
)

// SecretAPIToken names the provider API token among an organisation's secrets.
const SecretAPIToken = ssm.APIToken

// account builds the provider account of an organisation from its settings and token.
func (d *Deps) account(ctx context.Context, st messaging.Settings) (whatsapp.Account, error) {
	token, err := d.Secrets.Get(ctx, ssm.OrgSecret(st.OrgID, st.SecretsRev, SecretAPIToken))
	if err != nil {
		return whatsapp.Account{}, fmt.Errorf("sending: api token of %s: %w", st.OrgID, err)
	}
	return whatsapp.AccountOf(st, token)
}

// pace reserves a slot for one message to recipient on both pacers; the longer wait wins.
func (d *Deps) pace(ctx context.Context, st messaging.Settings, recipient string) (ok bool, wait float64, err error) {
	now := d.Now()
	pair, err := d.PairPacer.Reserve(ctx, "ORG#"+st.OrgID+"#PACE#PAIR#"+st.PhoneNumberID+"#"+messaging.WAID(recipient), now)
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

// callbackData is what travels with a send and comes back on its status webhooks: enough to
// find the note without a lookup. Meta allows 512 bytes.
func callbackData(m messaging.OutboundMessage) string {
	return fmt.Sprintf("v1|%s|%d|%s", m.OrgID, m.JobID, m.ID)
}

// ParseCallbackData reads what callbackData wrote.
func ParseCallbackData(s string) (orgID string, jobID int64, messageID string, ok bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 4 || parts[0] != "v1" {
		return "", 0, "", false
	}
	// Only the canonical form callbackData writes: fmt.Sscan took "12abc", " 12" and "-3".
	jobID, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || jobID <= 0 || strconv.FormatInt(jobID, 10) != parts[2] {
		return "", 0, "", false
	}
	return parts[1], jobID, parts[3], parts[1] != "" && parts[3] != ""
}
