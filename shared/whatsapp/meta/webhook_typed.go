package meta

import (
	"encoding/json"

	"github.com/proplink/chat/shared/whatsapp"
)

// wireTypedEnvelope decodes a well-formed body of message and status changes whole, in one
// pass, with its messages as M: wireMessage (their bytes are found by rawMessages) or
// json.RawMessage (each decoded after).
type wireTypedEnvelope[M any] struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      flexString `json:"id"`
		Time    unixTime   `json:"time"` // unused, but a bad one is the layered pass's problem to report
		Changes []struct {
			Field string            `json:"field"`
			Value wireTypedValue[M] `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

// wireTypedValue is wireValue with every item decoded, the messages as M.
type wireTypedValue[M any] struct {
	Metadata struct {
		PhoneNumberID string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts        []wireContact    `json:"contacts"`
	Messages        []M              `json:"messages"`
	Statuses        []wireStatus     `json:"statuses"`
	Errors          []wireItemError  `json:"errors"`
	UserPreferences []wirePreference `json:"user_preferences"`
}

// parseTyped is ParseWebhook's one pass for a body of items whose messages decode too: each
// message is decoded once, and its bytes come from rawMessages. ok is false for any other body.
func parseTyped(body []byte) (Parsed, bool) {
	var t wireTypedEnvelope[wireMessage]
	if json.Unmarshal(body, &t) != nil || !t.itemsOnly() {
		return Parsed{}, false
	}
	var raws [][]json.RawMessage
	if t.hasMessages() {
		var ok bool
		if raws, ok = rawMessages(body); !ok || !t.matches(raws) {
			return Parsed{}, false
		}
	}
	return t.parse(func(n, k int, v *wireTypedValue[wireMessage]) (*whatsapp.InboundMessage, error) {
		return messageOf(&v.Messages[k], append(json.RawMessage(nil), raws[n][k]...), nil, v.Contacts)
	}), true
}

// parseTypedRaw is ParseWebhook's one pass for a body of items, its messages kept raw and each
// decoded on its own (a bad one is a problem of its own). ok is false for any other body.
func parseTypedRaw(body []byte) (Parsed, bool) {
	var t wireTypedEnvelope[json.RawMessage]
	if json.Unmarshal(body, &t) != nil || !t.itemsOnly() {
		return Parsed{}, false
	}
	return t.parse(func(_, k int, v *wireTypedValue[json.RawMessage]) (*whatsapp.InboundMessage, error) {
		return parseMessage(v.Messages[k], v.Contacts)
	}), true
}

// itemsOnly reports whether the body is a WhatsApp webhook whose every change is a messages or
// user_preferences change with at least one item: such a body yields no Other event (which
// keeps a change's raw value), so the typed decode says all there is.
func (t *wireTypedEnvelope[M]) itemsOnly() bool {
	if t.Object != ObjectWhatsApp {
		return false
	}
	for _, e := range t.Entry {
		for _, c := range e.Changes {
			v := c.Value
			if c.Field != "messages" && c.Field != "user_preferences" ||
				len(v.Messages)+len(v.Statuses)+len(v.Errors)+len(v.UserPreferences) == 0 {
				return false
			}
		}
	}
	return true
}

// hasMessages reports whether any change holds a messages item (else there are no bytes to
// find).
func (t *wireTypedEnvelope[M]) hasMessages() bool {
	for _, e := range t.Entry {
		for _, c := range e.Changes {
			if len(c.Value.Messages) > 0 {
				return true
			}
		}
	}
	return false
}

// matches reports whether raws (rawMessages of the same body) holds, change by change, as many
// messages as the decode found.
func (t *wireTypedEnvelope[M]) matches(raws [][]json.RawMessage) bool {
	n := 0
	for _, e := range t.Entry {
		for _, c := range e.Changes {
			if n >= len(raws) || len(raws[n]) != len(c.Value.Messages) {
				return false
			}
			n++
		}
	}
	return n == len(raws)
}

// parse turns the decoded body into events; message converts messages item k of the n-th
// change (counting across entries).
func (t *wireTypedEnvelope[M]) parse(message func(n, k int, v *wireTypedValue[M]) (*whatsapp.InboundMessage, error)) Parsed {
	p := &webhookParser{out: Parsed{Object: ObjectWhatsApp, Events: []whatsapp.Event{}}}
	var rs routingSet
	n := 0
	for i, e := range t.Entry {
		for j := range e.Changes {
			c := &e.Changes[j]
			base := whatsapp.Event{WABAID: string(e.ID), Field: c.Field}
			typedItems(p, i, j, base, c.Field, &c.Value, func(k int) (*whatsapp.InboundMessage, error) {
				return message(n, k, &c.Value)
			})
			n++
			rs.phone(c.Value.Metadata.PhoneNumberID)
			if c.Value.Metadata.PhoneNumberID == "" {
				rs.waba(string(e.ID))
			}
		}
	}
	p.out.PhoneNumberIDs, p.out.WABAIDs = rs.phones, rs.wabas
	return p.out
}

// typedItems walks a messages or user_preferences change value decoded in the body's one pass,
// item by item as messagesValue does; message converts its messages item k.
func typedItems[M any](p *webhookParser, i, j int, base whatsapp.Event, field string, v *wireTypedValue[M], message func(k int) (*whatsapp.InboundMessage, error)) {
	if p.full() {
		return
	}
	base.PhoneNumberID = v.Metadata.PhoneNumberID
	fail := func(kind string, k int, id string, err error) {
		p.problem(ItemError{Entry: i, Change: j, Field: field, Kind: kind, Item: k, ID: id, Reason: reason(err)})
	}
	for k := range v.Messages {
		if p.full() {
			return
		}
		m, err := message(k)
		if err != nil {
			fail(whatsapp.KindMessage, k, m.ID, err)
			continue
		}
		e := base
		e.Message = m
		p.event(e)
	}
	for k, w := range v.Statuses {
		if p.full() {
			return
		}
		p.statusItem(base, k, w, nil, fail)
	}
	for k, w := range v.Errors {
		if p.full() {
			return
		}
		p.errorItem(base, k, w, nil, fail)
	}
	for k, w := range v.UserPreferences {
		if p.full() {
			return
		}
		p.preferenceItem(base, k, w, nil, fail)
	}
}
