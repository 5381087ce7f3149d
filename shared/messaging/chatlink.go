package messaging

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// The kinds of click-to-chat link: a staff member's own, or a site's.
const (
	ChatLinkStaff = "staff"
	ChatLinkSite  = "site"
)

// ChatLink is a shareable wa.me link whose prefilled text carries a short code, so that the
// person's first message lands in the queue of a staff member or a site (the chats source's
// "Share public link").
type ChatLink struct {
	Code     string `json:"code"`
	OrgID    string `json:"-"`
	Kind     string `json:"kind"`      // ChatLinkStaff or ChatLinkSite
	TargetID string `json:"target_id"` // the staff member's user id, or the site id
	Label    string `json:"label"`     // who or what the person reaches, shown to staff
}

// Queue is the conversation queue the link's first messages land in: "staff:<user>" or
// "site:<site>".
func (l ChatLink) Queue() string { return l.Kind + ":" + l.TargetID }

// chatCodeAlphabet has no 0/O or 1/I, so a code read aloud or typed is unambiguous.
const chatCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// chatCodeRE finds a code in a message: "ref PL-" and six characters of the alphabet.
var chatCodeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bref PL-([2-9A-HJ-NP-Z]{6})\b`) })

// NewChatLinkCode returns a fresh code ("PL-" and six characters, 30 bits) from crypto/rand.
func NewChatLinkCode() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("messaging: chat link code: %w", err)
	}
	for i := range b {
		b[i] = chatCodeAlphabet[int(b[i])%len(chatCodeAlphabet)]
	}
	return "PL-" + string(b), nil
}

// FindChatLinkCode returns the click-to-chat code a message carries ("PL-" and six characters of the code alphabet), if any.
func FindChatLinkCode(text string) (string, bool) {
	m := chatCodeRE().FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	return "PL-" + m[1], true
}

// ChatLinkText is the prefilled first message of a link.
func ChatLinkText(l ChatLink) string {
	return fmt.Sprintf("Hello %s (ref %s)", l.Label, l.Code)
}

// ChatLinkURL is the wa.me link to the organisation's number (E.164 or digits) with the
// prefilled text.
func ChatLinkURL(businessNumber string, l ChatLink) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, businessNumber)
	return "https://wa.me/" + digits + "?text=" + url.QueryEscape(ChatLinkText(l))
}
