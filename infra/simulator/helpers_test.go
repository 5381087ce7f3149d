package simulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// answer is a decoded simulator response.
type answer struct {
	Status int
	Body   map[string]any
	Raw    string
}

// errorCode returns error.code of a Meta error answer, or 0.
func (a answer) errorCode() int {
	e, _ := a.Body["error"].(map[string]any)
	c, _ := e["code"].(float64)
	return int(c)
}

// call sends one request to h and decodes the JSON answer.
func call(t *testing.T, h http.Handler, method, target string, header map[string]string, body string) answer {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{Status: rec.Code, Raw: rec.Body.String()}
	json.Unmarshal(rec.Body.Bytes(), &a.Body)
	return a
}

// bearer is the default account's auth header.
var bearer = map[string]string{"Authorization": "Bearer " + DefaultAccount.Token}

// sendPath is the default account's Graph send path.
const sendPath = "/v21.0/106540352242922/messages"

// reminderBody is a valid send of the seed's appointment_reminder to to.
func reminderBody(to string) string {
	return `{"messaging_product":"whatsapp","recipient_type":"individual","to":"` + to + `","type":"template","biz_opaque_callback_data":"m-1",
"template":{"name":"appointment_reminder","language":{"code":"en_GB"},"components":[{"type":"body","parameters":[
{"type":"text","parameter_name":"tenant_first_name","text":"Sam"},
{"type":"text","parameter_name":"appointment_date","text":"Wednesday 25 November 2026"},
{"type":"text","parameter_name":"time_window","text":"08:00-12:00"}]}]}}`
}
