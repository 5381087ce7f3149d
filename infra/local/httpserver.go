package local

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxPayload is HTTP API's request body limit.
const maxPayload = 10 << 20

// integrationTimeout is HTTP API's longest wait for a Lambda integration.
const integrationTimeout = 30 * time.Second

// serveHTTP routes a request to its function as API Gateway HTTP API does, or to /_local/.
func (s *Stack) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_local/") {
		s.control(w, r)
		return
	}
	start := time.Now()
	s.api.add(start)
	status, fnID := s.proxyRequest(w, r)
	s.lat.since(orDash(fnID)+" api", start)
	s.logf("%s %s %s %s %d %s", start.UTC().Format(time.RFC3339), orDash(fnID), r.Method, r.URL.RequestURI(), status, time.Since(start).Round(time.Millisecond))
}

// proxyRequest does one API request and returns the status it sent and the function it used.
func (s *Stack) proxyRequest(w http.ResponseWriter, r *http.Request) (int, string) {
	route, params, ok := (&router{routes: s.routes}).match(r.Method, r.URL.EscapedPath())
	if !ok {
		writeJSON(w, http.StatusNotFound, []byte(`{"message":"Not Found"}`))
		return http.StatusNotFound, ""
	}
	f, running := s.funcs[route.Function]
	if !running {
		s.logf("local: route %s goes to %s, which is not running (Options.Functions)", route.Key(), route.Function)
		writeJSON(w, http.StatusInternalServerError, []byte(`{"message":"Internal Server Error"}`))
		return http.StatusInternalServerError, route.Function
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, []byte(`{"message":"Request Entity Too Large"}`))
		return http.StatusRequestEntityTooLarge, route.Function
	}
	ev := buildHTTPEvent(r, body, route, params, requestMeta{
		APIID:     apiID(s.o.StackName, s.httpAPIID()),
		RequestID: newUUID(),
		TraceID:   strings.SplitN(traceID(), ";", 2)[0],
		Time:      time.Now(),
	})
	payload, err := json.Marshal(ev)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, []byte(`{"message":"Internal Server Error"}`))
		return http.StatusInternalServerError, route.Function
	}
	ctx, cancel := context.WithTimeout(r.Context(), integrationTimeout)
	defer cancel()
	out, err := f.invoke(ctx, payload)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			writeJSON(w, http.StatusServiceUnavailable, []byte(`{"message":"Service Unavailable"}`))
			return http.StatusServiceUnavailable, route.Function
		}
		s.logf("local: %s %s: %v", route.Function, route.Key(), err)
		writeJSON(w, http.StatusInternalServerError, []byte(`{"message":"Internal Server Error"}`))
		return http.StatusInternalServerError, route.Function
	}
	ans, err := translateResponse(out)
	if err != nil {
		s.logf("local: %s %s: %v", route.Function, route.Key(), err)
		writeJSON(w, http.StatusInternalServerError, []byte(`{"message":"Internal Server Error"}`))
		return http.StatusInternalServerError, route.Function
	}
	for k, vs := range ans.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("Apigw-Requestid", ev.RequestContext.RequestID)
	w.WriteHeader(ans.Status)
	_, _ = w.Write(ans.Body)
	return ans.Status, route.Function
}

// httpAPIID is the logical id of the template's first HttpApi, for the apiId field.
func (s *Stack) httpAPIID() string {
	if ids := s.tmpl.OfType("AWS::Serverless::HttpApi"); len(ids) > 0 {
		return ids[0]
	}
	return "ServerlessHttpApi"
}

// control serves /_local/: schedules, counts and health.
func (s *Stack) control(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/_local/health":
		writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
	case r.Method == http.MethodGet && r.URL.Path == "/_local/counts":
		b, _ := json.Marshal(s.Counts())
		writeJSON(w, http.StatusOK, b)
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/_local/schedules/"):
		id := strings.TrimPrefix(r.URL.Path, "/_local/schedules/")
		if len(s.schedules[id]) == 0 {
			writeJSON(w, http.StatusNotFound, []byte(`{"message":"no schedule for that function"}`))
			return
		}
		if err := s.FireSchedule(r.Context(), id); err != nil {
			b, _ := json.Marshal(map[string]string{"message": err.Error()})
			writeJSON(w, http.StatusBadGateway, b)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusNotFound, []byte(`{"message":"Not Found"}`))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
