package simulator

import (
	"net/http"
	"strings"
	"time"
)

// The request paths a fault can match.
const (
	PathMessages  = "messages"
	PathTemplates = "templates"
)

// Fault is a scripted failure, consumed first-in-first-out by the requests it matches.
type Fault struct {
	// Count is how many matching requests it applies to; 1 when zero.
	Count int
	// HTTPStatus overrides the status; zero takes the code's own (Meta's) status. A status alone
	// answers 429 with code 4, 500 with code 1, 503 with code 2, and 502/504 with a gateway's
	// HTML page instead of JSON.
	HTTPStatus int
	// Code is the Meta error code to answer with (130429, 131000, 131047, 131026, 132000, 190,
	// 131056, ...).
	Code int
	// Delay holds the answer back; with no status or code the request then succeeds, so a
	// Delay longer than the client's timeout is an ambiguous timeout.
	Delay time.Duration
	// To restricts the fault to sends to this recipient (digits; a leading + is ignored).
	To string
	// Path is PathMessages (default) or PathTemplates.
	Path string
}

// Script queues a fault.
func (s *Simulator) Script(f Fault) {
	if f.Count <= 0 {
		f.Count = 1
	}
	if f.Path == "" {
		f.Path = PathMessages
	}
	f.To = strings.TrimPrefix(f.To, "+")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// ClearFaults drops every queued fault.
func (s *Simulator) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault consumes one use of the first queued fault matching path and recipient to.
func (s *Simulator) takeFault(path, to string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		f := &s.faults[i]
		if f.Path != path || (f.To != "" && f.To != to) {
			continue
		}
		taken := *f
		f.Count--
		if f.Count == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return taken, true
	}
	return Fault{}, false
}

// applyFault waits out the fault's delay and answers with its error. It returns true when the
// request should go on normally (a delay-only fault).
func (s *Simulator) applyFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			// The caller gave up; Meta would still have handled the request.
			t.Stop()
		}
	}
	switch {
	case f.Code != 0:
		e := errorFor(f.Code, "")
		if f.HTTPStatus != 0 {
			e.Status = f.HTTPStatus
		}
		writeError(w, e)
	case f.HTTPStatus == http.StatusBadGateway || f.HTTPStatus == http.StatusGatewayTimeout:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(f.HTTPStatus)
		w.Write([]byte("<html><head><title>" + http.StatusText(f.HTTPStatus) + "</title></head><body><h1>" + http.StatusText(f.HTTPStatus) + "</h1></body></html>\n"))
	case f.HTTPStatus != 0:
		code := map[int]int{http.StatusTooManyRequests: 4, http.StatusServiceUnavailable: 2}[f.HTTPStatus]
		if code == 0 {
			code = 1
		}
		e := errorFor(code, "")
		e.Status = f.HTTPStatus
		writeError(w, e)
	default:
		return true
	}
	return false
}
