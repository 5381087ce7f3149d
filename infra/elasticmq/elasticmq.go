// Package elasticmq starts ElasticMQ, an SQS-compatible server (Apache-2.0, on the JVM), for the
// local runner's queues when moto's SQS is too slow: `make elasticmq` resolves its class path
// from Maven Central into .local/elasticmq/classpath.txt, and Start runs it on a free loopback
// port with the local account and region, so queue URLs and ARNs match moto's.
package elasticmq

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/proplink/chat/infra/motoserver"
)

// ClassPathFile is where `make elasticmq` writes the server's class path, under the module root.
const ClassPathFile = ".local/elasticmq/classpath.txt"

// Server is a running ElasticMQ.
type Server struct {
	// URL is the SQS endpoint, e.g. http://127.0.0.1:45123.
	URL    string
	region string
	cmd    *exec.Cmd
	exited chan struct{}
	conf   string
}

// Start runs ElasticMQ for account and region and waits until it answers.
func Start(ctx context.Context, account, region string) (*Server, error) {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		return nil, err
	}
	cp, err := os.ReadFile(filepath.Join(root, ClassPathFile))
	if err != nil {
		return nil, fmt.Errorf("elasticmq: class path (run 'make elasticmq'): %w", err)
	}
	port, err := motoserver.FreePort()
	if err != nil {
		return nil, err
	}
	conf, err := os.CreateTemp("", "elasticmq-*.conf")
	if err != nil {
		return nil, fmt.Errorf("elasticmq: config: %w", err)
	}
	_, err = fmt.Fprintf(conf, `include classpath("application.conf")
node-address { protocol = http, host = "127.0.0.1", port = %[1]d, context-path = "" }
rest-sqs { enabled = true, bind-port = %[1]d, bind-hostname = "127.0.0.1", sqs-limits = strict }
rest-stats { enabled = false }
aws { region = %[2]s, accountId = "%[3]s" }
`, port, region, account)
	if cerr := conf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("elasticmq: config: %w", err)
	}
	// C1 only (TieredStopAtLevel=1): the JIT compiles the request path within a few hundred
	// requests at a fraction of C2's CPU, which a 2-core machine shares with every function.
	cmd := exec.Command("java", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dconfig.file="+conf.Name(),
		"-cp", strings.TrimSpace(string(cp)), "org.elasticmq.server.Main")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		os.Remove(conf.Name())
		return nil, fmt.Errorf("elasticmq: start java: %w", err)
	}
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), region: region, cmd: cmd, exited: make(chan struct{}), conf: conf.Name()}
	go func() { _ = cmd.Wait(); close(s.exited) }()
	if err := s.wait(ctx, 2*time.Minute); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.warm(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// wait polls ListQueues until the server answers.
func (s *Server) wait(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/", strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", "AmazonSQS.ListQueues")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return errors.New("elasticmq: java exited before answering")
		case <-ctx.Done():
			return fmt.Errorf("elasticmq: %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("elasticmq: no answer on %s within %v", s.URL, limit)
		}
	}
}

// Stop kills the server and waits for it.
func (s *Server) Stop() {
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.exited
	os.Remove(s.conf)
}
