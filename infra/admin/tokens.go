package admin

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// TokenLister lists an organisation's API tokens (dynamo.Store is one).
type TokenLister interface {
	ListTokens(ctx context.Context, orgID string, now time.Time) ([]messaging.APIToken, error)
}

// ListTokens writes the organisation's API tokens to w as a table: id, state, user, label,
// last four characters, permissions and dates; never a token nor its hash.
func ListTokens(ctx context.Context, s TokenLister, orgID string, now time.Time, w io.Writer) error {
	ts, err := s.ListTokens(ctx, orgID, now)
	if err != nil {
		return fmt.Errorf("admin: list tokens of %s: %w", orgID, err)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tUSER\tNAME\tLABEL\tLAST4\tCREATED\tEXPIRES\tREVOKED\tPERMISSIONS")
	for _, t := range ts {
		revoked := "-"
		if t.RevokedAt != nil {
			revoked = t.RevokedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Status, t.UserID, dash(t.UserName), dash(t.Label), t.Last4,
			t.CreatedAt.UTC().Format(time.RFC3339), t.ExpiresAt.UTC().Format(time.RFC3339), revoked, strings.Join(t.Permissions, ","))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
