package local

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// buildTarget is one function to compile: its package (relative to the module root) and where its
// bootstrap goes.
type buildTarget struct {
	LogicalID string
	Package   string // e.g. ./functions/api
	Out       string // .../<LogicalId>/bootstrap
}

// build compiles every target's bootstrap with one go build when the package folder names are
// distinct, else one go build per package.
func build(ctx context.Context, root, dir string, targets []buildTarget, log io.Writer) error {
	if len(targets) == 0 {
		return nil
	}
	pkgs := map[string]bool{}
	bases := map[string]string{}
	clash := false
	var list []string
	for _, t := range targets {
		if pkgs[t.Package] {
			continue
		}
		pkgs[t.Package] = true
		base := filepath.Base(t.Package)
		if other, ok := bases[base]; ok && other != t.Package {
			clash = true
		}
		bases[base] = t.Package
		list = append(list, t.Package)
	}
	tmp := filepath.Join(dir, ".all")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return fmt.Errorf("local: build: %w", err)
	}
	name := func(pkg string) string { return filepath.Base(pkg) }
	if clash {
		name = func(pkg string) string { return strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "_") }
		for _, pkg := range list {
			if err := goBuild(ctx, root, filepath.Join(tmp, name(pkg)), []string{pkg}); err != nil {
				return err
			}
		}
	} else if len(list) == 1 {
		if err := goBuild(ctx, root, filepath.Join(tmp, name(list[0])), list); err != nil {
			return err
		}
	} else if err := goBuild(ctx, root, tmp+string(filepath.Separator), list); err != nil {
		return err
	}
	return placeAll(targets, tmp, name)
}

// placeAll copies each package binary from tmp to its target's bootstrap, replacing the old
// file atomically so a running process keeps its image.
func placeAll(targets []buildTarget, tmp string, name func(string) string) error {
	for _, t := range targets {
		src := filepath.Join(tmp, name(t.Package))
		if err := os.MkdirAll(filepath.Dir(t.Out), 0o755); err != nil {
			return fmt.Errorf("local: build %s: %w", t.LogicalID, err)
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("local: build %s: %w", t.LogicalID, err)
		}
		part := t.Out + ".tmp"
		if err := os.WriteFile(part, data, 0o755); err != nil {
			return fmt.Errorf("local: build %s: %w", t.LogicalID, err)
		}
		if err := os.Rename(part, t.Out); err != nil {
			return fmt.Errorf("local: build %s: %w", t.LogicalID, err)
		}
	}
	return nil
}

// goBuild runs go build for Lambda's provided runtime, natively for this machine.
func goBuild(ctx context.Context, root, out string, pkgs []string) error {
	args := append([]string{"build", "-trimpath", "-tags", "lambda.norpc", "-ldflags=-s -w", "-o", out}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("local: go build %s: %w\n%s", strings.Join(pkgs, " "), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// codePackage turns a CodeUri (relative to the template's folder, as SAM reads it) into a package
// path relative to the module root.
func codePackage(root, templateDir, codeURI string) (string, error) {
	abs := filepath.Clean(filepath.Join(templateDir, codeURI))
	if filepath.IsAbs(codeURI) {
		abs = filepath.Clean(codeURI)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("CodeUri %s is outside the module %s", codeURI, root)
	}
	if _, err := os.Stat(abs); err != nil {
		return "", fmt.Errorf("CodeUri %s: %w", codeURI, err)
	}
	return "./" + filepath.ToSlash(rel), nil
}
