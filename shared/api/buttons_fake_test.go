package api

import (
	"context"
	"errors"

	"github.com/proplink/chat/shared/whatsapp"
)

// SendButtons completes fakeProvider's whatsapp.Provider; the API never sends buttons.
func (f *fakeProvider) SendButtons(context.Context, whatsapp.Account, whatsapp.ButtonsSend) (string, error) {
	return "", errors.New("fake: not used")
}
