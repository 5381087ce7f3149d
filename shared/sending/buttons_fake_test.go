package sending

import (
	"context"
	"errors"

	"github.com/proplink/chat/shared/whatsapp"
)

// SendButtons completes fakeProvider's whatsapp.Provider; the template send path never sends
// buttons.
func (f *fakeProvider) SendButtons(context.Context, whatsapp.Account, whatsapp.ButtonsSend) (string, error) {
	return "", errors.New("fake: SendButtons not used by the send path")
}
