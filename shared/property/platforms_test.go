package property

import (
	"context"
	"errors"
	"testing"

	"github.com/proplink/chat/shared/messaging"
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
		Settings: func(_ context.Context, org string) (messaging.Settings, error) {
			u, ok := urls[org]
			if !ok {
				return messaging.Settings{}, errors.New("settings unreadable")
			}
			return messaging.Settings{OrgID: org, PlatformURL: u}, nil
		},
		HTTP: func(_ context.Context, st messaging.Settings) (Platform, error) {
			opened = append(opened, st.OrgID+" "+st.PlatformURL)
			return namedPlatform{name: "http " + st.PlatformURL}, nil
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

func TestOrgSettings(t *testing.T) {
	get := OrgSettings(func(_ context.Context, org string) (messaging.Settings, error) {
		switch org {
		case "acme":
			return messaging.Settings{OrgID: org, PlatformURL: "https://platform.acme.example"}, nil
		case "new":
			return messaging.Settings{}, messaging.Errorf(messaging.CodeNotConfigured, messaging.MsgNotConfigured)
		}
		return messaging.Settings{}, errors.New("table down")
	})
	for org, want := range map[string]string{"acme": "https://platform.acme.example", "new": ""} {
		if got, err := get(context.Background(), org); err != nil || got.PlatformURL != want || got.OrgID != org {
			t.Errorf("%s: got %+v, %v, want platform URL %q", org, got, err, want)
		}
	}
	if _, err := get(context.Background(), "other"); err == nil {
		t.Error("an unreadable settings item gave no error")
	}
}
