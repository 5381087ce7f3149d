// Package local is the project's local runner: it reads template.yaml (the only wiring), creates
// the template's tables, queues and buckets in moto, builds every function's bootstrap and runs
// each as its own process behind a Lambda Runtime API, serves the HTTP API routes as API Gateway
// HTTP API (payload v2.0), polls SQS event sources and fires schedules, all without Docker.
//
// Besides the template's routes, the HTTP server answers a small control surface under /_local/:
//
//	POST /_local/schedules/{LogicalId}  fire that function's schedule now (204, or 404)
//	GET  /_local/counts                 AWS requests seen by the counting proxy, as JSON
//	GET  /_local/health                 200 {"status":"ok"} while the stack runs
package local
