// Package platformhttptest runs a contract stub for tests: an httptest server that implements
// the platformhttp contract over any property.Platform (an in-memory one, in the tests) and
// checks every request it receives, and every answer it gives, against the contract's OpenAPI
// document with kin-openapi.
package platformhttptest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
	"github.com/proplink/chat/shared/property/platformhttp"
)

// Stub is a running contract stub.
type Stub struct {
	*httptest.Server
	// Token is the bearer token the stub accepts.
	Token string

	platform property.Platform
	router   routers.Router
	mux      *http.ServeMux

	mu         sync.Mutex
	violations []string
	requests   []string
	failures   []int
	delay      time.Duration
}

// Start runs a stub over p accepting token; it stops with the test, and the test fails if any
// request or answer broke the contract.
func Start(t testing, p property.Platform, token string) *Stub {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(platformhttp.Contract())
	if err != nil {
		t.Fatalf("platformhttptest: load contract: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("platformhttptest: the contract is not valid OpenAPI: %v", err)
	}
	s := &Stub{Token: token, platform: p, mux: http.NewServeMux()}
	s.routes()
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	doc.Servers = openapi3.Servers{{URL: s.URL}}
	if s.router, err = gorillamux.NewRouter(doc); err != nil {
		t.Fatalf("platformhttptest: router: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		for _, v := range s.Violations() {
			t.Errorf("platformhttptest: %s", v)
		}
	})
	return s
}

// testing is the part of testing.TB the stub uses.
type testing interface {
	Helper()
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
	Cleanup(func())
}

// FailNext makes the next len(statuses) requests answer those statuses before reaching the
// platform (a platform that is down: 503, 502, …).
func (s *Stub) FailNext(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, statuses...)
}

// Delay makes every answer wait d (a slow platform).
func (s *Stub) Delay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Requests returns "METHOD /path?query [Idempotency-Key]" for every request received.
func (s *Stub) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Violations returns what broke the contract so far.
func (s *Stub) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

func (s *Stub) violation(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
}

// serve checks the request against the contract, answers it, and checks the answer.
func (s *Stub) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Idempotency-Key"))
	var fail int
	if len(s.failures) > 0 {
		fail, s.failures = s.failures[0], s.failures[1:]
	}
	delay := s.delay
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	route, params, err := s.router.FindRoute(r)
	if err != nil {
		s.violation("%s %s: no such operation in the contract: %v", r.Method, r.URL.Path, err)
		writeError(w, http.StatusNotFound, "No such route")
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: func(_ context.Context, a *openapi3filter.AuthenticationInput) error {
			if r.Header.Get("Authorization") != "Bearer "+s.Token {
				return errors.New("bad bearer token")
			}
			return nil
		}}}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		var sec *openapi3filter.SecurityRequirementsError
		if errors.As(err, &sec) {
			writeError(w, http.StatusUnauthorized, "Authentication required")
			return
		}
		s.violation("%s %s: request breaks the contract: %v", r.Method, r.URL.Path, err)
		writeError(w, http.StatusBadRequest, "Invalid request")
		return
	}
	rec := httptest.NewRecorder()
	if fail != 0 {
		writeError(rec, fail, "Temporarily unavailable")
	} else {
		s.mux.ServeHTTP(rec, r)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(r.Context(), out); err != nil {
		s.violation("%s %s: answer breaks the contract: %v", r.Method, r.URL.Path, err)
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// writeJSON answers v in the success envelope.
func writeJSON(w http.ResponseWriter, status int, data any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"success": true}
	if data != nil {
		body["data"] = data
	}
	_ = json.NewEncoder(w).Encode(body)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"success": false, "error": msg})
}

// writeErr answers a platform error with the status of its code.
func writeErr(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch messaging.ErrorCode(err) {
	case messaging.CodeNotFound:
		status = http.StatusNotFound
	case messaging.CodeInvalid:
		status = http.StatusBadRequest
	case messaging.CodeConflict:
		status = http.StatusConflict
	}
	writeError(w, status, messaging.ErrorMessage(err))
}
