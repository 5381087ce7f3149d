package bench

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
)

// buildLambda builds pkg like the deployed functions are built (for this machine's
// architecture, so it can run here) and returns the binary's path.
func buildLambda(tb testing.TB, root, pkg, out string) string {
	tb.Helper()
	cmd := exec.Command("go", "build", "-trimpath", "-tags", "lambda.norpc", "-ldflags=-s -w", "-o", out, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// coldStart runs bin once and returns the time from process start to its first Runtime API
// "next" request — the part of a Lambda cold start the function's own code decides.
func coldStart(tb testing.TB, bin string, env []string) time.Duration {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	first := make(chan time.Time, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/invocation/next") {
			select {
			case first <- time.Now():
			default:
			}
			<-r.Context().Done() // hold the request: no work ever comes
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})}
	go func() { _ = srv.Serve(l) }()
	defer srv.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(env, "AWS_LAMBDA_RUNTIME_API="+l.Addr().String())
	start := time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case t := <-first:
		return t.Sub(start)
	case <-time.After(10 * time.Second):
		tb.Fatalf("%s never asked for work", filepath.Base(bin))
		return 0
	}
}

// functionEnv is the environment the template gives a function, with placeholder values: the
// cold start must not depend on reaching anything.
func functionEnv(tb testing.TB, tpl *local.Template, logicalID string) []string {
	tb.Helper()
	env := []string{"AWS_REGION=eu-west-2", "AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench",
		"AWS_LAMBDA_FUNCTION_NAME=" + logicalID, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
	vars, _ := tpl.Resources[logicalID].Properties["Environment"].(map[string]any)["Variables"].(map[string]any)
	for name := range vars {
		val := "bench"
		switch name {
		case "SEND_RATE_LIMIT":
			val = "20"
		case "OUTBOUND_MAX_RECEIVES", "MEDIA_MAX_RECEIVES", "PLATFORM_EVENT_MAX_RECEIVES": // a number, or the function refuses to start
			val = "5"
		case "GRAPH_API_VERSION":
			val = "v21.0"
		case "AI_DAILY_TOKENS":
			val = "200000"
		case "OUTBOUND_QUEUE_URL", "CASE_NOTE_QUEUE_URL", "INBOUND_QUEUE_URL", "MEDIA_QUEUE_URL", "ASSISTANT_QUEUE_URL",
			"PLATFORM_EVENT_QUEUE_URL", "PLATFORM_EVENT_DLQ_URL", "SOCIAL_EVENTS_QUEUE_URL":
			val = "http://127.0.0.1:1/123456789012/bench"
		}
		env = append(env, name+"="+val)
	}
	return env
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkColdStart starts each function and a hello-world aws-lambda-go binary alternately,
// b.N times each (run with -benchtime=15x or more), and reports the medians, their ratio and
// the binary sizes; SDKFloor is the hello-world with the AWS clients most functions build.
func BenchmarkColdStart(b *testing.B) {
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
	helloInfo, _ := os.Stat(hello)
	// SDKFloor is the hello-world with the DynamoDB, SSM and SQS clients: what the AWS clients
	// alone cost a function, in the same run.
	ids := append(tpl.OfType("AWS::Serverless::Function"), "SDKFloor")
	for _, id := range ids {
		pkg, env := "./infra/bench/testdata/sdkfloor", functionEnv(b, tpl, "CaseNotesFunction")
		if id != "SDKFloor" {
			codeURI, _ := tpl.Resources[id].Properties["CodeUri"].(string)
			pkg, env = "./"+strings.TrimSuffix(codeURI, "/"), functionEnv(b, tpl, id)
		}
		bin := buildLambda(b, root, pkg, filepath.Join(dir, id))
		info, _ := os.Stat(bin)
		b.Run(id, func(b *testing.B) {
			var fnTimes, helloTimes []time.Duration
			for i := 0; i < b.N; i++ {
				helloTimes = append(helloTimes, coldStart(b, hello, env))
				fnTimes = append(fnTimes, coldStart(b, bin, env))
			}
			f, h := median(fnTimes), median(helloTimes)
			b.ReportMetric(float64(f.Microseconds())/1000, "fn-ms")
			b.ReportMetric(float64(h.Microseconds())/1000, "hello-ms")
			b.ReportMetric(float64(f)/float64(h), "ratio")
			b.ReportMetric(float64(info.Size())/1e6, "fn-MB")
			b.ReportMetric(float64(helloInfo.Size())/1e6, "hello-MB")
			fmt.Fprintf(os.Stderr, "coldstart %-20s median %6.2f ms vs hello %6.2f ms = %.2fx; %5.1f MB vs %4.1f MB (n=%d)\n",
				id, float64(f.Microseconds())/1000, float64(h.Microseconds())/1000, float64(f)/float64(h),
				float64(info.Size())/1e6, float64(helloInfo.Size())/1e6, b.N)
		})
	}
}
