package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// converseScriptJSON is a ConverseScript on the control API, with the delay in milliseconds.
type converseScriptJSON struct {
	ConverseScript
	DelayMS int64 `json:"delay_ms"`
}

// converseControlRoutes adds the Converse stand-in's control API: scripts (one or a list) and
// the recorded calls.
func (s *Simulator) converseControlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /_sim/bedrock/scripts", s.handlePostConverseScripts)
	mux.HandleFunc("DELETE /_sim/bedrock", func(w http.ResponseWriter, r *http.Request) {
		s.ClearConverse()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_sim/bedrock/calls", func(w http.ResponseWriter, r *http.Request) {
		calls := s.ConverseCalls()
		if calls == nil {
			calls = []ConverseCall{}
		}
		writeJSON(w, http.StatusOK, calls)
	})
}

// handlePostConverseScripts queues one script or a list of them.
func (s *Simulator) handlePostConverseScripts(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeControlError(w, http.StatusBadRequest, "unreadable body")
		return
	}
	var list []converseScriptJSON
	if json.Unmarshal(body, &list) != nil {
		var one converseScriptJSON
		if err := json.Unmarshal(body, &one); err != nil {
			writeControlError(w, http.StatusBadRequest, "body must be a script or a list of scripts: {match, count, intent, mentions, language, input, fault, delay_ms}")
			return
		}
		list = []converseScriptJSON{one}
	}
	faults := map[string]bool{"": true, ConverseThrottling: true, ConverseValidation: true, ConverseInternal: true, ConverseRefusal: true, ConverseGarbage: true}
	scripts := make([]ConverseScript, 0, len(list))
	for _, sj := range list {
		if !faults[sj.Fault] || sj.Count < 0 || sj.DelayMS < 0 || (sj.Fault == "" && sj.Intent == "" && sj.Input == nil) {
			writeControlError(w, http.StatusBadRequest, "a script needs an intent, an input or a known fault; count and delay_ms must not be negative")
			return
		}
		sj.Delay = time.Duration(sj.DelayMS) * time.Millisecond
		scripts = append(scripts, sj.ConverseScript)
	}
	s.ScriptConverse(scripts...)
	writeJSON(w, http.StatusCreated, map[string]int{"queued": len(scripts)})
}
