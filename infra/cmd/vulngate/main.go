// Command vulngate reads `govulncheck -format json` from stdin and fails (exit 1) when the code
// calls a vulnerable function of a required module, which go.mod can fix. Vulnerabilities of
// the standard library are listed with the Go release that fixes them but do not fail: they
// follow the installed toolchain, not this repository (`make lint` runs it offline against the
// database in the pinned golang.org/x/vulndb module):
//
//	go tool govulncheck -db file://$PWD/.vulndb/<version> -format json ./... | go run ./infra/cmd/vulngate
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

func main() {
	called, err := gate(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulngate:", err)
		os.Exit(2)
	}
	if called > 0 {
		fmt.Fprintf(os.Stderr, "vulngate: %d vulnerabilities in required modules are called; upgrade them in go.mod\n", called)
		os.Exit(1)
	}
}

// message is one object of govulncheck's JSON stream; only findings are read.
type message struct {
	Finding *finding `json:"finding"`
}

// finding is a vulnerability govulncheck found; trace[0] is the vulnerable symbol, which has a
// function only when the code calls it.
type finding struct {
	OSV          string  `json:"osv"`
	FixedVersion string  `json:"fixed_version"`
	Trace        []frame `json:"trace"`
}

type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Function string `json:"function"`
}

// gate writes one line per called vulnerability to w and returns how many are in required
// modules rather than the standard library.
func gate(r io.Reader, w io.Writer) (int, error) {
	dec := json.NewDecoder(r)
	seen := map[string]bool{}
	var lines []string
	modules := 0
	for {
		var m message
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return 0, fmt.Errorf("read govulncheck output: %w", err)
		}
		f := m.Finding
		if f == nil || len(f.Trace) == 0 || f.Trace[0].Function == "" || seen[f.OSV] {
			continue
		}
		seen[f.OSV] = true
		at := f.Trace[0]
		if at.Module == "stdlib" {
			lines = append(lines, fmt.Sprintf("warning: %s in the standard library of go%s: fixed in Go %s (upgrade the toolchain)", f.OSV, trimV(at.Version), trimV(f.FixedVersion)))
			continue
		}
		modules++
		lines = append(lines, fmt.Sprintf("error: %s in %s@%s: fixed in %s", f.OSV, at.Module, at.Version, f.FixedVersion))
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintf(w, "vulngate: %d called vulnerabilities (%d in required modules)\n", len(lines), modules)
	return modules, nil
}

// trimV drops the "v" govulncheck puts before Go versions.
func trimV(v string) string {
	if len(v) > 0 && v[0] == 'v' {
		return v[1:]
	}
	return v
}
