package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/proplink/chat/infra/elasticmq"
	"github.com/proplink/chat/infra/motoserver"
)

// Options configures Start; zero values take the documented defaults.
type Options struct {
	Root         string            // module root (folder of go.mod); default: motoserver.ModuleRoot()
	TemplatePath string            // default Root/template.yaml
	StackName    string            // default "proplink-local"
	APIAddr      string            // HTTP API listen address, default "127.0.0.1:3000"; "127.0.0.1:0" for tests
	MotoURL      string            // use this moto; empty: start one (motoserver.Start)
	Parameters   map[string]string // template Parameter overrides
	Env          map[string]string // extra env for every function (e.g. a simulator URL), wins over template
	Instances    int               // warm processes per function, never stopped (default 1); each handles one invocation at a time
	MaxInstances int               // most processes per function; default the function's ReservedConcurrentExecutions, else 10
	IdleTimeout  time.Duration     // how long a process above Instances may sit idle before it stops; default 1 minute
	SQS          string            // the queues' server: "moto" (default) or "elasticmq" (see infra/elasticmq)
	SQSURL       string            // use this running queue server (a dev stack's ElasticMQ) instead of starting one
	Functions    []string          // logical ids to run; empty = all AWS::Serverless::Function
	Schedules    bool              // fire Schedule/ScheduleV2 events on their cadence
	Log          io.Writer         // one line per invocation + function output; default os.Stderr
	BuildDir     string            // where bootstraps go; default Root/.local/build
	StackFile    string            // where Start describes the stack for `make invoke`; default Root/.local/stack.json; "-" for none
}

// Stack is a running local copy of the template: moto resources, function processes, the HTTP
// API, SQS pollers and schedules.
type Stack struct {
	o       Options
	tmpl    *Template
	plan    *planner
	moto    *motoserver.Server
	motoURL string
	emq     *elasticmq.Server
	bridge  *snsBridge // SNS deliveries to ElasticMQ's queues
	// sqsURL is the queues' server: moto's URL, or ElasticMQ's.
	sqsURL    string
	sqsDirect aws.Config
	counter   *counter
	lat       *latencies
	direct    aws.Config
	sink      *logSink

	funcs     map[string]*function
	routes    []Route
	sources   []*sqsSource
	pollers   []*pollers
	schedules map[string][]*scheduleSource

	apiLn  net.Listener
	apiSrv *http.Server
	api    apiMeter
	active atomic.Int64
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
	wrote  string
}

// Start creates the template's resources in moto, builds and starts its functions and serves
// its HTTP API, SQS event sources and (when asked) schedules until Close.
func Start(ctx context.Context, o Options) (*Stack, error) {
	return start(ctx, o, true)
}

// start does Start's work; serve is false for one-shot invokes (no API, pollers or schedules).
func start(ctx context.Context, o Options, serve bool) (s *Stack, err error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	tmpl, err := LoadTemplate(o.TemplatePath)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	s = &Stack{o: o, tmpl: tmpl, sink: &logSink{w: o.Log}, funcs: map[string]*function{}, lat: newLatencies(), schedules: map[string][]*scheduleSource{}, cancel: cancel}
	defer func() {
		if err != nil {
			_ = s.Close()
			s = nil
		}
	}()
	if serve {
		if s.apiLn, err = net.Listen("tcp", o.APIAddr); err != nil {
			return s, fmt.Errorf("local: listen %s: %w", o.APIAddr, err)
		}
	}
	s.motoURL = o.MotoURL
	if s.motoURL == "" {
		if s.moto, err = motoserver.Start(ctx, 0); err != nil {
			return s, err
		}
		s.motoURL = s.moto.URL
	}
	s.direct = staticConfig(s.motoURL)
	s.sqsURL = s.motoURL
	switch {
	case o.SQSURL != "":
		s.sqsURL = o.SQSURL
	case o.SQS == "" || o.SQS == "moto":
	case o.SQS == "elasticmq":
		if s.emq, err = elasticmq.Start(ctx, AccountID, Region); err != nil {
			return s, err
		}
		s.sqsURL = s.emq.URL
	default:
		return s, fmt.Errorf("local: Options.SQS %q: want moto or elasticmq", o.SQS)
	}
	s.sqsDirect = staticConfig(s.sqsURL)
	queueURL := func(name string) string { return s.sqsURL + "/" + AccountID + "/" + name }
	if s.plan, err = newPlanner(tmpl, o.StackName, o.Parameters, queueURL); err != nil {
		return s, err
	}
	s.plan.apiURL = s.APIURL()
	if err = s.createResources(ctx); err != nil {
		return s, err
	}
	if s.counter, err = newCounter(s.motoURL, s.sqsURL, s.lat); err != nil {
		return s, fmt.Errorf("local: counting proxy: %w", err)
	}
	if err = s.startFunctions(ctx, serve); err != nil {
		return s, err
	}
	if !serve {
		return s, nil
	}
	s.apiSrv = &http.Server{Handler: http.HandlerFunc(s.serveHTTP)}
	go func() { _ = s.apiSrv.Serve(s.apiLn) }()
	s.startPollers(runCtx)
	if o.Schedules {
		s.startSchedules(runCtx)
	}
	if err = s.writeStackFile(); err != nil {
		return s, err
	}
	return s, nil
}

func (o *Options) defaults() error {
	if o.Root == "" {
		root, err := motoserver.ModuleRoot()
		if err != nil {
			return err
		}
		o.Root = root
	}
	abs, err := filepath.Abs(o.Root)
	if err != nil {
		return fmt.Errorf("local: root: %w", err)
	}
	o.Root = abs
	if o.TemplatePath == "" {
		o.TemplatePath = filepath.Join(o.Root, "template.yaml")
	}
	if o.TemplatePath, err = filepath.Abs(o.TemplatePath); err != nil {
		return fmt.Errorf("local: template: %w", err)
	}
	if o.StackName == "" {
		o.StackName = "proplink-local"
	}
	if o.APIAddr == "" {
		o.APIAddr = "127.0.0.1:3000"
	}
	if o.Instances <= 0 {
		o.Instances = 1
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	if o.BuildDir == "" {
		o.BuildDir = filepath.Join(o.Root, ".local", "build")
	}
	if o.StackFile == "" {
		o.StackFile = filepath.Join(o.Root, ".local", "stack.json")
	}
	return nil
}

// createResources makes every table, queue and bucket in dependency order, and resolves every
// other resource's properties so that a template mistake fails Start, naming the resource.
func (s *Stack) createResources(ctx context.Context) error {
	order, err := s.plan.order()
	if err != nil {
		return err
	}
	c := newCreator(s.direct, s.sqsDirect)
	if s.sqsURL != s.motoURL {
		if s.bridge, err = newSNSBridge(s.sqsDirect); err != nil {
			return err
		}
		c.bridge = s.bridge
		c.queueURL = func(name string) string { return s.sqsURL + "/" + AccountID + "/" + name }
	}
	for _, id := range order {
		ph, _, err := s.plan.physical(id)
		if err != nil {
			return fmt.Errorf("local: resource %s: %w", id, err)
		}
		props, err := s.plan.properties(id)
		if err != nil {
			return err
		}
		if err := c.create(ctx, s.tmpl.Resources[id].Type, ph, props); err != nil {
			return err
		}
	}
	return nil
}

// Close stops every process, server and poller the stack started, and moto if it started it.
func (s *Stack) Close() error {
	var errs []error
	s.once.Do(func() {
		s.cancel()
		if s.apiSrv != nil {
			errs = append(errs, s.apiSrv.Close())
		} else if s.apiLn != nil {
			errs = append(errs, s.apiLn.Close())
		}
		var wg sync.WaitGroup
		for _, f := range s.funcs {
			wg.Add(1)
			go func() { defer wg.Done(); f.stop() }()
		}
		wg.Wait()
		s.wg.Wait()
		if s.counter != nil {
			errs = append(errs, s.counter.close())
		}
		if s.bridge != nil {
			errs = append(errs, s.bridge.close())
		}
		if s.wrote != "" {
			if err := os.Remove(s.wrote); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
		if s.moto != nil {
			s.moto.Stop()
		}
		if s.emq != nil {
			s.emq.Stop()
		}
	})
	return errors.Join(errs...)
}

// staticConfig is an AWS config with the local test credentials aimed at url.
func staticConfig(url string) aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(url),
	}
}
