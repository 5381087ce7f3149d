// Package platformhttp is the HTTP adapter of property.Platform: a client of the contract in
// openapi.yaml that an organisation's own property platform implements. The base URL is the
// organisation's platform_url setting and the bearer token its platform-token secret.
//
// Every call has a timeout and reads a bounded answer; reads (GET) and writes that carry an
// Idempotency-Key (all of them) are retried a bounded number of times with backoff after a
// network failure, a 429 or a 502/503/504. Failures are *messaging.Error: not found is
// CodeNotFound; a platform that is down, slow or answering nonsense is CodeUnavailable with a
// message safe to show a person; a refused write is CodeUnprocessable.
package platformhttp

import _ "embed"

//go:embed openapi.yaml
var contract []byte

// Contract returns the OpenAPI 3 document of the contract.
func Contract() []byte { return contract }
