package meta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Wire shapes of Meta's webhook JSON, decoded one level at a time so a bad item stays local.

type wireEnvelope struct {
	Object string          `json:"object"`
	Entry  json.RawMessage `json:"entry"`
}

// wireFastEnvelope decodes a well-formed body down to the change values in one pass.
type wireFastEnvelope struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      flexString   `json:"id"`
		Time    unixTime     `json:"time"`
		Changes []wireChange `json:"changes"`
	} `json:"entry"`
}

type wireEntry struct {
	ID      flexString        `json:"id"`
	Time    unixTime          `json:"time"`
	Changes []json.RawMessage `json:"changes"`
}

type wireChange struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

// wireValue is the value of a "messages" or "user_preferences" change; items stay raw.
type wireValue struct {
	Metadata struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts        []wireContact     `json:"contacts"`
	Messages        []json.RawMessage `json:"messages"`
	Statuses        []json.RawMessage `json:"statuses"`
	Errors          []json.RawMessage `json:"errors"`
	UserPreferences []json.RawMessage `json:"user_preferences"`
}

// wireContact names the person behind a wa_id.
type wireContact struct {
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
	WAID string `json:"wa_id"`
}

// profileName returns the profile name contacts give waID (the last one, as a map would).
func profileName(contacts []wireContact, waID string) string {
	for i := len(contacts) - 1; i >= 0; i-- {
		if contacts[i].WAID == waID {
			return contacts[i].Profile.Name
		}
	}
	return ""
}

type wireItemError struct {
	Code      int    `json:"code"`
	Title     string `json:"title"`
	Message   string `json:"message"`
	Href      string `json:"href"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

type wireStatus struct {
	ID           string          `json:"id"`
	Status       string          `json:"status"`
	Timestamp    unixTime        `json:"timestamp"`
	RecipientID  string          `json:"recipient_id"`
	CallbackData string          `json:"biz_opaque_callback_data"`
	Errors       []wireItemError `json:"errors"`
	Conversation *struct {
		ID     string `json:"id"`
		Origin struct {
			Type string `json:"type"`
		} `json:"origin"`
	} `json:"conversation"`
	Pricing *struct {
		Billable     *bool  `json:"billable"`
		PricingModel string `json:"pricing_model"`
		Category     string `json:"category"`
	} `json:"pricing"`
}

type wireTemplateUpdate struct {
	Event    string     `json:"event"`
	ID       flexString `json:"message_template_id"`
	Name     string     `json:"message_template_name"`
	Language string     `json:"message_template_language"`
	Reason   flexString `json:"reason"`
	Category flexString `json:"message_template_category"`
}

type wirePreference struct {
	WAID      string   `json:"wa_id"`
	Detail    string   `json:"detail"`
	Category  string   `json:"category"`
	Value     string   `json:"value"`
	Timestamp unixTime `json:"timestamp"`
}

// flexString accepts a JSON string, number or null (Meta sends ids both ways).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if s, ok := plainString(b); ok {
		*f = flexString(s)
		return nil
	}
	return f.decode(b)
}

// decode is UnmarshalJSON for any JSON value.
func (f *flexString) decode(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want string or number, got %.20s", b)
		}
		*f = flexString(n)
	}
	return nil
}

// unixTime accepts unix seconds as a JSON string ("1749416383") or number; absent is zero.
type unixTime struct{ time.Time }

var errBadTimestamp = errors.New("timestamp is not unix seconds")

func (u *unixTime) UnmarshalJSON(b []byte) error {
	if n, ok := plainUnix(b); ok {
		u.Time = time.Unix(n, 0).UTC()
		return nil
	}
	return u.decode(b)
}

// decode is UnmarshalJSON for any JSON value.
func (u *unixTime) decode(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		u.Time = time.Time{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1<<40 {
		return fmt.Errorf("%w: %.30q", errBadTimestamp, s)
	}
	u.Time = time.Unix(n, 0).UTC()
	return nil
}

// plainString returns a JSON string of printable ASCII without escapes as it reads, without a
// nested decode; ok is false for anything else.
func plainString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	for _, c := range b[1 : len(b)-1] {
		if c < 0x20 || c >= 0x80 || c == '\\' || c == '"' {
			return "", false
		}
	}
	return string(b[1 : len(b)-1]), true
}

// plainUnix reads unix seconds written as plain digits, quoted or not, up to 1<<40, without a
// nested decode; ok is false for anything else (unixTime's full reading decides).
func plainUnix(b []byte) (int64, bool) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	if len(b) == 0 || len(b) > 13 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n <= 1<<40
}
