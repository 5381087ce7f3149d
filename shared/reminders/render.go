package reminders

import (
	"context"
	"fmt"
	"sync"

	"github.com/proplink/chat/shared/messaging"
)

// templateOrErr is one organisation's reminder template, or why it has none.
type templateOrErr struct {
	t   messaging.Template
	err error
}

// Renderer fills the organisation's approved appointment_reminder template from the job as
// the service re-read it. It lists each organisation's templates once in its life, so it is
// meant for one run; it is safe for concurrent use.
type Renderer struct {
	store     Templates
	mu        sync.Mutex
	templates map[string]templateOrErr // org -> template
}

// NewRenderer returns a renderer of the templates the store lists.
func NewRenderer(t Templates) *Renderer {
	return &Renderer{store: t, templates: map[string]templateOrErr{}}
}

// Render is a RenderFunc: it renders the template with the job's values and the appointment's
// (the appointment's win: they are the ones its reminder key names).
func (r *Renderer) Render(ctx context.Context, a Appointment, job messaging.Job) (int, string, messaging.Rendered, error) {
	t, err := r.template(ctx, a.OrgID)
	if err != nil {
		return 0, "", messaging.Rendered{}, err
	}
	values := job.Variables()
	for k, v := range a.Variables() {
		values[k] = v
	}
	out, err := t.Render(values)
	if err != nil {
		return 0, "", messaging.Rendered{}, fmt.Errorf("template %d: %w", t.ID, err)
	}
	return t.ID, t.Language, out, nil
}

// template returns the organisation's approved appointment_reminder template, the lowest id
// when there are several (one per language). The lock is held over the listing, so workers
// arriving together list an organisation's templates once.
func (r *Renderer) template(ctx context.Context, orgID string) (messaging.Template, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.templates[orgID]; ok {
		return c.t, c.err
	}
	var c templateOrErr
	ts, err := r.store.ListTemplates(ctx, orgID)
	switch {
	case err != nil:
		c.err = fmt.Errorf("templates of %s: %w", orgID, err)
	default:
		c.err = fmt.Errorf("organisation %s has no approved %s template", orgID, TemplateName)
		for _, t := range ts {
			if t.Name == TemplateName && t.Sendable() {
				c = templateOrErr{t: t}
				break
			}
		}
	}
	r.templates[orgID] = c
	return c.t, c.err
}
