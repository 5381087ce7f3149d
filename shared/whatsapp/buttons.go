package whatsapp

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The Cloud API's limits on an interactive reply-button message (360dialog's are the same).
const (
	MaxButtons        = 3    // reply buttons per message
	MaxButtonTitleLen = 20   // characters of a button's title
	MaxButtonIDLen    = 256  // characters of a button's id
	MaxButtonsBodyLen = 1024 // characters of the message's body text
)

// ErrInvalidMessage says a message breaks the provider's rules before it is sent: sending it
// again cannot succeed (Classify calls it Permanent).
var ErrInvalidMessage = errors.New("whatsapp: invalid message")

// Button is one interactive reply button: the person's tap comes back as an interactive
// button_reply carrying ID and Title.
type Button struct {
	ID    string
	Title string
}

// ButtonsSend is an interactive reply-button message: free-form, so allowed only inside the
// customer-service window.
type ButtonsSend struct {
	To      string // E.164
	Body    string
	Buttons []Button
	// CallbackData is echoed back on status webhooks as biz_opaque_callback_data (≤ 512 bytes).
	CallbackData string
}

// Validate checks the message against the provider's limits: a body of 1 to 1024 characters,
// 1 to 3 buttons, each with an id of 1 to 256 characters unique in the message and a title of 1
// to 20 characters. A failure wraps ErrInvalidMessage and names the part at fault.
func (m ButtonsSend) Validate() error {
	invalid := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidMessage, fmt.Sprintf(format, a...))
	}
	if strings.TrimSpace(m.Body) == "" || utf8.RuneCountInString(m.Body) > MaxButtonsBodyLen {
		return invalid("body text must be 1-%d characters", MaxButtonsBodyLen)
	}
	if len(m.Buttons) == 0 || len(m.Buttons) > MaxButtons {
		return invalid("an interactive message carries 1-%d reply buttons, not %d", MaxButtons, len(m.Buttons))
	}
	seen := make(map[string]bool, len(m.Buttons))
	for i, b := range m.Buttons {
		switch {
		case strings.TrimSpace(b.Title) == "" || utf8.RuneCountInString(b.Title) > MaxButtonTitleLen:
			return invalid("button %d: title must be 1-%d characters", i+1, MaxButtonTitleLen)
		case strings.TrimSpace(b.ID) == "" || utf8.RuneCountInString(b.ID) > MaxButtonIDLen:
			return invalid("button %d: id must be 1-%d characters", i+1, MaxButtonIDLen)
		case seen[b.ID]:
			return invalid("button %d: id %q is used twice", i+1, b.ID)
		}
		seen[b.ID] = true
	}
	return nil
}
