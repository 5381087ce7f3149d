package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
)

// BenchmarkColdStartAILayer measures what the careful AI layer adds to AssistantFunction's cold
// start: hello-world, the function with the layer off (AI_MODEL_ID empty) and on (the Converse
// client builds no schema, so on costs only the linked code), started alternately b.N
// times each (-benchtime=15x or more). COLDSTART_BASELINE names another build of the function
// (say, from before the layer) to start alongside.
func BenchmarkColdStartAILayer(b *testing.B) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		b.Fatal(err)
	}
	tpl, err := local.LoadTemplate(filepath.Join(root, "template.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	hello := buildLambda(b, root, "./infra/bench/testdata/hello", filepath.Join(dir, "hello"))
	fn := buildLambda(b, root, "./functions/assistant", filepath.Join(dir, "assistant"))
	env := functionEnv(b, tpl, "AssistantFunction")
	off := append(slices.Clone(env), "AI_MODEL_ID=")
	on := append(slices.Clone(env), "AI_MODEL_ID=amazon.nova-micro-v1:0")
	runs := []struct {
		name string
		bin  string
		env  []string
	}{{"hello", hello, env}, {"layer off", fn, off}, {"layer on", fn, on}}
	if base := os.Getenv("COLDSTART_BASELINE"); base != "" {
		runs = append(runs, struct {
			name string
			bin  string
			env  []string
		}{"baseline", base, off})
	}
	times := make([][]time.Duration, len(runs))
	for i := 0; i < b.N; i++ {
		for j, r := range runs {
			times[j] = append(times[j], coldStart(b, r.bin, r.env))
		}
	}
	h := median(times[0])
	for j, r := range runs {
		m := median(times[j])
		info, _ := os.Stat(r.bin)
		b.ReportMetric(float64(m)/float64(h), "ratio-"+fmt.Sprint(j))
		fmt.Fprintf(os.Stderr, "coldstart %-10s median %6.2f ms = %.2fx hello; %5.1f MB (n=%d)\n",
			r.name, float64(m.Microseconds())/1000, float64(m)/float64(h), float64(info.Size())/1e6, b.N)
	}
}
