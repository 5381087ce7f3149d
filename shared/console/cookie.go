package console

import (
	"fmt"
	"strings"

	"github.com/proplink/chat/shared/apigw"
)

// CookieName is the session cookie's name; it is sent to /console paths and to the platform's
// CSRF token path only.
const CookieName = "plk_console"

// CSRFTokenPath is the platform's CSRF token route (platform-conventions.md), which the
// console serves for its cookie sessions.
const CSRFTokenPath = "/api/security/csrf-token"

// sessionCookies are the Set-Cookie values of a session, one per path it is sent to (/console
// and CSRFTokenPath, no wider): HttpOnly, SameSite=Lax, Secure unless the console runs on the
// local stack's plain http://127.0.0.1.
func sessionCookies(id string, maxAge int, secure bool) []string {
	var out []string
	for _, path := range []string{"/console", CSRFTokenPath} {
		c := fmt.Sprintf("%s=%s; Path=%s; Max-Age=%d; HttpOnly; SameSite=Lax", CookieName, id, path, maxAge)
		if secure {
			c += "; Secure"
		}
		out = append(out, c)
	}
	return out
}

// sessionID reads the session cookie of a request ("" for none). API Gateway HTTP API gives
// the request's cookies as name=value strings.
func sessionID(r apigw.Request) string {
	for _, c := range r.Cookies {
		for _, part := range strings.Split(c, ";") {
			name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
			if ok && name == CookieName {
				return value
			}
		}
	}
	return ""
}
