package console

import (
	"embed"
	"io/fs"
	"path"
	"strings"

	"github.com/proplink/chat/shared/apigw"
)

//go:embed web
var web embed.FS

// contentTypes are the types of the embedded assets, by extension.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
}

// securityHeaders go on every console answer: no framing, no sniffing, no Referer to other
// sites (a sign-in link's code must not leak; same-origin keeps the Origin of the sign-in
// form, which sameOrigin checks), scripts and styles from the console only. Images and uploads
// reach the bucket's presigned URLs.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob: https: http:; connect-src 'self' https: http:; " +
		"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "same-origin",
	"X-Frame-Options":        "DENY",
}

// asset answers an embedded file by its name under web/, or false.
func asset(name string) (apigw.Response, bool) {
	clean := path.Clean("/" + name)[1:]
	ct, known := contentTypes[path.Ext(clean)]
	if !known || strings.HasPrefix(clean, ".") {
		return apigw.Response{}, false
	}
	b, err := fs.ReadFile(web, "web/"+clean)
	if err != nil {
		return apigw.Response{}, false
	}
	h := map[string]string{"Content-Type": ct, "Cache-Control": "no-cache"}
	for k, v := range securityHeaders {
		h[k] = v
	}
	return apigw.Response{StatusCode: 200, Headers: h, Body: string(b)}, true
}
