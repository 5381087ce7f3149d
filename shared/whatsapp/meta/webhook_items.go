package meta

import (
	"encoding/json"
	"errors"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// messagesValue walks a "messages" or "user_preferences" change value item by item, and
// returns its metadata.phone_number_id when the value could be read (read false otherwise).
func (p *webhookParser) messagesValue(i, j int, base whatsapp.Event, c wireChange) (phone string, read bool) {
	var v wireValue
	if err := json.Unmarshal(c.Value, &v); err != nil {
		p.problem(ItemError{Entry: i, Change: j, Field: c.Field, Kind: "change", Item: -1, Reason: reason(err)})
		return "", false
	}
	phone, read = v.Metadata.PhoneNumberID, true
	base.PhoneNumberID = v.Metadata.PhoneNumberID
	fail := func(kind string, k int, id string, err error) {
		p.problem(ItemError{Entry: i, Change: j, Field: c.Field, Kind: kind, Item: k, ID: id, Reason: reason(err)})
	}
	for k, raw := range v.Messages {
		if p.full() {
			return phone, read
		}
		m, err := parseMessage(raw, v.Contacts)
		if err != nil {
			fail(whatsapp.KindMessage, k, m.ID, err)
			continue
		}
		e := base
		e.Message = m
		p.event(e)
	}
	for k, raw := range v.Statuses {
		if p.full() {
			return phone, read
		}
		var w wireStatus
		err := json.Unmarshal(raw, &w)
		p.statusItem(base, k, w, err, fail)
	}
	for k, raw := range v.Errors {
		if p.full() {
			return phone, read
		}
		var w wireItemError
		err := json.Unmarshal(raw, &w)
		p.errorItem(base, k, w, err, fail)
	}
	for k, raw := range v.UserPreferences {
		if p.full() {
			return phone, read
		}
		var w wirePreference
		err := json.Unmarshal(raw, &w)
		p.preferenceItem(base, k, w, err, fail)
	}
	return phone, read
}

// itemFailure records item k of a change as a problem.
type itemFailure func(kind string, k int, id string, err error)

// statusItem turns statuses item k (decoded as w, or failed with err) into an event or a problem.
func (p *webhookParser) statusItem(base whatsapp.Event, k int, w wireStatus, err error, fail itemFailure) {
	s, err := statusOf(w, err)
	if err != nil {
		fail(whatsapp.KindStatus, k, s.MessageID, err)
		return
	}
	base.Status = s
	p.event(base)
}

// errorItem turns errors item k (decoded as w, or failed with err) into an event or a problem.
func (p *webhookParser) errorItem(base whatsapp.Event, k int, w wireItemError, err error, fail itemFailure) {
	if err != nil {
		fail(whatsapp.KindError, k, "", err)
		return
	}
	base.Error = &whatsapp.WebhookError{Code: w.Code, Title: w.Title, Message: w.Message,
		Details: w.ErrorData.Details, Href: w.Href}
	p.event(base)
}

// preferenceItem turns user_preferences item k (decoded as w, or failed with err) into an event
// or a problem.
func (p *webhookParser) preferenceItem(base whatsapp.Event, k int, w wirePreference, err error, fail itemFailure) {
	if err == nil && (w.WAID == "" || w.Value == "") {
		err = errors.New("user preference without wa_id or value")
	}
	if err != nil {
		fail(whatsapp.KindPreference, k, w.WAID, err)
		return
	}
	base.Preference = &whatsapp.PreferenceUpdate{WAID: w.WAID, Category: w.Category, Value: w.Value,
		Detail: w.Detail, Timestamp: w.Timestamp.Time}
	p.event(base)
}

// statusOf converts a decoded statuses item (err: its decoding failed); the returned update
// carries the id even on error.
func statusOf(w wireStatus, err error) (*whatsapp.StatusUpdate, error) {
	s := &whatsapp.StatusUpdate{MessageID: w.ID}
	switch {
	case err != nil:
		return s, err
	case w.ID == "":
		return s, errors.New("status without id")
	case w.Status == "":
		return s, errors.New("status without status")
	case w.Timestamp.IsZero():
		return s, errors.New("status without timestamp")
	}
	s.Status = messaging.Status(w.Status)
	s.Timestamp = w.Timestamp.Time
	s.RecipientID = w.RecipientID
	s.CallbackData = w.CallbackData
	s.Errors = statusErrors(w.Errors)
	if w.Conversation != nil {
		s.ConversationID = w.Conversation.ID
		s.ConversationOrigin = w.Conversation.Origin.Type
	}
	if w.Pricing != nil {
		s.PricingCategory = w.Pricing.Category
		s.PricingModel = w.Pricing.PricingModel
		s.Billable = w.Pricing.Billable
	}
	return s, nil
}
