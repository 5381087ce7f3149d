package property

import (
	"context"
	"errors"
	"testing"
)

// namedPlatform is a Platform that only says which one it is.
type namedPlatform struct {
	Platform
	name string
}

func TestPlatformsFor(t *testing.T) {
	builtIn := namedPlatform{name: "built-in"}
	urls := map[string]string{"acme": "https://platform.acme.example", "demo": ""}
	var opened []string
	p := Platforms{
		PlatformURL: func(_ context.Context, org string) (string, error) {
			u, ok := urls[org]
			if !ok {
				return "", errors.New("settings unreadable")
			}
			return u, nil
		},
		HTTP: func(_ context.Context, org, u string) (Platform, error) {
			opened = append(opened, org+" "+u)
			return namedPlatform{name: "http " + u}, nil
		},
		BuiltIn: builtIn,
	}
	for _, tc := range []struct {
		name, org, want string
		wantErr         bool
	}{
		{"a platform URL chooses the HTTP adapter", "acme", "http https://platform.acme.example", false},
		{"no platform URL chooses the built-in store", "demo", "built-in", false},
		{"unreadable settings are an error, not the built-in store", "other", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := p.For(context.Background(), tc.org)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if name := got.(namedPlatform).name; name != tc.want {
				t.Errorf("got %q, want %q", name, tc.want)
			}
		})
	}
	if len(opened) != 1 || opened[0] != "acme https://platform.acme.example" {
		t.Errorf("HTTP opened %v, want once for acme", opened)
	}
}
