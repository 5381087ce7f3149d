package reminders

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/obs"
)

// handlerRig is a Handler over a rig's fakes, logging to log.
type handlerRig struct {
	*rig
	h         *Handler
	templates *fakeTemplates
	metrics   *fakes.Metrics
	outboxes  int
	log       bytes.Buffer
}

func newHandlerRig(now time.Time, appts ...Appointment) *handlerRig {
	r := &handlerRig{rig: newRig(now, appts...), metrics: &fakes.Metrics{}}
	t := reminderTemplate
	t.Components = []messaging.Component{{Type: "BODY", Text: "Hi {{tenant_first_name}}, see you {{appointment_date}} {{time_window}}."}}
	r.templates = &fakeTemplates{templates: []messaging.Template{t}}
	r.h = &Handler{Store: r.store, Templates: r.templates, Notes: r.notes, Metrics: r.metrics, Now: r.clock.Now,
		NewOutbox: func() Outbox { r.outboxes++; return r.outbox }}
	return r
}

// handle runs the handler once and returns the one log line it wrote and its error.
func (r *handlerRig) handle(ctx context.Context, t *testing.T) (map[string]any, error) {
	t.Helper()
	r.log.Reset()
	err := r.h.Handle(obs.WithLogger(ctx, obs.NewLogger(&r.log, "reminders")))
	var line map[string]any
	if jerr := json.Unmarshal(r.log.Bytes(), &line); jerr != nil {
		t.Fatalf("log: want one JSON line, got %q: %v", r.log.String(), jerr)
	}
	return line, err
}

func TestHandlerReports(t *testing.T) {
	noPhone, optedOut := appt(1051), appt(1052)
	noPhone.TenantPhone = ""
	optedOut.TenantPhone = "+447700900999"
	tests := []struct {
		name        string
		setup       func(r *handlerRig)
		deadline    time.Duration // when set, the invocation's deadline is this far away
		wantErr     bool
		wantLevel   string
		wantMsg     string
		wantLog     map[string]float64
		wantMetrics map[string]float64
	}{
		{name: "sent and skipped", setup: func(r *handlerRig) {
			r.store.put(noPhone)
			r.store.put(optedOut)
			r.store.optedOut["org1#+447700900999"] = true
		},
			wantLevel: "INFO", wantMsg: "reminders run finished",
			wantLog:     map[string]float64{"scanned": 3, "due": 3, "enqueued": 1, "skipped_opt_out": 1, "skipped_no_phone": 1, "failed": 0},
			wantMetrics: map[string]float64{MetricEnqueued: 1, MetricSkipped: 2, MetricDeferred: 0, MetricUnfinished: 0, MetricFailed: 0}},
		{name: "a failure after reading does not fail the invocation", setup: func(r *handlerRig) { r.store.claimFails = map[int64]bool{1050: true} },
			wantLevel: "ERROR", wantMsg: "reminders run finished with failures",
			wantLog:     map[string]float64{"scanned": 1, "due": 1, "enqueued": 0, "failed": 1},
			wantMetrics: map[string]float64{MetricEnqueued: 0, MetricSkipped: 0, MetricDeferred: 0, MetricUnfinished: 0, MetricFailed: 1}},
		{name: "nothing read fails the invocation", setup: func(r *handlerRig) { r.store.queryFails = true },
			wantErr: true, wantLevel: "ERROR", wantMsg: "reminders run finished with failures",
			wantLog:     map[string]float64{"scanned": 0, "failed": 0},
			wantMetrics: map[string]float64{MetricEnqueued: 0, MetricSkipped: 0, MetricDeferred: 0, MetricUnfinished: 0, MetricFailed: 0}},
		{name: "a near deadline stops the run with a warning", deadline: time.Second,
			wantLevel: "WARN", wantMsg: "reminders run finished early for the deadline; the next run does the rest",
			wantLog:     map[string]float64{"scanned": 0, "enqueued": 0},
			wantMetrics: map[string]float64{MetricEnqueued: 0, MetricSkipped: 0, MetricDeferred: 0, MetricUnfinished: 0, MetricFailed: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newHandlerRig(afternoon, appt(1050))
			if tt.setup != nil {
				tt.setup(r)
			}
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			line, err := r.handle(ctx, t)
			if (err != nil) != tt.wantErr {
				t.Errorf("Handle error = %v, want error %v", err, tt.wantErr)
			}
			if line["level"] != tt.wantLevel || line["msg"] != tt.wantMsg {
				t.Errorf("log: got %v %q, want %s %q", line["level"], line["msg"], tt.wantLevel, tt.wantMsg)
			}
			for k, want := range tt.wantLog {
				if got, ok := line[k].(float64); !ok || got != want {
					t.Errorf("log %s: got %v, want %v", k, line[k], want)
				}
			}
			if _, ok := line["duration_ms"]; !ok {
				t.Errorf("log: no duration_ms in %v", line)
			}
			if stopped := line["stopped"] == true; stopped != (tt.deadline > 0) {
				t.Errorf("log stopped: got %v, want %v", line["stopped"], tt.deadline > 0)
			}
			if diff := cmp.Diff(tt.wantMetrics, r.metrics.Counts()); diff != "" {
				t.Errorf("metrics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHandlerFreshCachesEachRun(t *testing.T) {
	r := newHandlerRig(afternoon, appt(1050))
	for run := range 2 {
		if _, err := r.handle(context.Background(), t); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		r.clock.Set(afternoon.Add(15 * time.Minute))
	}
	r.store.put(func() Appointment { a := appt(1051); a.TenantPhone = "+447700900124"; return a }())
	if _, err := r.handle(context.Background(), t); err != nil {
		t.Fatal(err)
	}
	if r.outboxes != 3 {
		t.Errorf("outboxes: got %d, want one per run (3)", r.outboxes)
	}
	if r.templates.lists != 2 {
		t.Errorf("template lists: got %d, want one per run that renders (2)", r.templates.lists)
	}
	if got := len(r.outbox.sent); got != 2 {
		t.Errorf("reminders sent: got %d, want 2 (1050 once, then 1051)", got)
	}
}
