package simulator

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is one Graph API failure the simulator answers with.
type apiError struct {
	Status  int
	Code    int
	Subcode int
	Type    string
	Message string
	Details string
}

// catalogue holds, per Meta error code, the HTTP status and wording Meta answers it with.
var catalogue = map[int]apiError{
	1:      {Status: 500, Type: "OAuthException", Message: "An unknown error occurred", Details: "Invalid request or possible server error."},
	2:      {Status: 503, Type: "OAuthException", Message: "Service temporarily unavailable", Details: "Temporary downtime or overload; try again later."},
	4:      {Status: 429, Type: "OAuthException", Message: "(#4) Application request limit reached", Details: "The app has reached its API call rate limit."},
	100:    {Status: 400, Type: "OAuthException", Message: "(#100) Invalid parameter", Details: "The request included an unsupported or misspelled parameter."},
	190:    {Status: 401, Type: "OAuthException", Message: "Error validating access token: Session has expired.", Details: "The access token has expired or is not valid."},
	368:    {Status: 403, Type: "OAuthException", Message: "(#368) Temporarily blocked for policies violations", Details: "The account is restricted for violating a platform policy."},
	80007:  {Status: 400, Type: "OAuthException", Message: "(#80007) Rate limit issues", Details: "The WhatsApp Business Account has reached its rate limit."},
	130429: {Status: 400, Type: "OAuthException", Message: "(#130429) Rate limit hit", Details: "Message failed to send because this phone number sent too many messages in a short time."},
	131000: {Status: 500, Type: "OAuthException", Message: "(#131000) Something went wrong", Details: "Message failed to send because of an unknown error."},
	131008: {Status: 400, Type: "OAuthException", Message: "(#131008) Required parameter is missing", Details: "A required parameter is missing."},
	131009: {Status: 400, Type: "OAuthException", Message: "(#131009) Parameter value is not valid", Details: "A parameter value is not valid."},
	131026: {Status: 400, Type: "OAuthException", Message: "(#131026) Message undeliverable", Details: "The recipient cannot receive this message (not on WhatsApp, an old app, or terms not accepted)."},
	131047: {Status: 400, Type: "OAuthException", Message: "(#131047) Re-engagement message", Details: "More than 24 hours have passed since the recipient last replied to this number."},
	131048: {Status: 400, Type: "OAuthException", Message: "(#131048) Spam rate limit hit", Details: "Messages from this number are restricted after too many were blocked or flagged."},
	131049: {Status: 400, Type: "OAuthException", Message: "(#131049) Meta chose not to deliver.", Details: "This message was not delivered to keep the ecosystem healthy."},
	131056: {Status: 400, Type: "OAuthException", Message: "(#131056) (Business Account, Consumer Account) pair rate limit hit", Details: "Too many messages from this number to the same recipient in a short time."},
	132000: {Status: 400, Type: "OAuthException", Message: "(#132000) Number of parameters does not match the expected number of params", Details: "The template's placeholders and the parameters sent differ."},
	132001: {Status: 404, Type: "OAuthException", Message: "(#132001) Template name does not exist in the translation", Details: "The template does not exist in that language or is not approved."},
	132012: {Status: 400, Type: "OAuthException", Message: "(#132012) Parameter format does not match format in the created template", Details: "A parameter's type differs from the template's."},
	132015: {Status: 400, Type: "OAuthException", Message: "(#132015) Template is Paused", Details: "The template is paused because of low quality."},
	132016: {Status: 400, Type: "OAuthException", Message: "(#132016) Template is Disabled", Details: "The template is disabled because of low quality."},
}

// errorFor returns the catalogue entry of code (a generic one for unknown codes) with details,
// when given, replacing the default.
func errorFor(code int, details string) apiError {
	e, ok := catalogue[code]
	if !ok {
		e = apiError{Status: 400, Type: "OAuthException", Message: fmt.Sprintf("(#%d) Simulated error", code), Details: "Simulated failure."}
	}
	e.Code = code
	if details != "" {
		e.Details = details
	}
	return e
}

// writeError answers with Meta's error JSON.
func writeError(w http.ResponseWriter, e apiError) {
	type errorData struct {
		MessagingProduct string `json:"messaging_product"`
		Details          string `json:"details"`
	}
	type body struct {
		Message   string    `json:"message"`
		Type      string    `json:"type"`
		Code      int       `json:"code"`
		ErrorData errorData `json:"error_data"`
		Subcode   int       `json:"error_subcode,omitempty"`
		TraceID   string    `json:"fbtrace_id"`
	}
	trace := traceID()
	w.Header().Set("X-Fb-Trace-Id", trace)
	writeJSON(w, e.Status, map[string]body{"error": {
		Message: e.Message, Type: e.Type, Code: e.Code, Subcode: e.Subcode, TraceID: trace,
		ErrorData: errorData{MessagingProduct: "whatsapp", Details: e.Details},
	}})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// traceID returns a random fbtrace_id-like string.
func traceID() string { return randomText(23) }

const traceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// randomText returns n random characters of traceAlphabet.
func randomText(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = traceAlphabet[int(b[i])%len(traceAlphabet)]
	}
	return string(b)
}
