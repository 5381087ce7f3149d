package local

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// StackFile describes a running stack for other local tools (`make invoke`).
type StackFile struct {
	StackName  string            `json:"stackName"`
	MotoURL    string            `json:"motoURL"`
	SQSURL     string            `json:"sqsURL,omitempty"` // the queues' server when not moto (ElasticMQ)
	ProxyURL   string            `json:"proxyURL"`
	APIURL     string            `json:"apiURL"`
	Parameters map[string]string `json:"parameters,omitempty"`
	Resources  map[string]string `json:"resources"`
}

// writeStackFile records the stack at Options.StackFile unless it is "-".
func (s *Stack) writeStackFile() error {
	if s.o.StackFile == "-" {
		return nil
	}
	sf := StackFile{
		StackName:  s.o.StackName,
		MotoURL:    s.motoURL,
		ProxyURL:   s.counter.URL(),
		APIURL:     s.APIURL(),
		Parameters: s.o.Parameters,
		Resources:  map[string]string{},
	}
	if s.sqsURL != s.motoURL {
		sf.SQSURL = s.sqsURL
	}
	for id := range s.tmpl.Resources {
		if v := s.Resource(id); v != "" {
			sf.Resources[id] = v
		}
	}
	b, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return fmt.Errorf("local: stack file: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.o.StackFile), 0o755); err != nil {
		return fmt.Errorf("local: stack file: %w", err)
	}
	if err := os.WriteFile(s.o.StackFile, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("local: stack file: %w", err)
	}
	s.wrote = s.o.StackFile
	return nil
}

// ReadStackFile reads a stack file and reports whether its moto still answers.
func ReadStackFile(ctx context.Context, path string) (StackFile, bool, error) {
	var sf StackFile
	b, err := os.ReadFile(path)
	if err != nil {
		return sf, false, err
	}
	if err := json.Unmarshal(b, &sf); err != nil {
		return sf, false, fmt.Errorf("local: stack file %s: %w", path, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, sf.MotoURL+"/moto-api/", nil)
	if err != nil {
		return sf, false, nil
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return sf, false, nil
	}
	resp.Body.Close()
	return sf, true, nil
}
