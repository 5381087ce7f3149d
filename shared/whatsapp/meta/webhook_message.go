package meta

import (
	"encoding/json"
	"errors"

	"github.com/proplink/chat/shared/whatsapp"
)

type wireMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	Animated bool   `json:"animated"`
	Voice    bool   `json:"voice"`
}

type wireMessage struct {
	From      string   `json:"from"`
	ID        string   `json:"id"`
	Timestamp unixTime `json:"timestamp"`
	Type      string   `json:"type"`
	Context   *struct {
		From                string `json:"from"`
		ID                  string `json:"id"`
		Forwarded           bool   `json:"forwarded"`
		FrequentlyForwarded bool   `json:"frequently_forwarded"`
	} `json:"context"`
	Text *struct {
		Body string `json:"body"`
	} `json:"text"`
	Image    *wireMedia         `json:"image"`
	Video    *wireMedia         `json:"video"`
	Audio    *wireMedia         `json:"audio"`
	Document *wireMedia         `json:"document"`
	Sticker  *wireMedia         `json:"sticker"`
	Location *whatsapp.Location `json:"location"`
	Contacts json.RawMessage    `json:"contacts"`
	Button   *struct {
		Text    string `json:"text"`
		Payload string `json:"payload"`
	} `json:"button"`
	Interactive *struct {
		Type        string `json:"type"`
		ButtonReply *struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply *struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"list_reply"`
		NfmReply *struct {
			Name         string `json:"name"`
			Body         string `json:"body"`
			ResponseJSON string `json:"response_json"`
		} `json:"nfm_reply"`
	} `json:"interactive"`
	Reaction *struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"`
	} `json:"reaction"`
	Order *struct {
		Text string `json:"text"`
	} `json:"order"`
	System *struct {
		Body string `json:"body"`
	} `json:"system"`
	Errors []wireItemError `json:"errors"`
}

// knownMessageType reports whether t is one of whatsapp's Type* constants.
func knownMessageType(t string) bool {
	switch t {
	case whatsapp.TypeText, whatsapp.TypeImage, whatsapp.TypeVideo, whatsapp.TypeAudio,
		whatsapp.TypeDocument, whatsapp.TypeSticker, whatsapp.TypeLocation, whatsapp.TypeContacts,
		whatsapp.TypeInteractive, whatsapp.TypeButton, whatsapp.TypeReaction, whatsapp.TypeOrder,
		whatsapp.TypeSystem, whatsapp.TypeUnsupported:
		return true
	}
	return false
}

// parseMessage converts one messages item, which becomes the message's Raw; the returned
// message carries the id even on error.
func parseMessage(raw json.RawMessage, contacts []wireContact) (*whatsapp.InboundMessage, error) {
	var w wireMessage
	err := json.Unmarshal(raw, &w)
	return messageOf(&w, raw, err, contacts)
}

// messageOf converts a decoded messages item (err: its decoding failed) whose bytes, raw,
// become the message's Raw; contacts give the sender's profile name.
func messageOf(w *wireMessage, raw json.RawMessage, err error, contacts []wireContact) (*whatsapp.InboundMessage, error) {
	m := &whatsapp.InboundMessage{ID: w.ID}
	switch {
	case err != nil:
		return m, err
	case w.ID == "":
		return m, errors.New("message without id")
	case w.From == "":
		return m, errors.New("message without from")
	case w.Timestamp.IsZero():
		return m, errors.New("message without timestamp")
	}
	m.From, m.ProfileName, m.Timestamp = w.From, profileName(contacts, w.From), w.Timestamp.Time
	m.Type = w.Type
	if !knownMessageType(w.Type) {
		m.Type, m.ProviderType = whatsapp.TypeUnsupported, w.Type
	}
	m.Raw = raw
	m.Errors = statusErrors(w.Errors)
	if c := w.Context; c != nil {
		m.Context = &whatsapp.MessageContext{From: c.From, MessageID: c.ID,
			Forwarded: c.Forwarded, FrequentlyForwarded: c.FrequentlyForwarded}
	}
	switch w.Type {
	case whatsapp.TypeText:
		if w.Text != nil {
			m.Text = w.Text.Body
		}
	case whatsapp.TypeImage:
		m.Media = webhookMedia(w.Image)
	case whatsapp.TypeVideo:
		m.Media = webhookMedia(w.Video)
	case whatsapp.TypeAudio:
		m.Media = webhookMedia(w.Audio)
	case whatsapp.TypeDocument:
		m.Media = webhookMedia(w.Document)
	case whatsapp.TypeSticker:
		m.Media = webhookMedia(w.Sticker)
	case whatsapp.TypeLocation:
		m.Location = w.Location
	case whatsapp.TypeContacts:
		m.Contacts = w.Contacts
	case whatsapp.TypeButton:
		if b := w.Button; b != nil {
			m.Text = b.Text
			m.Interactive = &whatsapp.Reply{Kind: whatsapp.ReplyQuickButton, ID: b.Payload, Title: b.Text}
		}
	case whatsapp.TypeInteractive:
		m.Interactive = webhookReply(w)
		if m.Interactive != nil {
			m.Text = m.Interactive.Title
		}
	case whatsapp.TypeReaction:
		if r := w.Reaction; r != nil {
			m.Reaction = &whatsapp.Reaction{MessageID: r.MessageID, Emoji: r.Emoji}
		}
	case whatsapp.TypeOrder:
		if w.Order != nil {
			m.Text = w.Order.Text
		}
	case whatsapp.TypeSystem:
		if w.System != nil {
			m.Text = w.System.Body
		}
	}
	return m, nil
}

func webhookMedia(w *wireMedia) *whatsapp.Media {
	if w == nil {
		return nil
	}
	return &whatsapp.Media{ID: w.ID, MimeType: w.MimeType, SHA256: w.SHA256, Caption: w.Caption,
		Filename: w.Filename, Animated: w.Animated, Voice: w.Voice}
}

func webhookReply(w *wireMessage) *whatsapp.Reply {
	in := w.Interactive
	switch {
	case in == nil:
		return nil
	case in.ButtonReply != nil:
		return &whatsapp.Reply{Kind: whatsapp.ReplyButton, ID: in.ButtonReply.ID, Title: in.ButtonReply.Title}
	case in.ListReply != nil:
		return &whatsapp.Reply{Kind: whatsapp.ReplyList, ID: in.ListReply.ID, Title: in.ListReply.Title,
			Description: in.ListReply.Description}
	case in.NfmReply != nil:
		return &whatsapp.Reply{Kind: whatsapp.ReplyFlow, ID: in.NfmReply.Name, Title: in.NfmReply.Body,
			ResponseJSON: in.NfmReply.ResponseJSON}
	}
	return &whatsapp.Reply{Kind: in.Type}
}
