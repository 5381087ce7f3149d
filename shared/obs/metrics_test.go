package obs

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// emf is the shape of one Embedded Metric Format line.
type emf struct {
	AWS struct {
		Timestamp         int64 `json:"Timestamp"`
		CloudWatchMetrics []struct {
			Namespace  string     `json:"Namespace"`
			Dimensions [][]string `json:"Dimensions"`
			Metrics    []struct {
				Name string `json:"Name"`
				Unit string `json:"Unit"`
			} `json:"Metrics"`
		} `json:"CloudWatchMetrics"`
	} `json:"_aws"`
}

func TestMetricsCount(t *testing.T) {
	tests := []struct {
		name   string
		metric string
		value  float64
		dims   map[string]string
		wantD  []string
	}{
		{name: "no dimensions", metric: MetricSent, value: 1, wantD: []string{"Service"}},
		{name: "sorted dimensions after Service", metric: MetricFailed, value: 2,
			dims: map[string]string{"Reason": "permanent", "Provider": "meta"}, wantD: []string{"Service", "Provider", "Reason"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			m := NewMetrics(&buf, "send-api")
			m.now = func() time.Time { return time.UnixMilli(1700000000123) }
			m.Count(tt.metric, tt.value, tt.dims)
			line := buf.String()
			if !strings.HasSuffix(line, "\n") || strings.Count(line, "\n") != 1 {
				t.Fatalf("want one line, got %q", line)
			}
			var got emf
			if err := json.Unmarshal([]byte(line), &got); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if got, want := got.AWS.Timestamp, int64(1700000000123); got != want {
				t.Errorf("Timestamp = %d, want %d", got, want)
			}
			if len(got.AWS.CloudWatchMetrics) != 1 {
				t.Fatalf("CloudWatchMetrics = %d entries, want 1", len(got.AWS.CloudWatchMetrics))
			}
			cw := got.AWS.CloudWatchMetrics[0]
			if cw.Namespace != "PropLinkChat" {
				t.Errorf("Namespace = %q, want PropLinkChat", cw.Namespace)
			}
			if diff := cmp.Diff([][]string{tt.wantD}, cw.Dimensions); diff != "" {
				t.Errorf("Dimensions (-want +got):\n%s", diff)
			}
			if len(cw.Metrics) != 1 || cw.Metrics[0].Name != tt.metric || cw.Metrics[0].Unit != "Count" {
				t.Errorf("Metrics = %+v, want one %s Count", cw.Metrics, tt.metric)
			}
			// Every dimension and the metric itself are top-level members, as EMF requires.
			var flat map[string]any
			_ = json.Unmarshal([]byte(line), &flat)
			if got := flat[tt.metric]; got != tt.value {
				t.Errorf("%s = %v, want %v", tt.metric, got, tt.value)
			}
			for _, d := range tt.wantD {
				if _, ok := flat[d].(string); !ok {
					t.Errorf("dimension %s missing from the top level of %s", d, line)
				}
			}
		})
	}
}

func TestMetricsNil(t *testing.T) {
	var m *Metrics
	m.Count(MetricSent, 1, nil) // must not panic
}
