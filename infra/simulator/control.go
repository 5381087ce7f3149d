package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// faultJSON is a Fault on the control API, with the delay in milliseconds.
type faultJSON struct {
	Count      int    `json:"count"`
	HTTPStatus int    `json:"http_status"`
	Code       int    `json:"code"`
	DelayMS    int64  `json:"delay_ms"`
	To         string `json:"to"`
	Path       string `json:"path"`
}

// controlRoutes adds the control API: faults, recorded sends, templates and health.
func (s *Simulator) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_sim/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("POST /_sim/faults", s.handlePostFault)
	mux.HandleFunc("DELETE /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_sim/messages", func(w http.ResponseWriter, r *http.Request) {
		sent := s.Sent()
		if sent == nil {
			sent = []SentMessage{}
		}
		writeJSON(w, http.StatusOK, sent)
	})
	mux.HandleFunc("DELETE /_sim/messages", func(w http.ResponseWriter, r *http.Request) {
		s.ClearSent()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_sim/templates", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Templates())
	})
	mux.HandleFunc("POST /_sim/templates", s.handlePostTemplates)
	s.webhookRoutes(mux)
}

// handlePostFault queues a fault given as faultJSON.
func (s *Simulator) handlePostFault(w http.ResponseWriter, r *http.Request) {
	var f faultJSON
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&f); err != nil {
		writeControlError(w, http.StatusBadRequest, "body must be a fault: {count, http_status, code, delay_ms, to, path}")
		return
	}
	if f.Path != "" && f.Path != PathMessages && f.Path != PathTemplates {
		writeControlError(w, http.StatusBadRequest, `path must be "messages" or "templates"`)
		return
	}
	if f.Count < 0 || f.DelayMS < 0 || (f.HTTPStatus != 0 && (f.HTTPStatus < 400 || f.HTTPStatus > 599)) {
		writeControlError(w, http.StatusBadRequest, "count and delay_ms must not be negative; http_status must be 4xx or 5xx")
		return
	}
	s.Script(Fault{Count: f.Count, HTTPStatus: f.HTTPStatus, Code: f.Code, Delay: time.Duration(f.DelayMS) * time.Millisecond, To: f.To, Path: f.Path})
	writeJSON(w, http.StatusCreated, map[string]bool{"queued": true})
}

// handlePostTemplates adds or replaces one template or a list of them.
func (s *Simulator) handlePostTemplates(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeControlError(w, http.StatusBadRequest, "unreadable body")
		return
	}
	var list []messaging.Template
	if json.Unmarshal(body, &list) != nil {
		var one messaging.Template
		if err := json.Unmarshal(body, &one); err != nil {
			writeControlError(w, http.StatusBadRequest, "body must be a template or a list of templates")
			return
		}
		list = []messaging.Template{one}
	}
	for _, t := range list {
		if t.Name == "" || t.Language == "" {
			writeControlError(w, http.StatusBadRequest, "every template needs a name and a language")
			return
		}
	}
	for _, t := range list {
		s.PutTemplate(t)
	}
	writeJSON(w, http.StatusOK, s.Templates())
}

// writeControlError answers a bad control request.
func writeControlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
