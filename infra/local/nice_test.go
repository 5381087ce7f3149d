package local

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestInstanceRunsAtItsFunctionsNice: an instance's process (and what it execs) runs at
// backgroundNice for a function no route reaches, and at the runner's own nice otherwise.
func TestInstanceRunsAtItsFunctionsNice(t *testing.T) {
	own, err := niceOf(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "bootstrap")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nexec sleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		nice, want int
	}{{"api function", 0, own}, {"queue consumer", backgroundNice, backgroundNice}} {
		t.Run(tt.name, func(t *testing.T) {
			f := &function{id: "Fn", bin: bin, sink: &logSink{w: io.Discard}, lat: newLatencies(), queue: make(chan *invocation), timeout: time.Second, max: 1, nice: tt.nice}
			in, err := newInstance(f, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer in.stop()
			if got, want := processNice(t, in), tt.want; got != want {
				t.Errorf("nice: got %d, want %d", got, want)
			}
		})
	}
}

// processNice waits for the instance's process to have exec'd sleep and reads its nice value.
func processNice(t *testing.T, in *instance) int {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		in.mu.Lock()
		p := in.proc
		in.mu.Unlock()
		if p == nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(p.Pid) + "/stat")
		if err != nil || !strings.Contains(string(stat), "(sleep)") {
			continue
		}
		nice, err := niceOf(p.Pid)
		if err != nil {
			t.Fatal(err)
		}
		return nice
	}
	t.Fatal("the instance's process never ran")
	return 0
}

// niceOf reads a process's nice value from /proc/<pid>/stat (field 19 of proc(5)).
func niceOf(pid int) (int, error) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	return strconv.Atoi(fields[16]) // counted after the name, which may hold spaces
}
