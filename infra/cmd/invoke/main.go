// Command invoke runs one function of template.yaml once with an event file, like
// `sam local invoke -e`, reusing the dev stack's moto when `make dev` is running:
//
//	go run ./infra/cmd/invoke -fn SenderFunction -event events/sender.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "invoke:", err)
		os.Exit(1)
	}
}

func run() error {
	fn := flag.String("fn", "", "logical id of the function (e.g. ApiFunction)")
	eventPath := flag.String("event", "", "event JSON file; - or empty for stdin")
	template := flag.String("template", "", "template path (default template.yaml at the module root)")
	var params, envs multi
	flag.Var(&params, "param", "template parameter override Name=Value (repeatable)")
	flag.Var(&envs, "env", "extra function environment variable NAME=value (repeatable)")
	flag.Parse()
	if *fn == "" {
		return errors.New("-fn is required")
	}
	var event []byte
	var err error
	if *eventPath == "" || *eventPath == "-" {
		event, err = io.ReadAll(os.Stdin)
	} else {
		event, err = os.ReadFile(*eventPath)
	}
	if err != nil {
		return fmt.Errorf("read event: %w", err)
	}
	event = expand(event, demoEnv())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	out, err := local.InvokeOnce(ctx, local.Options{
		TemplatePath: *template,
		Parameters:   params.m,
		Env:          envs.m,
	}, *fn, event)
	if len(out) > 0 {
		fmt.Println(string(out))
	}
	var fe *local.FunctionError
	if errors.As(err, &fe) && len(fe.Payload) > 0 {
		fmt.Println(string(fe.Payload))
	}
	return err
}

// demoEnv reads .local/demo.env, which `make dev` writes (API_URL, API_TOKEN, ...); empty when
// make dev has not run.
func demoEnv() map[string]string {
	root, err := motoserver.ModuleRoot()
	if err != nil {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(root, ".local", "demo.env"))
	if err != nil {
		return nil
	}
	vals := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			vals[k] = v
		}
	}
	return vals
}

// expand replaces ${NAME} in an event with the demo's value, so the sample events carry the
// running demo's token; unknown names are left as written.
func expand(event []byte, vals map[string]string) []byte {
	return placeholder.ReplaceAllFunc(event, func(m []byte) []byte {
		if v, ok := vals[string(m[2:len(m)-1])]; ok {
			return []byte(v)
		}
		return m
	})
}

// placeholder is ${NAME} with an upper-case name ("$default" in API Gateway events is not one).
var placeholder = regexp.MustCompile(`\$\{[A-Z][A-Z0-9_]*\}`)

// multi collects repeated NAME=value flags.
type multi struct{ m map[string]string }

func (m *multi) String() string { return fmt.Sprint(m.m) }

func (m *multi) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want NAME=value, got %q", v)
	}
	if m.m == nil {
		m.m = map[string]string{}
	}
	m.m[k] = val
	return nil
}
