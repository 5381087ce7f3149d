package simulator

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// statusJSON asks for one status webhook of a sent message on the control API.
type statusJSON struct {
	WAMID  string `json:"wamid"`
	Status string `json:"status"`
	Code   int    `json:"code,omitempty"`
	WebhookOptions
}

// webhookRoutes adds the webhook side of the control API:
//
//	POST /_sim/inbound        Inbound: a person's message as a signed webhook → Injected
//	POST /_sim/statuses       {wamid, status, code, times, bad_signature} → {http_statuses}
//	POST /_sim/status-scripts StatusScript for the next sends' automatic statuses
//	GET  /_sim/webhooks       every webhook delivered so far
//	PUT  /_sim/webhook-url    {url}: where webhooks go
func (s *Simulator) webhookRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /_sim/inbound", func(w http.ResponseWriter, r *http.Request) {
		var in Inbound
		if !decodeControl(w, r, &in) {
			return
		}
		res, err := s.Inject(r.Context(), in)
		writeDelivery(w, res, err)
	})
	mux.HandleFunc("POST /_sim/statuses", func(w http.ResponseWriter, r *http.Request) {
		var st statusJSON
		if !decodeControl(w, r, &st) {
			return
		}
		if st.WAMID == "" || st.Status == "" {
			writeControlError(w, http.StatusBadRequest, "wamid and status are required")
			return
		}
		codes, err := s.SendStatus(r.Context(), st.WAMID, st.Status, st.Code, st.WebhookOptions)
		writeDelivery(w, Injected{WAMID: st.WAMID, HTTPStatuses: codes}, err)
	})
	mux.HandleFunc("POST /_sim/status-scripts", func(w http.ResponseWriter, r *http.Request) {
		var sc StatusScript
		if !decodeControl(w, r, &sc) {
			return
		}
		if sc.Count < 0 || sc.Duplicates < 0 {
			writeControlError(w, http.StatusBadRequest, "count and duplicates must not be negative")
			return
		}
		s.ScriptStatuses(sc)
		writeJSON(w, http.StatusCreated, map[string]bool{"queued": true})
	})
	mux.HandleFunc("GET /_sim/webhooks", func(w http.ResponseWriter, r *http.Request) {
		d := s.Webhooks()
		if d == nil {
			d = []WebhookDelivery{}
		}
		writeJSON(w, http.StatusOK, d)
	})
	mux.HandleFunc("PUT /_sim/webhook-url", func(w http.ResponseWriter, r *http.Request) {
		var b struct {
			URL string `json:"url"`
		}
		if !decodeControl(w, r, &b) {
			return
		}
		s.SetWebhookURL(b.URL)
		w.WriteHeader(http.StatusNoContent)
	})
}

// decodeControl reads a control request's JSON body into v, or answers 400.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(v); err != nil {
		writeControlError(w, http.StatusBadRequest, "body must be JSON: "+err.Error())
		return false
	}
	return true
}

// writeDelivery answers a webhook request: 200 with what was delivered, 409 with no webhook URL
// set, 400 for a bad request, 502 when the receiver could not be reached.
func writeDelivery(w http.ResponseWriter, res Injected, err error) {
	switch {
	case err == nil:
		if res.HTTPStatuses == nil {
			res.HTTPStatuses = []int{}
		}
		writeJSON(w, http.StatusOK, res)
	case errors.Is(err, ErrNoWebhookURL):
		writeControlError(w, http.StatusConflict, err.Error())
	case res.WAMID == "" || res.HTTPStatuses == nil:
		writeControlError(w, http.StatusBadRequest, err.Error())
	default:
		writeJSON(w, http.StatusBadGateway, map[string]any{"wamid": res.WAMID, "http_statuses": res.HTTPStatuses, "error": err.Error()})
	}
}
