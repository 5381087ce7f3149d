package messaging

import (
	"strings"
	"unicode/utf8"
)

// MaxQuickReplyPayload bounds a quick-reply button's payload, in characters (the bound the
// Cloud API puts on a reply button's id).
const MaxQuickReplyPayload = 256

// QuickReplies returns the titles of the template's QUICK_REPLY buttons, in button order.
func (t Template) QuickReplies() []string {
	var titles []string
	for _, c := range t.Components {
		if c.Type != "BUTTONS" {
			continue
		}
		for _, b := range c.Buttons {
			if b.Type == "QUICK_REPLY" {
				titles = append(titles, b.Text)
			}
		}
	}
	return titles
}

// WithQuickReplies returns r with a payload for each of the template's QUICK_REPLY buttons, in
// button order, so that a tap on one comes back carrying its payload (the webhook's
// button.payload). There must be exactly one non-empty payload per quick-reply button; the
// text a person reads gains the buttons' titles ("… [Accept] [Decline]").
func (t Template) WithQuickReplies(r Rendered, payloads []string) (Rendered, error) {
	titles := t.QuickReplies()
	if len(payloads) != len(titles) {
		return Rendered{}, Errorf(CodeUnprocessable, "Template %s has %d quick-reply buttons, not %d", t.Name, len(titles), len(payloads))
	}
	out := Rendered{Components: append([]RenderedComponent(nil), r.Components...), Text: r.Text}
	n, index := 0, 0
	for _, c := range t.Components {
		if c.Type != "BUTTONS" {
			continue
		}
		for _, b := range c.Buttons {
			if b.Type == "QUICK_REPLY" {
				p := payloads[n]
				if strings.TrimSpace(p) == "" || utf8.RuneCountInString(p) > MaxQuickReplyPayload {
					return Rendered{}, Errorf(CodeUnprocessable, "Quick-reply payload %d must be 1-%d characters", n+1, MaxQuickReplyPayload)
				}
				out.Components = append(out.Components, RenderedComponent{Type: "button", SubType: "quick_reply", Index: index,
					Parameters: []Parameter{{Type: "payload", Payload: p}}})
				out.Text += " [" + b.Text + "]"
				n++
			}
			index++
		}
	}
	return out, nil
}
