// Package motoserver starts moto, the local AWS emulator, in server mode from the project's
// virtualenv, for the local runner and for integration and end-to-end tests.
package motoserver

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Region is the region every local resource lives in.
const Region = "eu-west-2"

// Server is a running moto server.
type Server struct {
	// URL is the endpoint to give AWS clients, e.g. http://127.0.0.1:45123.
	URL    string
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has ended
}

// serveScript runs moto with every request under one lock (see the script for why).
//
//go:embed serve.py
var serveScript string

// Python finds the virtualenv's python with moto: $MOTO_PYTHON, else .venv/bin/python in the
// module root.
func Python() (string, error) {
	if p := os.Getenv("MOTO_PYTHON"); p != "" {
		return p, nil
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, ".venv", "bin", "python")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("motoserver: %s not found (run 'make venv'): %w", p, err)
	}
	return p, nil
}

// ModuleRoot walks up from the working directory to the folder holding go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("motoserver: no go.mod above the working directory")
		}
		dir = parent
	}
}

// FreePort asks the kernel for a free loopback port.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start runs moto_server on a free loopback port (or port, when non-zero) and waits until it
// answers. A free port can be taken by another process between the kernel naming it and moto
// binding it (tests start servers in parallel): only moto's own answer counts, and a moto that
// exited (its port was taken) is started again on another free port.
func Start(ctx context.Context, port int) (*Server, error) {
	fixed := port != 0
	for attempt := 0; ; attempt++ {
		s, err := start(ctx, port)
		if err == nil || fixed || attempt == 2 || !errors.Is(err, errExited) {
			return s, err
		}
		port = 0
	}
}

// errExited is a moto that stopped before it answered.
var errExited = errors.New("motoserver: moto exited before it answered")

func start(ctx context.Context, port int) (*Server, error) {
	python, err := Python()
	if err != nil {
		return nil, err
	}
	if port == 0 {
		if port, err = FreePort(); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(python, "-c", serveScript, "127.0.0.1", strconv.Itoa(port))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	cmd.Env = append(os.Environ(), "MOTO_ALLOW_NONEXISTENT_REGION=true")
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("motoserver: start moto with %s: %w", python, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd, exited: exited}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return nil, errExited
		default:
		}
		if ctx.Err() != nil {
			s.Stop()
			return nil, ctx.Err()
		}
		if resp, err := http.Get(s.URL + "/moto-api/data.json"); err == nil {
			ok := resp.StatusCode == http.StatusOK && strings.HasPrefix(resp.Header.Get("Server"), "Werkzeug")
			resp.Body.Close()
			if ok {
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Stop()
	return nil, errors.New("motoserver: moto did not answer within 30s")
}

// Stop ends the server and its children.
func (s *Server) Stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(3 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// Reset wipes every resource moto holds.
func (s *Server) Reset() error {
	resp, err := http.Post(s.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Config returns an AWS config that talks to this server with static test credentials.
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(s.URL),
	}
}

// Env returns the environment variables that point an AWS SDK process at this server.
func (s *Server) Env() []string {
	return []string{
		"AWS_ENDPOINT_URL=" + s.URL,
		"AWS_REGION=" + Region,
		"AWS_DEFAULT_REGION=" + Region,
		"AWS_ACCESS_KEY_ID=testing",
		"AWS_SECRET_ACCESS_KEY=testing",
		"AWS_SESSION_TOKEN=",
	}
}

// MustStart starts a server for a test or benchmark and stops it when the test ends.
func MustStart(tb testing.TB) *Server {
	tb.Helper()
	s, err := Start(context.Background(), 0)
	if err != nil {
		tb.Fatalf("start moto: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// RunTests starts one moto for a test package, runs its tests and benchmarks, stops moto and
// returns the exit code, for TestMain: `os.Exit(motoserver.RunTests(m, &srv))`.
func RunTests(m *testing.M, srv **Server) int {
	s, err := Start(context.Background(), 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Stop()
	*srv = s
	return m.Run()
}
