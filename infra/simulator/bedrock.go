package simulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// The Converse stand-in: Amazon Bedrock Runtime's Converse API (POST /model/{modelId}/converse)
// as the careful AI layer calls it. It checks the request's shape as Bedrock does (a
// ValidationException otherwise), answers with a call of the requested tool, and plays what a
// script asks for: a tool input, a malformed one, a refusal in words, ThrottlingException,
// ValidationException, an internal error, a body that is not JSON, and latency. With no script
// matching, the answer is the tool called with intent "unknown" in English.

// The faults a ConverseScript can play.
const (
	ConverseThrottling = "throttling" // 429 ThrottlingException
	ConverseValidation = "validation" // 400 ValidationException
	ConverseInternal   = "internal"   // 500 InternalServerException
	ConverseRefusal    = "refusal"    // stopReason end_turn with words and no tool call
	ConverseGarbage    = "garbage"    // a 200 whose body is not JSON
)

// ConverseScript is one scripted answer, consumed by the requests whose latest user message
// contains Match (case-insensitive; "" matches any), first scripted first.
type ConverseScript struct {
	Match string `json:"match"`
	// Count is how many requests it answers; 0 answers every matching request until cleared.
	Count int `json:"count"`
	// Intent, Mentions and Language make the tool input, unless Input gives it raw.
	Intent   string            `json:"intent"`
	Mentions map[string]string `json:"mentions,omitempty"`
	Language string            `json:"language,omitempty"`
	Input    json.RawMessage   `json:"input,omitempty"`
	// Fault plays one of the Converse* failures instead of an answer.
	Fault string `json:"fault,omitempty"`
	// Delay holds the answer back (latency, or a timeout for a client that gives up first).
	Delay time.Duration `json:"-"`
	// InputTokens and OutputTokens are the usage reported; estimated from the request when 0.
	InputTokens  int `json:"input_tokens,omitempty"`
	OutputTokens int `json:"output_tokens,omitempty"`
}

// ConverseCall is one Converse request the stand-in received.
type ConverseCall struct {
	ModelID string          `json:"model_id"`
	Body    json.RawMessage `json:"body"`
	// LastUser is the text of the latest user message.
	LastUser string `json:"last_user"`
	// AccessKey is the access key id the request was signed with (who called).
	AccessKey string    `json:"access_key"`
	Status    int       `json:"status"`
	At        time.Time `json:"at"`
}

// ScriptConverse queues scripted answers.
func (s *Simulator) ScriptConverse(cs ...ConverseScript) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.converse.scripts = append(s.converse.scripts, cs...)
}

// ClearConverse drops every script and every recorded call.
func (s *Simulator) ClearConverse() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.converse = converseState{}
}

// ConverseCalls returns the Converse requests received, in order.
func (s *Simulator) ConverseCalls() []ConverseCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ConverseCall(nil), s.converse.calls...)
}

// converseState is the stand-in's scripts and recorded calls (under Simulator.mu).
type converseState struct {
	scripts []ConverseScript
	calls   []ConverseCall
}

// takeConverse consumes one use of the first script matching text, or returns the default.
func (s *Simulator) takeConverse(text string) ConverseScript {
	s.mu.Lock()
	defer s.mu.Unlock()
	lower := strings.ToLower(text)
	for i, cs := range s.converse.scripts {
		if !strings.Contains(lower, strings.ToLower(cs.Match)) {
			continue
		}
		if cs.Count > 0 {
			if s.converse.scripts[i].Count--; s.converse.scripts[i].Count == 0 {
				s.converse.scripts = append(s.converse.scripts[:i:i], s.converse.scripts[i+1:]...)
			}
		}
		return cs
	}
	return ConverseScript{Intent: "unknown"}
}

// handleConverse serves POST /model/{modelId}/converse.
func (s *Simulator) handleConverse(w http.ResponseWriter, r *http.Request) {
	modelID := r.PathValue("modelId")
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	call := ConverseCall{ModelID: modelID, Body: json.RawMessage(body), At: s.now()}
	record := func(status int) {
		call.Status = status
		if !json.Valid(body) {
			call.Body = nil
		}
		s.mu.Lock()
		s.converse.calls = append(s.converse.calls, call)
		s.mu.Unlock()
	}
	auth := r.Header.Get("Authorization")
	if _, cred, ok := strings.Cut(auth, "Credential="); ok {
		call.AccessKey, _, _ = strings.Cut(cred, "/")
	}
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") || !strings.Contains(auth, "/bedrock/aws4_request") {
		record(http.StatusForbidden)
		writeBedrockError(w, http.StatusForbidden, "AccessDeniedException", "The request is not signed with SigV4 for bedrock.")
		return
	}
	if err != nil {
		record(http.StatusBadRequest)
		writeBedrockError(w, http.StatusBadRequest, "ValidationException", "The request body could not be read.")
		return
	}
	req, tool, err := parseConverse(modelID, body)
	if err != nil {
		record(http.StatusBadRequest)
		writeBedrockError(w, http.StatusBadRequest, "ValidationException", err.Error())
		return
	}
	call.LastUser = req.lastUser()
	cs := s.takeConverse(call.LastUser)
	if cs.Delay > 0 {
		select {
		case <-time.After(cs.Delay):
		case <-r.Context().Done():
			record(499)
			return
		}
	}
	in, out := cs.InputTokens, cs.OutputTokens
	if in == 0 {
		in = len(body) / 4
	}
	if out == 0 {
		out = 25
	}
	switch cs.Fault {
	case ConverseThrottling:
		record(http.StatusTooManyRequests)
		writeBedrockError(w, http.StatusTooManyRequests, "ThrottlingException", "Too many requests, please wait before trying again.")
		return
	case ConverseValidation:
		record(http.StatusBadRequest)
		writeBedrockError(w, http.StatusBadRequest, "ValidationException", "The provided model identifier is invalid.")
		return
	case ConverseInternal:
		record(http.StatusInternalServerError)
		writeBedrockError(w, http.StatusInternalServerError, "InternalServerException", "The server encountered an internal error.")
		return
	case ConverseGarbage:
		record(http.StatusOK)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"output":{"message":`)
		return
	case ConverseRefusal:
		record(http.StatusOK)
		writeJSON(w, http.StatusOK, converseAnswer(map[string]any{"text": "I'm sorry, but I can't help with that request."}, "end_turn", in, out))
		return
	}
	input := cs.Input
	if input == nil {
		lang := cs.Language
		if lang == "" {
			lang = "en"
		}
		a := map[string]any{"intent": cs.Intent, "language": lang}
		if len(cs.Mentions) > 0 {
			a["mentions"] = cs.Mentions
		}
		input, _ = json.Marshal(a)
	}
	record(http.StatusOK)
	writeJSON(w, http.StatusOK, converseAnswer(map[string]any{"toolUse": map[string]any{
		"toolUseId": fmt.Sprintf("tooluse_%d", s.nextSeq()), "name": tool, "input": input,
	}}, "tool_use", in, out))
}

// converseAnswer is a Converse response with one content block.
func converseAnswer(block map[string]any, stop string, in, out int) map[string]any {
	return map[string]any{
		"output":     map[string]any{"message": map[string]any{"role": "assistant", "content": []any{block}}},
		"stopReason": stop,
		"usage":      map[string]any{"inputTokens": in, "outputTokens": out, "totalTokens": in + out},
		"metrics":    map[string]any{"latencyMs": 5},
	}
}

// writeBedrockError answers as Bedrock does: the error type in X-Amzn-ErrorType, the message in
// the body.
func writeBedrockError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("X-Amzn-ErrorType", typ)
	writeJSON(w, status, map[string]string{"message": msg})
}

// nextSeq returns the next id number.
func (s *Simulator) nextSeq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return s.seq
}
