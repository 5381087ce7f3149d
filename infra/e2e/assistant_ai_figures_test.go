//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"os"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/proplink/chat/infra/simulator"
)

var aiTimes = regexp.MustCompile(`"msg":"ai layer call".*"latency_ms":(\d+),"layer_ms":(\d+),"input_tokens":(\d+),"output_tokens":(\d+)`)

// TestAssistantAILatencyFigures logs the latency the layer adds, against the stand-in answering
// at once: per turn, from the webhook POST to the reply at the simulator, for 30 messages the
// core does not understand (two from each of 15 residents) with the layer on and 30 with it
// off (p50/p99 of each), and the layer's own time as it logs it (the Converse call; and
// settings, budget and call together), with the tokens a resident's consultation uses.
func TestAssistantAILatencyFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("a measurement: make bench runs it")
	}
	// Two turns per resident, inside the pair pacing's burst, so the figure is the path's.
	turns := func(n int) []time.Duration {
		var r resident
		var took []time.Duration
		for i := 0; i < n; i++ {
			if i%2 == 0 {
				r = newResident(t)
			}
			before := len(sentTo(r.phone))
			start := time.Now()
			if _, err := e.sim.Inject(context.Background(), simulator.Inbound{From: r.phone, ProfileName: r.name, Text: "that gizmo thing from before, number " + strconv.Itoa(i)}); err != nil {
				t.Fatal(err)
			}
			for len(sentTo(r.phone)) == before {
				if time.Since(start) > 30*time.Second {
					t.Fatalf("no reply within 30s")
				}
				time.Sleep(2 * time.Millisecond)
			}
			took = append(took, time.Since(start))
			settle(t)
		}
		return took
	}
	off := turns(30)
	aiOn(t, 10_000_000)
	offset := logSize(t)
	on := turns(30)
	var call, layer []time.Duration
	var in, out int
	f, err := os.Open(logPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, 0); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if m := aiTimes.FindStringSubmatch(sc.Text()); m != nil {
			c, _ := strconv.Atoi(m[1])
			l, _ := strconv.Atoi(m[2])
			call, layer = append(call, time.Duration(c)*time.Millisecond), append(layer, time.Duration(l)*time.Millisecond)
			i, _ := strconv.Atoi(m[3])
			o, _ := strconv.Atoi(m[4])
			in, out = in+i, out+o
		}
	}
	if len(call) < len(on) {
		t.Fatalf("%d layer calls logged for %d turns", len(call), len(on))
	}
	pct := func(ds []time.Duration, p float64) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[int(p*float64(len(s)-1)+0.5)].Round(time.Millisecond)
	}
	t.Logf("turn latency, webhook POST → reply, %d turns each: layer off p50 %s p99 %s; layer on p50 %s p99 %s (added p50 %s, p99 %s)",
		len(on), pct(off, .5), pct(off, .99), pct(on, .5), pct(on, .99), pct(on, .5)-pct(off, .5), pct(on, .99)-pct(off, .99))
	t.Logf("the layer's own time: Converse call p50 %s p99 %s; settings + budget + call p50 %s p99 %s; tokens per consultation %d in + %d out (stand-in's count)",
		pct(call, .5), pct(call, .99), pct(layer, .5), pct(layer, .99), in/len(call), out/len(call))
}
