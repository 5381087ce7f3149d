package simulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/proplink/chat/shared/messaging"
)

// Page sizes of the template listing.
const (
	defaultTemplateLimit = 25
	maxTemplateLimit     = 1000
)

// template finds a template by name and language.
func (s *Simulator) template(name, lang string) (messaging.Template, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.templates, func(t messaging.Template) bool { return t.Name == name && t.Language == lang })
	if i < 0 {
		return messaging.Template{}, false
	}
	return s.templates[i], true
}

// Templates returns the simulator's templates.
func (s *Simulator) Templates() []messaging.Template {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.templates)
}

// PutTemplate adds a template or replaces the one of the same name and language. A template
// without a provider id gets one; its variables are derived from its components.
func (s *Simulator) PutTemplate(t messaging.Template) { s.putTemplate(t) }

func (s *Simulator) putTemplate(t messaging.Template) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.ParameterFormat == "" {
		t.ParameterFormat = messaging.FormatPositional
	}
	if t.Status == "" {
		t.Status = messaging.TemplateApproved
	}
	t.Variables = messaging.DeriveVariables(t.Components)
	i := slices.IndexFunc(s.templates, func(o messaging.Template) bool { return o.Name == t.Name && o.Language == t.Language })
	if t.ProviderID == "" {
		t.ProviderID = strconv.Itoa(1320454865690000 + len(s.templates))
		if i >= 0 {
			t.ProviderID = s.templates[i].ProviderID
		}
	}
	if i >= 0 {
		s.templates[i] = t
		return
	}
	s.templates = append(s.templates, t)
}

// wireTemplate is a template as Meta lists it.
type wireTemplate map[string]any

// toWire renders t with the fields asked for (all when fields is empty); id always comes.
func toWire(t messaging.Template, fields string) wireTemplate {
	all := wireTemplate{
		"id": t.ProviderID, "name": t.Name, "language": t.Language, "status": t.Status,
		"category": t.Category, "parameter_format": t.ParameterFormat, "components": t.Components,
	}
	if strings.TrimSpace(fields) == "" {
		return all
	}
	out := wireTemplate{"id": t.ProviderID}
	for _, f := range strings.Split(fields, ",") {
		if v, ok := all[strings.TrimSpace(f)]; ok {
			out[strings.TrimSpace(f)] = v
		}
	}
	return out
}

// handleGraphTemplates is GET /{version}/{waba_id}/message_templates with cursor paging.
func (s *Simulator) handleGraphTemplates(w http.ResponseWriter, r *http.Request) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if tok == "" {
		tok = r.URL.Query().Get("access_token")
	}
	acct, known := s.accountByWABA(r.PathValue("wabaID"))
	switch {
	case known && acct.Token == tok:
	case !known && isKnownToken(s, tok):
		e := errorFor(100, "")
		e.Subcode, e.Type = 33, "GraphMethodException"
		e.Message = "Unsupported get request. Object with ID '" + r.PathValue("wabaID") + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
		writeError(w, e)
		return
	default:
		e := errorFor(190, "")
		e.Message = "Invalid OAuth access token - Cannot parse access token"
		writeError(w, e)
		return
	}
	if f, ok := s.takeFault(PathTemplates, ""); ok && !s.applyFault(w, r, f) {
		return
	}
	q := r.URL.Query()
	limit := queryInt(q, "limit", defaultTemplateLimit)
	start := 0
	if after := q.Get("after"); after != "" {
		if start = decodeCursor(after); start < 0 {
			writeError(w, errorFor(100, "The after cursor is not valid."))
			return
		}
	}
	tpls := s.Templates()
	start = min(start, len(tpls))
	end := min(start+limit, len(tpls))
	data := make([]wireTemplate, 0, end-start)
	for _, t := range tpls[start:end] {
		data = append(data, toWire(t, q.Get("fields")))
	}
	paging := map[string]any{"cursors": map[string]string{"before": encodeCursor(start), "after": encodeCursor(end)}}
	if end < len(tpls) {
		q.Set("after", encodeCursor(end))
		q.Del("access_token")
		paging["next"] = scheme(r) + "://" + r.Host + r.URL.Path + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "paging": paging})
}

// handleDialogTemplates is 360dialog's GET /v1/configs/templates with limit/offset paging.
func (s *Simulator) handleDialogTemplates(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.accountByToken(r.Header.Get("D360-API-KEY")); !ok {
		writeDialogAuthError(w)
		return
	}
	if f, ok := s.takeFault(PathTemplates, ""); ok && !s.applyFault(w, r, f) {
		return
	}
	q := r.URL.Query()
	limit := queryInt(q, "limit", 1000)
	tpls := s.Templates()
	offset := min(queryInt(q, "offset", 0), len(tpls))
	end := min(offset+limit, len(tpls))
	data := make([]wireTemplate, 0, end-offset)
	for _, t := range tpls[offset:end] {
		wt := toWire(t, "")
		wt["status"] = strings.ToLower(t.Status) // 360dialog writes statuses in lower case
		data = append(data, wt)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"count": len(data), "filters": map[string]any{}, "limit": limit, "offset": offset,
		"sort": []string{"id"}, "total": len(tpls), "waba_templates": data,
	})
}

// queryInt reads a positive integer parameter, def when absent or unreadable, capped.
func queryInt(q url.Values, name string, def int) int {
	n, err := strconv.Atoi(q.Get(name))
	if err != nil || n < 0 || (n == 0 && name == "limit") {
		return def
	}
	if name == "limit" {
		return min(n, maxTemplateLimit)
	}
	return n
}

// encodeCursor turns a list position into an opaque cursor.
func encodeCursor(i int) string { return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(i))) }

// decodeCursor turns a cursor back into a list position; -1 when it is not one of ours.
func decodeCursor(c string) int {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return -1
	}
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// scheme is the scheme the caller used.
func scheme(r *http.Request) string {
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		return p
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}
