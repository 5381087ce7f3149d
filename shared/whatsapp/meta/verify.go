package meta

import (
	"crypto/subtle"
	"net/url"
)

// MaxChallengeLen bounds the hub.challenge echoed back on verification.
const MaxChallengeLen = 128

// VerifyChallenge answers Meta's subscription check (GET ?hub.mode=subscribe&hub.verify_token=
// ...&hub.challenge=...): it returns the challenge to echo with 200 and true when the mode is
// "subscribe", the token matches verifyToken (constant time) and the challenge is 1 to
// MaxChallengeLen letters, digits, '-', '_' or '.'; otherwise "" and false (answer 403). An
// empty verifyToken never matches.
func VerifyChallenge(q url.Values, verifyToken string) (challenge string, ok bool) {
	if q.Get("hub.mode") != "subscribe" || verifyToken == "" {
		return "", false
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), []byte(verifyToken)) != 1 {
		return "", false
	}
	c := q.Get("hub.challenge")
	if c == "" || len(c) > MaxChallengeLen {
		return "", false
	}
	for i := 0; i < len(c); i++ {
		b := c[i]
		if !(b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '-' || b == '_' || b == '.') {
			return "", false
		}
	}
	return c, true
}
