// Package openapi holds the one OpenAPI 3 document of the HTTP API and checks real requests
// and responses against it with kin-openapi's validator (openapi3filter), so the document
// cannot drift from what the API accepts and answers.
package openapi

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/proplink/chat/shared/phone"
	_ "github.com/proplink/chat/shared/phone/libphonenumber" // the e164 format is phone.Parse with libphonenumber
)

//go:embed openapi.yaml
var document []byte

// ConsolePaths are the documented /api/ paths (with their methods) that the staff console
// (ConsoleFunction) serves for its cookie sessions: they are in the template and this document,
// not in the bearer-token API's route table.
var ConsolePaths = map[string][]string{
	"/api/security/csrf-token": {"GET"},
}

// Document returns the raw OpenAPI document.
func Document() []byte { return document }

// The document's own string formats, beyond OpenAPI's date and date-time.
const (
	// FormatE164 is a phone number in E.164 form that libphonenumber finds possible for its
	// country, as phone.Parse checks it.
	FormatE164 = "e164"
	// FormatTimeZone is an IANA time zone name (Europe/London), as time.LoadLocation reads it.
	FormatTimeZone = "iana-time-zone"
)

// ErrUndocumented is returned for a request whose path the document does not describe.
var ErrUndocumented = errors.New("openapi: path not documented")

// Spec is the parsed document with a router over its paths.
type Spec struct {
	doc    *openapi3.T
	router routers.Router
	opts   *openapi3filter.Options
}

// Load parses and validates the embedded document.
func Load() (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(document)
	if err != nil {
		return nil, fmt.Errorf("openapi: parse: %w", err)
	}
	formats := []openapi3.SchemaValidationOption{
		openapi3.EnableFormatValidation(),
		openapi3.WithStringFormatValidator(FormatE164, openapi3.NewCallbackValidator(func(s string) error {
			_, err := phone.Parse(s)
			return err
		})),
		openapi3.WithStringFormatValidator(FormatTimeZone, openapi3.NewCallbackValidator(func(s string) error {
			if s == "" {
				return errors.New("empty time zone")
			}
			_, err := time.LoadLocation(s)
			return err
		})),
	}
	if err := doc.Validate(loader.Context, openapi3.EnableSchemaPatternValidation(), openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("openapi: invalid document: %w", err)
	}
	// Requests are matched on their path alone: the document's server is `make dev`'s, and the
	// API runs on any host.
	routed := *doc
	routed.Servers = nil
	router, err := gorillamux.NewRouter(&routed)
	if err != nil {
		return nil, fmt.Errorf("openapi: router: %w", err)
	}
	return &Spec{doc: doc, router: router, opts: &openapi3filter.Options{
		IncludeResponseStatus: true,
		// Credentials are the API's to judge (401), not the document's shape.
		AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
		SchemaValidationOptions: formats,
	}}, nil
}

// Doc returns the parsed document, for generating requests from it.
func (s *Spec) Doc() *openapi3.T { return s.doc }

// Operations returns every documented path with its methods (upper case).
func (s *Spec) Operations() map[string][]string {
	ops := map[string][]string{}
	for path, item := range s.doc.Paths.Map() {
		for method := range item.Operations() {
			ops[path] = append(ops[path], strings.ToUpper(method))
		}
		sort.Strings(ops[path])
	}
	return ops
}

// RequestFields returns the property names of an operation's JSON request body, whether the
// document says the body may carry no others (additionalProperties: false), and whether the
// operation has a body at all.
func (s *Spec) RequestFields(path, method string) (fields []string, closed, ok bool) {
	item := s.doc.Paths.Value(path)
	if item == nil {
		return nil, false, false
	}
	op := item.GetOperation(strings.ToUpper(method))
	if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil, false, false
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil, false, true
	}
	schema := mt.Schema.Value
	for name := range schema.Properties {
		fields = append(fields, name)
	}
	closed = schema.AdditionalProperties.Has != nil && !*schema.AdditionalProperties.Has
	return fields, closed, true
}

// input finds the documented operation of r. A documented path with an undocumented method
// has no operation: such a request is answered 405 in the error envelope.
func (s *Spec) input(r *http.Request) (*openapi3filter.RequestValidationInput, error) {
	route, params, err := s.router.FindRoute(r)
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		return nil, ErrUndocumented
	case err != nil:
		return nil, fmt.Errorf("openapi: %s %s: %w", r.Method, r.URL.Path, err)
	}
	return &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: s.opts}, nil
}

// CheckRequest checks r, whose body is body, against its documented operation: path, query
// and header parameters, and the body (one JSON value, nothing after it, matching the schema).
// It returns ErrUndocumented for a path the document does not describe.
func (s *Spec) CheckRequest(r *http.Request, body []byte) error {
	in, err := s.input(clone(r, body))
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
		return fmt.Errorf("openapi: %s %s: request body is not one JSON value", r.Method, r.URL.Path)
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return fmt.Errorf("openapi: %s %s: %w", r.Method, r.URL.Path, err)
	}
	return nil
}

// CheckResponse checks the answer to r (status, headers, body) against r's documented
// operation: the status must be documented and the body must match its schema. A method the
// path does not document may only be answered 405 in the error envelope. It returns
// ErrUndocumented for a path the document does not describe.
func (s *Spec) CheckResponse(r *http.Request, status int, header http.Header, body []byte) error {
	in, err := s.input(clone(r, nil))
	if errors.Is(err, routers.ErrMethodNotAllowed) {
		if status != http.StatusMethodNotAllowed {
			return fmt.Errorf("openapi: %s %s is not documented, yet answered %d", r.Method, r.URL.Path, status)
		}
		return s.checkError(body)
	}
	if err != nil {
		return err
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: s.opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("openapi: %s %s %d: %w", r.Method, r.URL.Path, status, err)
	}
	return nil
}

// checkError checks body against the document's error envelope.
func (s *Spec) checkError(body []byte) error {
	resp := s.doc.Components.Responses["Error"]
	schema := resp.Value.Content.Get("application/json").Schema.Value
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("openapi: error body is not JSON: %w", err)
	}
	if err := schema.VisitJSON(v); err != nil {
		return fmt.Errorf("openapi: error body: %w", err)
	}
	return nil
}

// clone is r with body as its body, so that validating reads neither r's body nor its state.
func clone(r *http.Request, body []byte) *http.Request {
	c := r.Clone(context.Background())
	c.Body = io.NopCloser(bytes.NewReader(body))
	c.ContentLength = int64(len(body))
	c.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return c
}
