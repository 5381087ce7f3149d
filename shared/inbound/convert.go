package inbound

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// conversationMessage is the stored form of a person's message: media by reference only.
func conversationMessage(m whatsapp.InboundMessage, when time.Time) messaging.ConversationMessage {
	cm := messaging.ConversationMessage{
		ID: m.ID, Direction: messaging.DirectionInbound, Type: m.Type, Text: m.Text,
		ProviderMessage: m.ID, AuthorName: m.ProfileName, At: when, Contacts: m.Contacts,
	}
	if m.Type == whatsapp.TypeUnsupported && m.ProviderType != "" {
		cm.Type = m.ProviderType
	}
	if md := m.Media; md != nil {
		cm.Media = &messaging.MediaRef{ID: md.ID, MimeType: md.MimeType, SHA256: md.SHA256, Caption: md.Caption, Filename: md.Filename}
	}
	if l := m.Location; l != nil {
		cm.Location = &messaging.Place{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address, URL: l.URL}
	}
	if r := m.Interactive; r != nil {
		cm.Reply = &messaging.ReplyRef{Kind: r.Kind, ID: r.ID, Title: r.Title}
	}
	if r := m.Reaction; r != nil {
		cm.Reaction = &messaging.ReactionRef{MessageID: r.MessageID, Emoji: r.Emoji}
	}
	if c := m.Context; c != nil {
		cm.ReplyTo = c.MessageID
	}
	return cm
}

// noteText is how a person's message reads on a case note.
func noteText(cm messaging.ConversationMessage) string {
	switch {
	case cm.Media != nil:
		s := fmt.Sprintf("[%s]", cm.Type)
		if cm.Media.Filename != "" {
			s += " " + cm.Media.Filename
		}
		if cm.Media.Caption != "" {
			s += " " + cm.Media.Caption
		}
		return s
	case cm.Location != nil:
		return fmt.Sprintf("[location] %s %s (%.6f, %.6f)", cm.Location.Name, cm.Location.Address, cm.Location.Latitude, cm.Location.Longitude)
	case cm.Reaction != nil:
		if cm.Reaction.Emoji == "" {
			return "[reaction removed]"
		}
		return "[reaction] " + cm.Reaction.Emoji
	case cm.Reply != nil:
		return "[reply] " + cm.Reply.Title
	case len(cm.Contacts) > 0:
		return "[contacts]"
	case cm.Text != "":
		return cm.Text
	}
	return "[" + cm.Type + "]"
}

// noteID is a ULID for the note of a provider message: its time is the message's, so notes
// keep time order on their job, and its entropy is the wamid's digest, so a retry writes the
// same note.
func noteID(wamid string, when time.Time) string {
	sum := sha256.Sum256([]byte(wamid))
	id, err := ulid.New(ulid.Timestamp(when), bytes.NewReader(sum[:]))
	if err != nil {
		return ulid.Make().String()
	}
	return id.String()
}
