package egress

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"code.dny.dev/ssrf"

	"github.com/proplink/chat/shared/lambdaenv"
)

// countingServer is an httptest server that counts the connections made to it.
func countingServer(t *testing.T, tls bool, h http.Handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv, &conns
}

// trust makes c accept srv's test certificate.
func trust(c *http.Client, srv *httptest.Server) {
	c.Transport.(*transport).base.TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
}

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })

// TestDeployedStageRefusesPrivateAddresses: outside the local stage every loopback, private,
// link-local, CGNAT, unspecified, multicast, ULA and IPv4-mapped destination is refused when
// it is dialled (Control runs before connect, so no packet leaves), by address or by a name
// that resolves to one. Only 127.0.0.1 is ever listened on.
func TestDeployedStageRefusesPrivateAddresses(t *testing.T) {
	srv, conns := countingServer(t, true, ok)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	tests := []struct{ name, url string }{
		{"loopback with a live server", "https://127.0.0.1:" + port + "/"},
		{"a name resolving to loopback", "https://localhost:" + port + "/"},
		{"IPv6 loopback", "https://[::1]:" + port + "/"},
		{"IPv4-mapped IPv6 loopback", "https://[::ffff:127.0.0.1]:" + port + "/"},
		{"private 10/8", "https://10.0.0.1/"},
		{"private 192.168/16", "https://192.168.1.1/"},
		{"instance metadata", "https://169.254.169.254/latest/meta-data/"},
		{"CGNAT", "https://100.64.0.1/"},
		{"unspecified", "https://0.0.0.0:" + port + "/"},
		{"multicast", "https://224.0.0.1/"},
		{"IPv6 unique local", "https://[fd00::1]/"},
		{"IPv6 link-local", "https://[fe80::1]/"},
	}
	for label, stage := range map[string]string{"prod": "prod", "no stage": ""} {
		c := New(Config{Stage: stage})
		trust(c, srv)
		for _, tt := range tests {
			t.Run(label+"/"+tt.name, func(t *testing.T) {
				resp, err := c.Get(tt.url)
				if err == nil {
					resp.Body.Close()
					t.Fatalf("GET %s: got %s, want a refusal", tt.url, resp.Status)
				}
				if !errors.Is(err, ErrRefused) || !errors.Is(err, ssrf.ErrProhibitedIP) {
					t.Errorf("GET %s: got %v, want a refusal of the address at dial time", tt.url, err)
				}
			})
		}
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("the loopback server got %d connections, want 0", n)
	}
}

// TestLocalStage: the local stage may dial loopback (the provider simulator) over plain http,
// and still never the metadata service.
func TestLocalStage(t *testing.T) {
	srv, _ := countingServer(t, false, ok)
	c := New(Config{Stage: lambdaenv.LocalStage})
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatalf("GET %s: %v", srv.URL, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" {
		t.Errorf("got %q, want %q", body, "ok")
	}
	for _, u := range []string{"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/"} {
		if _, err := c.Get(u); !errors.Is(err, ssrf.ErrProhibitedIP) {
			t.Errorf("GET %s: got %v, want a refusal of the address", u, err)
		}
	}
}

// TestDeployedStageRefusesPlainHTTP: outside the local stage nothing is sent over plain http.
func TestDeployedStageRefusesPlainHTTP(t *testing.T) {
	srv, conns := countingServer(t, false, ok)
	_, err := New(Config{Stage: "prod"}).Get(srv.URL)
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "not https") {
		t.Errorf("got %v, want a refusal of plain http", err)
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("the server got %d connections, want 0", n)
	}
}

// TestRedirects: a redirect is followed only to the first request's scheme, host and port.
func TestRedirects(t *testing.T) {
	other, otherConns := countingServer(t, false, ok)
	plain, plainConns := countingServer(t, false, ok)
	var tlsURL string
	tlsSrv, _ := countingServer(t, true, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-http-same-port":
			http.Redirect(w, r, "http"+strings.TrimPrefix(tlsURL, "https")+"/done", http.StatusFound)
		case "/to-http-server":
			http.Redirect(w, r, plain.URL+"/done", http.StatusFound)
		}
	}))
	tlsURL = tlsSrv.URL
	home, _ := countingServer(t, false, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-other":
			http.Redirect(w, r, other.URL+"/done", http.StatusFound)
		case "/hop1":
			http.Redirect(w, r, "/hop2", http.StatusFound)
		case "/hop2":
			http.Redirect(w, r, other.URL+"/done", http.StatusTemporaryRedirect)
		case "/same":
			http.Redirect(w, r, "/done", http.StatusMovedPermanently)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/done":
			w.Write([]byte("ok"))
		}
	}))
	tests := []struct {
		name, url string
		want      string // "" for a refusal
	}{
		{"same origin is followed", home.URL + "/same", "ok"},
		{"to another host", home.URL + "/to-other", ""},
		{"second hop to another host", home.URL + "/hop1", ""},
		{"https to http on the same port", tlsSrv.URL + "/to-http-same-port", ""},
		{"https to an http server", tlsSrv.URL + "/to-http-server", ""},
		{"endless redirects", home.URL + "/loop", ""},
	}
	c := New(Config{Stage: lambdaenv.LocalStage})
	trust(c, tlsSrv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Get(tt.url)
			if tt.want == "" {
				if !errors.Is(err, ErrRefused) {
					t.Errorf("got %v, want a refused redirect", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) != tt.want {
				t.Errorf("got %q, want %q", body, tt.want)
			}
		})
	}
	if n := otherConns.Load() + plainConns.Load(); n != 0 {
		t.Errorf("redirect targets got %d connections, want 0", n)
	}
}
