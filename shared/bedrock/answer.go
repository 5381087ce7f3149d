package bedrock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/proplink/chat/shared/assistant"
)

// maxMention is the longest mention accepted, in bytes.
const maxMention = 100

// answer is the tool input the model must give, and nothing more.
type answer struct {
	Intent   string                     `json:"intent"`
	Mentions map[string]json.RawMessage `json:"mentions"`
	Language string                     `json:"language"`
}

// errInvalid marks an answer the validation rejected.
var errInvalid = errors.New("bedrock: invalid answer")

// Parse validates the tool input raw that the model gave for a speaker in role about the masked
// messages seen (the latest and the earlier ones) and returns it as an interpretation. Every
// way an answer can be wrong is an error wrapping errInvalid: not one JSON object, a field the
// schema does not have, an intent outside the role's set, an entity kind the intent does not
// use, a mention that is not a string or not words of the messages, a label outside its values,
// a language not offered.
func Parse(raw []byte, role assistant.Role, seen []string) (assistant.Interpretation, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var a answer
	if err := dec.Decode(&a); err != nil {
		return assistant.Interpretation{}, fmt.Errorf("%w: not the tool's JSON object", errInvalid)
	}
	if dec.More() {
		return assistant.Interpretation{}, fmt.Errorf("%w: more than one JSON value", errInvalid)
	}
	if !slices.Contains(assistant.AIIntents(role), a.Intent) {
		return assistant.Interpretation{}, fmt.Errorf("%w: the intent is not one of the %s intents", errInvalid, role)
	}
	if !slices.Contains(languages, a.Language) {
		return assistant.Interpretation{}, fmt.Errorf("%w: the language is not one offered", errInvalid)
	}
	in := assistant.Interpretation{Intent: a.Intent}
	if slices.Contains(assistant.ReplyLanguages, a.Language) {
		in.Language = a.Language
	}
	lower := strings.ToLower(strings.Join(seen, "\n"))
	for kind, v := range a.Mentions {
		if !slices.Contains(assistant.AIEntities(a.Intent), kind) {
			return assistant.Interpretation{}, fmt.Errorf("%w: a mention of a kind %s does not take", errInvalid, a.Intent)
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return assistant.Interpretation{}, fmt.Errorf("%w: mention %s is not a string", errInvalid, kind)
		}
		s = strings.TrimSpace(s)
		switch l, label := labels[kind]; {
		case s == "":
			continue
		case label && !slices.Contains(l, s):
			return assistant.Interpretation{}, fmt.Errorf("%w: %s is not one of its values", errInvalid, kind)
		case !label && (len(s) > maxMention || !strings.Contains(lower, strings.ToLower(s))):
			return assistant.Interpretation{}, fmt.Errorf("%w: mention %s is not words of the messages", errInvalid, kind)
		}
		if in.Mentions == nil {
			in.Mentions = map[string]string{}
		}
		in.Mentions[kind] = s
	}
	return in, nil
}
