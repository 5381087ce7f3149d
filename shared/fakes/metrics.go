package fakes

import "sync"

// Metrics sums counts by metric name.
type Metrics struct {
	mu     sync.Mutex
	counts map[string]float64
}

// Count adds value to name.
func (m *Metrics) Count(name string, value float64, _ map[string]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts == nil {
		m.counts = map[string]float64{}
	}
	m.counts[name] += value
}

// Counts returns a copy of the sums by name.
func (m *Metrics) Counts() map[string]float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]float64, len(m.counts))
	for k, v := range m.counts {
		out[k] = v
	}
	return out
}
