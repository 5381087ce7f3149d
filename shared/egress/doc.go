// Package egress builds the one HTTP client every call to a provider or platform goes
// through (Meta's Graph API, 360dialog, later Twilio and outbound platform webhooks), so each
// gets the same guard against server-side request forgery:
//
//   - the address is checked when it is dialled, after DNS resolution, so a hostname that
//     resolves (or rebinds) to a private address is refused like the address itself: loopback,
//     RFC 1918 private, link-local (169.254.169.254, the instance metadata service), CGNAT,
//     unspecified, multicast, IPv6 ULA and IPv4-mapped addresses, and every other IANA
//     special-purpose range (code.dny.dev/ssrf);
//   - outside the local stage only https is spoken;
//   - a redirect is followed only to the first request's own scheme, host and port;
//   - no proxy from the environment is used (a proxy would be dialled in the target's place);
//   - every call has a timeout, and answers are read through ReadAll or LimitBody, which stop
//     at a bound with ErrTooLarge instead of buffering whatever the far end sends.
//
// Only the local stage (lambdaenv.IsLocal: the local runner, `make dev`, the e2e tests) may
// dial loopback and private addresses, because the provider simulator lives on 127.0.0.1.
package egress
