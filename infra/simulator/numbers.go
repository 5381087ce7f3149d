package simulator

import (
	"net/http"
	"strings"
)

// numberView is a business number as Meta's phone number reads show it.
func numberView(a Account) map[string]any {
	tail := a.PhoneNumberID[max(0, len(a.PhoneNumberID)-6):]
	return map[string]any{
		"id": a.PhoneNumberID, "display_phone_number": "+44 7700 " + tail,
		"verified_name": "PropLink Simulator", "quality_rating": "GREEN",
	}
}

// handleGraphNumbers is Meta's GET /<version>/<WABA_ID>/phone_numbers: the WABA's numbers the
// bearer's token reaches. A WABA the token does not reach is Meta's "does not exist" (100/33).
func (s *Simulator) handleGraphNumbers(w http.ResponseWriter, r *http.Request) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !isKnownToken(s, tok) {
		writeAuthError(w)
		return
	}
	waba := r.PathValue("wabaID")
	var data []map[string]any
	for _, a := range s.accounts {
		if a.WABAID == waba && a.Token == tok {
			data = append(data, numberView(a))
		}
	}
	if len(data) == 0 {
		writeNoSuchObject(w, waba)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "paging": map[string]any{"cursors": map[string]string{"before": "QVFI", "after": "QVFI"}}})
}

// answerNumber answers Meta's GET /<version>/<PHONE_NUMBER_ID> for a seeded number: the number
// when the bearer's token reaches it, Meta's "does not exist" (100/33) otherwise.
func (s *Simulator) answerNumber(w http.ResponseWriter, tok string, a Account) {
	if a.Token != tok {
		writeNoSuchObject(w, a.PhoneNumberID)
		return
	}
	writeJSON(w, http.StatusOK, numberView(a))
}

// handleDialogHealth is 360dialog's GET /health_status: the key's number and WABA among its
// entities.
func (s *Simulator) handleDialogHealth(w http.ResponseWriter, r *http.Request) {
	a, ok := s.accountByToken(r.Header.Get("D360-API-KEY"))
	if !ok {
		writeDialogAuthError(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"health_status": map[string]any{
			"can_send_message": "AVAILABLE",
			"entities": []map[string]string{
				{"entity_type": "PHONE_NUMBER", "id": a.PhoneNumberID, "can_send_message": "AVAILABLE"},
				{"entity_type": "WABA", "id": a.WABAID, "can_send_message": "AVAILABLE"},
			},
		},
		"id": a.PhoneNumberID,
	})
}

// writeNoSuchObject answers Meta's error for an object the token cannot see.
func writeNoSuchObject(w http.ResponseWriter, id string) {
	e := errorFor(100, "")
	e.Subcode, e.Type = 33, "GraphMethodException"
	e.Message = "Unsupported get request. Object with ID '" + id + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
	writeError(w, e)
}
