package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// scheduleSource is one Schedule or ScheduleV2 event of a function.
type scheduleSource struct {
	function string
	event    string
	kind     string
	sched    *Schedule
	schedErr error
	input    []byte
	enabled  bool
}

// newScheduleSource reads a Schedule/ScheduleV2 event. An expression the runner cannot follow
// only stops the cadence; FireSchedule still works.
func newScheduleSource(fnID, event, kind string, p map[string]any) (*scheduleSource, error) {
	expr, _ := p["Schedule"].(string)
	if e, ok := p["ScheduleExpression"].(string); ok {
		expr = e
	}
	if expr == "" {
		return nil, fmt.Errorf("no Schedule/ScheduleExpression")
	}
	loc := time.UTC
	if tz, _ := p["ScheduleExpressionTimezone"].(string); tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return nil, fmt.Errorf("ScheduleExpressionTimezone %q: %w", tz, err)
		}
		loc = l
	}
	src := &scheduleSource{function: fnID, event: event, kind: kind, enabled: true}
	src.sched, src.schedErr = ParseSchedule(expr, loc)
	input, err := inputPayload(p["Input"])
	if err != nil {
		return nil, err
	}
	src.input = input
	if v, ok := p["Enabled"]; ok {
		src.enabled = truthy(v)
	}
	if st, ok := p["State"].(string); ok {
		src.enabled = st == "ENABLED"
	}
	return src, nil
}

// payload is the Input, else EventBridge's "Scheduled Event".
func (src *scheduleSource) payload(stack string, at time.Time) []byte {
	if src.input != nil {
		return src.input
	}
	b, _ := json.Marshal(map[string]any{
		"version":     "0",
		"id":          newUUID(),
		"detail-type": "Scheduled Event",
		"source":      "aws.events",
		"account":     AccountID,
		"time":        at.UTC().Format(time.RFC3339),
		"region":      Region,
		"resources":   []string{"arn:aws:events:" + Region + ":" + AccountID + ":rule/" + stack + "-" + src.function + src.event},
		"detail":      map[string]any{},
	})
	return b
}

// FireSchedule invokes a function once for each of its Schedule/ScheduleV2 events, now.
func (s *Stack) FireSchedule(ctx context.Context, logicalID string) error {
	srcs := s.schedules[logicalID]
	if len(srcs) == 0 {
		return fmt.Errorf("local: %s has no running Schedule or ScheduleV2 event", logicalID)
	}
	var errs []error
	for _, src := range srcs {
		errs = append(errs, s.fire(ctx, src))
	}
	return errors.Join(errs...)
}

// fire invokes the function with one schedule's payload and logs the outcome.
func (s *Stack) fire(ctx context.Context, src *scheduleSource) error {
	f, ok := s.funcs[src.function]
	if !ok {
		return fmt.Errorf("local: %s is not running", src.function)
	}
	start := time.Now()
	_, err := f.invoke(ctx, src.payload(s.o.StackName, start))
	status := "ok"
	if err != nil {
		status = "error: " + err.Error()
	}
	s.logf("%s %s schedule %s %s %s", start.UTC().Format(time.RFC3339), src.function, src.event, status, time.Since(start).Round(time.Millisecond))
	return err
}

// startSchedules fires every enabled schedule on its cadence until ctx ends.
func (s *Stack) startSchedules(ctx context.Context) {
	for _, srcs := range s.schedules {
		for _, src := range srcs {
			if !src.enabled {
				continue
			}
			if src.schedErr != nil {
				s.logf("local: %s %s: not fired on cadence: %v", src.function, src.event, src.schedErr)
				continue
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				for {
					now := time.Now()
					next := src.sched.Next(now)
					if next.IsZero() {
						return
					}
					select {
					case <-ctx.Done():
						return
					case <-time.After(next.Sub(now)):
					}
					s.wg.Add(1)
					go func() { defer s.wg.Done(); _ = s.fire(ctx, src) }()
				}
			}()
		}
	}
}
