package casenotes

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
)

// Write creates or amends one case note: the single place every note is written, whether by a
// send in the sending function itself or by this package's queue handler.
func Write(ctx context.Context, s Store, n messaging.CaseNote) error {
	if err := s.UpsertCaseNote(ctx, n); err != nil {
		return fmt.Errorf("casenotes: write note %s: %w", n.ID, err)
	}
	return nil
}
