package reminders

import (
	"context"
	"testing"
	"time"
)

// BenchmarkRun measures one run over 1,000 appointments already reminded: the steady state of
// every run after the first of the day.
func BenchmarkRun(b *testing.B) {
	var appts []Appointment
	for id := int64(1); id <= 1000; id++ {
		appts = append(appts, appt(id))
	}
	r := newRig(afternoon, appts...)
	if _, err := r.svc.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.svc.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTomorrow measures the date arithmetic each appointment needs.
func BenchmarkTomorrow(b *testing.B) {
	loc := mustLoad(b, "Europe/London")
	now := time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC)
	for b.Loop() {
		Tomorrow(now, loc)
	}
}
