package local

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// instance is one process of a function and the Runtime API endpoint it talks to.
type instance struct {
	fn   *function
	n    int
	ln   net.Listener
	srv  *http.Server
	quit chan struct{}
	done chan struct{}

	mu      sync.Mutex
	cur     *invocation
	timer   *time.Timer
	proc    *os.Process
	stopped bool
	// idleSince is when the instance last finished an invocation (or started).
	idleSince time.Time
	// launched is when the current process started; initDone is set once it first asked for
	// an invocation, which ends its cold start.
	launched time.Time
	initDone bool
}

// newInstance opens the instance's Runtime API and starts its supervised process.
func newInstance(f *function, n int) (*instance, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("local: %s: runtime api: %w", f.id, err)
	}
	in := &instance{fn: f, n: n, ln: ln, quit: make(chan struct{}), done: make(chan struct{}), idleSince: time.Now()}
	in.srv = &http.Server{Handler: in.routes()}
	go func() { _ = in.srv.Serve(ln) }()
	go in.supervise()
	return in, nil
}

// stop ends the process for good and closes the endpoint.
func (in *instance) stop() {
	in.mu.Lock()
	if !in.stopped {
		in.stopped = true
		close(in.quit)
		in.killLocked()
	}
	in.mu.Unlock()
	<-in.done
	_ = in.srv.Close()
}

// retireIfIdle marks the instance stopped, so that it takes no more work, when it has had no
// invocation for idle; the caller then stops it.
func (in *instance) retireIfIdle(now time.Time, idle time.Duration) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.stopped || in.cur != nil || now.Sub(in.idleSince) < idle {
		return false
	}
	in.stopped = true
	close(in.quit)
	in.killLocked()
	return true
}

// killLocked kills the current process group; the caller holds in.mu.
func (in *instance) killLocked() {
	if in.proc != nil {
		_ = syscall.Kill(-in.proc.Pid, syscall.SIGKILL)
	}
}

// supervise runs the process and restarts it whenever it exits, until stop.
func (in *instance) supervise() {
	defer close(in.done)
	backoff := 100 * time.Millisecond
	prefix := "[" + in.fn.id + "] "
	if in.fn.max > 1 {
		prefix = "[" + in.fn.id + "#" + strconv.Itoa(in.n) + "] "
	}
	for {
		cmd := exec.Command(in.fn.bin)
		cmd.Dir = filepath.Dir(in.fn.bin)
		cmd.Env = append(append([]string{}, in.fn.env...), "AWS_LAMBDA_RUNTIME_API="+in.ln.Addr().String())
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
		out := &lineWriter{sink: in.fn.sink, prefix: prefix}
		cmd.Stdout, cmd.Stderr = out, out
		started := time.Now()
		in.mu.Lock()
		if in.stopped {
			in.mu.Unlock()
			return
		}
		err := cmd.Start()
		if err == nil {
			in.proc = cmd.Process
			in.launched, in.initDone = started, false
			in.lowerPriority()
		}
		in.mu.Unlock()
		if err == nil {
			err = cmd.Wait()
		}
		out.flush()
		in.mu.Lock()
		in.proc = nil
		cur := in.cur
		in.cur = nil
		in.idleSince = time.Now()
		if in.timer != nil {
			in.timer.Stop()
		}
		stopped := in.stopped
		in.mu.Unlock()
		if cur != nil {
			cur.finish(nil, &FunctionError{Function: in.fn.id, Type: "Runtime.ExitError", Message: fmt.Sprintf("process exited before answering: %v", err)})
		}
		if stopped {
			return
		}
		in.fn.sink.line(prefix, fmt.Sprintf("process exited (%v); restarting", err))
		if time.Since(started) > 5*time.Second {
			backoff = 100 * time.Millisecond
		}
		select {
		case <-in.quit:
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// lowerPriority sets the new process group's nice value to the function's; the caller holds
// in.mu. The group's every thread is changed, and threads the process starts later inherit it.
func (in *instance) lowerPriority() {
	if in.fn.nice == 0 {
		return
	}
	if err := syscall.Setpriority(syscall.PRIO_PGRP, in.proc.Pid, in.fn.nice); err != nil {
		in.fn.sink.line("["+in.fn.id+"] ", fmt.Sprintf("set nice %d: %v", in.fn.nice, err))
	}
}

// routes is the Lambda Runtime API (2018-06-01) for this instance.
func (in *instance) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", in.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", in.respond)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", in.respond)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", in.initError)
	return mux
}

// next hands the process the next invocation, blocking until there is one.
func (in *instance) next(w http.ResponseWriter, r *http.Request) {
	in.mu.Lock()
	if !in.initDone && !in.launched.IsZero() {
		in.initDone = true
		in.fn.lat.since(in.fn.id+" init", in.launched)
	}
	in.mu.Unlock()
	var inv *invocation
	for inv == nil {
		select {
		case inv = <-in.fn.queue:
			if inv.cancelled.Load() {
				inv = nil
			}
		case <-r.Context().Done():
			return
		case <-in.quit:
			return
		}
	}
	deadline := time.Now().Add(in.fn.timeout)
	in.mu.Lock()
	if in.stopped {
		in.mu.Unlock()
		in.fn.requeue(inv)
		return
	}
	in.cur = inv
	inv.picked = time.Now()
	in.timer = time.AfterFunc(in.fn.timeout, func() { in.timedOut(inv) })
	in.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", in.fn.arn)
	h.Set("Lambda-Runtime-Trace-Id", traceID())
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(inv.payload)
}

// respond records the answer or error the process posts for an invocation.
func (in *instance) respond(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	in.mu.Lock()
	inv := in.cur
	if inv == nil || inv.id != id {
		in.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"errorMessage":"unknown or finished invocation","errorType":"InvalidRequestID"}`)
		return
	}
	in.cur = nil
	in.idleSince = time.Now()
	in.timer.Stop()
	in.mu.Unlock()
	if strings.HasSuffix(r.URL.Path, "/error") {
		inv.finish(nil, functionError(in.fn.id, body, r.Header.Get("Lambda-Runtime-Function-Error-Type")))
	} else {
		inv.finish(body, nil)
	}
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"status":"OK"}`)
}

// initError logs a failed cold start and fails one waiting invocation with it.
func (in *instance) initError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fe := functionError(in.fn.id, body, r.Header.Get("Lambda-Runtime-Function-Error-Type"))
	fe.Type = "Runtime.InitError: " + fe.Type
	in.fn.sink.line("["+in.fn.id+"] ", "init error: "+fe.Message)
	in.fn.failWaiting(fe)
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"status":"OK"}`)
}

// timedOut fails an invocation that ran past the function's Timeout and kills the process, which
// supervise then restarts, as Lambda does.
func (in *instance) timedOut(inv *invocation) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.cur != inv {
		return
	}
	in.cur = nil
	in.idleSince = time.Now()
	inv.finish(nil, &FunctionError{
		Function: in.fn.id,
		Type:     "Sandbox.Timedout",
		Message:  fmt.Sprintf("Task timed out after %.2f seconds", in.fn.timeout.Seconds()),
	})
	in.fn.sink.line("["+in.fn.id+"] ", fmt.Sprintf("invocation %s timed out after %s; restarting the process", inv.id, in.fn.timeout))
	in.killLocked()
}
