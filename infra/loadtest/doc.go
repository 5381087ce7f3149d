// Package loadtest holds load benchmarks of the whole local product as `make dev` runs it (every
// function of template.yaml in the local runner against moto, with the provider simulator). They
// carry the e2e build tag and run from `make bench`; they assert outcomes (every request
// answered, queues drained, dead-letter queues empty) and report latency and CPU as figures.
package loadtest
