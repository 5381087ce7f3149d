package meta

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// MaxWebhookBody is the largest webhook body ParseWebhook and RoutingInfo accept (1 MiB).
const MaxWebhookBody = 1 << 20

// MaxWebhookItems caps Events plus Problems from one body; items past it are dropped and
// Parsed.Truncated is set.
const MaxWebhookItems = 1000

// ObjectWhatsApp is the envelope's object for WhatsApp Business Account webhooks.
const ObjectWhatsApp = "whatsapp_business_account"

// Errors for a body that cannot be parsed at all.
var (
	ErrBodyTooLarge = errors.New("meta: webhook body over 1 MiB")
	ErrNotWebhook   = errors.New("meta: not a whatsapp_business_account webhook")
)

// Parsed is the outcome of ParseWebhook: every item that parsed, and why the others did not.
type Parsed struct {
	Object    string           `json:"object"`
	Events    []whatsapp.Event `json:"events"`
	Problems  []ItemError      `json:"problems,omitempty"`
	Truncated bool             `json:"truncated,omitempty"`
	// PhoneNumberIDs and WABAIDs are what RoutingInfo and RoutingWABAIDs return for the same
	// body, found in the same pass (before any signature check: trust them as those say).
	PhoneNumberIDs []string `json:"-"`
	WABAIDs        []string `json:"-"`
}

// ItemError says which item of a webhook failed to parse and why. Indexes are zero-based; -1
// means the level does not apply (e.g. the entry list itself was malformed).
type ItemError struct {
	Entry  int    `json:"entry"`
	Change int    `json:"change"`
	Field  string `json:"field,omitempty"` // the change's field
	Kind   string `json:"kind"`            // entry, change, message, status, error, preference, template_update
	Item   int    `json:"item"`
	ID     string `json:"id,omitempty"` // the item's id (wamid), when it could be read
	Reason string `json:"reason"`
}

// Error describes the failed item.
func (e ItemError) Error() string {
	return fmt.Sprintf("meta: webhook entry %d change %d %s %d: %s", e.Entry, e.Change, e.Kind, e.Item, e.Reason)
}

// ParseWebhook parses a Meta (or 360dialog) webhook body into provider-neutral events, each
// entry, change, message, status and error on its own: a malformed item becomes an ItemError
// and its neighbours still parse. Unknown fields are kept as Other events and unknown message
// types as TypeUnsupported with Raw. Only a body over MaxWebhookBody, not JSON, or not of object
// whatsapp_business_account is an error. Events carry Provider messaging.ProviderMeta; see
// Parsed.SetProvider. Verify the signature before trusting anything parsed here.
func ParseWebhook(body []byte) (Parsed, error) {
	if len(body) > MaxWebhookBody {
		return Parsed{}, ErrBodyTooLarge
	}
	// Fastest paths: a well-formed body of message and status changes decodes whole in one
	// pass, its messages typed (then found as received by a walk) or else raw.
	if p, ok := parseTyped(body); ok {
		return p, nil
	}
	if p, ok := parseTypedRaw(body); ok {
		return p, nil
	}
	return parseLayered(body)
}

// parseLayered is ParseWebhook for any body: down to the change values in one pass when the
// body is well formed, else level by level, and each change's items one by one.
func parseLayered(body []byte) (Parsed, error) {
	p := &webhookParser{out: Parsed{Object: ObjectWhatsApp, Events: []whatsapp.Event{}}}
	// Fast path: a well-formed body decodes down to the change values in one pass.
	var fast wireFastEnvelope
	if err := json.Unmarshal(body, &fast); err == nil && fast.Object == ObjectWhatsApp {
		var rs routingSet
		for i, e := range fast.Entry {
			for j, c := range e.Changes {
				phone := p.change(i, j, string(e.ID), e.Time.Time, c)
				rs.phone(phone)
				if phone == "" {
					rs.waba(string(e.ID))
				}
			}
		}
		p.out.PhoneNumberIDs, p.out.WABAIDs = rs.phones, rs.wabas
		return p.out, nil
	}
	// Slow path: decode level by level so one malformed entry or change stays local.
	var env wireEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return Parsed{}, fmt.Errorf("meta: parse webhook: %w", err)
	}
	if env.Object != ObjectWhatsApp {
		return Parsed{}, fmt.Errorf("%w (object %.40q)", ErrNotWebhook, env.Object)
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(env.Entry, &entries); err != nil && len(env.Entry) > 0 {
		p.problem(ItemError{Entry: -1, Change: -1, Kind: "entry", Item: -1, Reason: "entry is not a list: " + reason(err)})
	}
	for i, raw := range entries {
		p.entry(i, raw)
	}
	p.out.PhoneNumberIDs, p.out.WABAIDs, _ = parseRouting(body)
	return p.out, nil
}

// SetProvider stamps every event with the provider the body came from (e.g.
// messaging.ProviderDialog360 for 360dialog, which speaks Meta's JSON).
func (p *Parsed) SetProvider(provider string) {
	for i := range p.Events {
		p.Events[i].Provider = provider
	}
}

// webhookParser accumulates one body's events and problems under the item cap.
type webhookParser struct {
	out Parsed
}

func (p *webhookParser) full() bool {
	if len(p.out.Events)+len(p.out.Problems) >= MaxWebhookItems {
		p.out.Truncated = true
		return true
	}
	return false
}

func (p *webhookParser) problem(e ItemError) {
	if !p.full() {
		p.out.Problems = append(p.out.Problems, e)
	}
}

func (p *webhookParser) event(e whatsapp.Event) {
	if !p.full() {
		e.Provider = messaging.ProviderMeta
		p.out.Events = append(p.out.Events, e)
	}
}

func (p *webhookParser) entry(i int, raw json.RawMessage) {
	var e wireEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		p.problem(ItemError{Entry: i, Change: -1, Kind: "entry", Item: -1, Reason: reason(err)})
		return
	}
	for j, raw := range e.Changes {
		var c wireChange
		if err := json.Unmarshal(raw, &c); err != nil {
			p.problem(ItemError{Entry: i, Change: j, Kind: "change", Item: -1, Reason: reason(err)})
			continue
		}
		p.change(i, j, string(e.ID), e.Time.Time, c)
	}
}

// change turns one change of entry i (WABA id, entry time) into events; a change that yields
// nothing is kept whole as Other. It returns the change's metadata.phone_number_id as
// parseRouting reads it ("" when absent or unreadable).
func (p *webhookParser) change(i, j int, wabaID string, at time.Time, c wireChange) string {
	phone, read := "", false
	if p.full() {
		return routingPhone(c.Value)
	}
	base := whatsapp.Event{WABAID: wabaID, Field: c.Field}
	before := len(p.out.Events) + len(p.out.Problems)
	switch c.Field {
	case "messages", "user_preferences":
		phone, read = p.messagesValue(i, j, base, c)
	case "message_template_status_update":
		p.templateUpdate(i, j, base, at, c)
	}
	if !read {
		phone = routingPhone(c.Value)
	}
	if len(p.out.Events)+len(p.out.Problems) == before {
		// Kept whole, under the number it names: routing found that number, not the account.
		base.PhoneNumberID = phone
		base.Other = &whatsapp.RawChange{Field: c.Field, Value: c.Value}
		p.event(base)
	}
	return phone
}

func (p *webhookParser) templateUpdate(i, j int, base whatsapp.Event, at time.Time, c wireChange) {
	var w wireTemplateUpdate
	if err := json.Unmarshal(c.Value, &w); err != nil {
		p.problem(ItemError{Entry: i, Change: j, Field: c.Field, Kind: whatsapp.KindTemplateUpdate, Reason: reason(err)})
		return
	}
	if w.Event == "" {
		return // a quality or other variant sent under this field: kept as Other
	}
	if w.ID == "" {
		p.problem(ItemError{Entry: i, Change: j, Field: c.Field, Kind: whatsapp.KindTemplateUpdate, Reason: "no message_template_id"})
		return
	}
	base.TemplateUpdate = &whatsapp.TemplateStatusUpdate{
		TemplateID: string(w.ID), Name: w.Name, Language: w.Language, Event: w.Event,
		Reason: string(w.Reason), Category: string(w.Category), Timestamp: at,
	}
	p.event(base)
}

// reason says why an item failed without Go type names: JSON type mismatches name the field.
func reason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return "unexpected JSON " + te.Value
		}
		return "field " + te.Field + ": unexpected JSON " + te.Value
	}
	return err.Error()
}

// statusErrors converts Meta's error objects to the domain's, preferring error_data.details.
func statusErrors(ws []wireItemError) []messaging.StatusError {
	if len(ws) == 0 {
		return nil
	}
	out := make([]messaging.StatusError, len(ws))
	for k, w := range ws {
		details := w.ErrorData.Details
		if details == "" {
			details = w.Message
		}
		out[k] = messaging.StatusError{Code: w.Code, Title: w.Title, Details: details}
	}
	return out
}
