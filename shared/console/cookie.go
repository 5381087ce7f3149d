package console

import (
	"fmt"
	"strings"

	"github.com/proplink/chat/shared/apigw"
)

// CookieName is the session cookie's name; it is sent to /console paths only.
const CookieName = "plk_console"

// sessionCookie is the Set-Cookie value of a session: HttpOnly, SameSite=Lax, Secure unless
// the console runs on the local stack's plain http://127.0.0.1.
func sessionCookie(id string, maxAge int, secure bool) string {
	c := fmt.Sprintf("%s=%s; Path=/console; Max-Age=%d; HttpOnly; SameSite=Lax", CookieName, id, maxAge)
	if secure {
		c += "; Secure"
	}
	return c
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
