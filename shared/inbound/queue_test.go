package inbound

import (
	"context"
	"slices"
	"testing"
	"time"
)

// fakeQueues records the click-to-chat codes it was asked to assign.
type fakeQueues struct{ codes []string }

func (f *fakeQueues) AssignQueue(_ context.Context, _, _, code string) (string, error) {
	f.codes = append(f.codes, code)
	return "staff:u1", nil
}

func TestClickToChatCodeQueuesTheFirstMessage(t *testing.T) {
	tests := []struct {
		name   string
		texts  []string
		wantQs []string
	}{
		{"first message with a code", []string{"Hello Sam (ref PL-7K3Q9X)"}, []string{"PL-7K3Q9X"}},
		{"first message without a code", []string{"Hello", "Hello Sam (ref PL-7K3Q9X)"}, nil},
		{"no code at all", []string{"The boiler is broken"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _, _, _ := newProcessor()
			q := &fakeQueues{}
			p.Queues = q
			for i, text := range tt.texts {
				at := t0.Add(time.Duration(i) * time.Minute)
				if err := p.Process(context.Background(), textEvent("wamid.q"+string(rune('a'+i)), text, at)); err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(q.codes, tt.wantQs) {
				t.Errorf("codes assigned %v, want %v", q.codes, tt.wantQs)
			}
		})
	}
}
