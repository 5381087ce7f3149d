package whatsapp

import (
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"
)

// errRawNotJSON is a message's raw JSON field (Raw or Contacts) that is not one JSON value.
var errRawNotJSON = errors.New("whatsapp: raw field is not JSON")

// AppendJSON appends the envelope's JSON to dst: what json.Marshal writes, field for field,
// except that a message's raw JSON (Raw, Contacts) is copied as it is, checked but not
// compacted, so json.Unmarshal reads back the same bytes. Messages and statuses, the webhook's
// bulk, are written by hand; the rarer payloads and a message's sub-objects by json.Marshal.
// The error is one json.Marshal would return too (raw fields that are not JSON, a year outside
// 0-9999).
func (in Inbound) AppendJSON(dst []byte) ([]byte, error) {
	w := jsonWriter{buf: dst}
	w.str(`{"org_id":`, in.OrgID)
	w.time(`,"received_at":`, in.ReceivedAt)
	w.event(`,"event":`, &in.Event)
	w.lit("}")
	return w.buf, w.err
}

// jsonWriter appends JSON to buf; after the first error it appends nothing more.
type jsonWriter struct {
	buf []byte
	err error
}

func (w *jsonWriter) event(key string, e *Event) {
	w.lit(key)
	w.str(`{"provider":`, e.Provider)
	w.optStr(`,"waba_id":`, e.WABAID)
	w.optStr(`,"phone_number_id":`, e.PhoneNumberID)
	w.optStr(`,"field":`, e.Field)
	if e.Message != nil {
		w.message(`,"message":`, e.Message)
	}
	if e.Status != nil {
		w.status(`,"status":`, e.Status)
	}
	if e.Error != nil {
		w.marshal(`,"error":`, e.Error)
	}
	if e.TemplateUpdate != nil {
		w.marshal(`,"template_update":`, e.TemplateUpdate)
	}
	if e.Preference != nil {
		w.marshal(`,"preference":`, e.Preference)
	}
	if e.Other != nil {
		w.marshal(`,"other":`, e.Other)
	}
	w.lit("}")
}

func (w *jsonWriter) message(key string, m *InboundMessage) {
	w.lit(key)
	w.str(`{"id":`, m.ID)
	w.str(`,"from":`, m.From)
	w.optStr(`,"profile_name":`, m.ProfileName)
	w.time(`,"timestamp":`, m.Timestamp)
	w.str(`,"type":`, m.Type)
	w.optStr(`,"provider_type":`, m.ProviderType)
	w.optStr(`,"text":`, m.Text)
	if m.Media != nil {
		w.marshal(`,"media":`, m.Media)
	}
	if m.Location != nil {
		w.marshal(`,"location":`, m.Location)
	}
	w.optRaw(`,"contacts":`, m.Contacts)
	if m.Interactive != nil {
		w.marshal(`,"interactive":`, m.Interactive)
	}
	if m.Reaction != nil {
		w.marshal(`,"reaction":`, m.Reaction)
	}
	if m.Context != nil {
		w.marshal(`,"context":`, m.Context)
	}
	if len(m.Errors) > 0 {
		w.marshal(`,"errors":`, m.Errors)
	}
	w.optRaw(`,"raw":`, m.Raw)
	w.lit("}")
}

func (w *jsonWriter) status(key string, s *StatusUpdate) {
	w.lit(key)
	w.str(`{"message_id":`, s.MessageID)
	w.str(`,"status":`, string(s.Status))
	w.time(`,"timestamp":`, s.Timestamp)
	w.optStr(`,"recipient_id":`, s.RecipientID)
	w.optStr(`,"callback_data":`, s.CallbackData)
	if len(s.Errors) > 0 {
		w.marshal(`,"errors":`, s.Errors)
	}
	w.optStr(`,"conversation_id":`, s.ConversationID)
	w.optStr(`,"conversation_origin":`, s.ConversationOrigin)
	w.optStr(`,"pricing_category":`, s.PricingCategory)
	w.optStr(`,"pricing_model":`, s.PricingModel)
	switch {
	case s.Billable == nil:
	case *s.Billable:
		w.lit(`,"billable":true`)
	default:
		w.lit(`,"billable":false`)
	}
	w.lit("}")
}

// lit appends JSON text as it is.
func (w *jsonWriter) lit(s string) {
	if w.err == nil {
		w.buf = append(w.buf, s...)
	}
}

// optStr appends key and s unless s is empty (omitempty).
func (w *jsonWriter) optStr(key, s string) {
	if s != "" {
		w.str(key, s)
	}
}

// str appends key and s as a JSON string. Plain text (no control characters, quotes,
// backslashes, HTML's <>&, U+2028/U+2029 or invalid UTF-8) is copied as it is; anything else
// is escaped by json.Marshal, so the bytes are always the ones json.Marshal writes.
func (w *jsonWriter) str(key, s string) {
	if w.err != nil {
		return
	}
	w.buf = append(w.buf, key...)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				w.marshal("", s)
				return
			}
			i += size - 1
			continue
		}
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			w.marshal("", s)
			return
		}
	}
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, s...)
	w.buf = append(w.buf, '"')
}

// time appends key and t as time.Time's MarshalJSON does (RFC 3339 with nanoseconds).
func (w *jsonWriter) time(key string, t time.Time) {
	if y := t.Year(); t.Location() != time.UTC || y < 0 || y > 9999 {
		w.marshal(key, t) // other zones, and the years MarshalJSON refuses
		return
	}
	if w.err == nil {
		w.buf = append(w.buf, key...)
		w.buf = append(w.buf, '"')
		w.buf = t.AppendFormat(w.buf, time.RFC3339Nano)
		w.buf = append(w.buf, '"')
	}
}

// optRaw appends key and raw as it is unless raw is empty (omitempty); raw must be one JSON
// value.
func (w *jsonWriter) optRaw(key string, raw json.RawMessage) {
	switch {
	case w.err != nil || len(raw) == 0:
	case !json.Valid(raw):
		w.err = errRawNotJSON
	default:
		w.buf = append(w.buf, key...)
		w.buf = append(w.buf, raw...)
	}
}

// marshal appends key and v as json.Marshal writes them.
func (w *jsonWriter) marshal(key string, v any) {
	if w.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		w.err = err
		return
	}
	w.buf = append(w.buf, key...)
	w.buf = append(w.buf, b...)
}
