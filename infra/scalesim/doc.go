// Package scalesim estimates, by simulation, where PropLink Chat's AWS resources saturate as
// load grows: it replays one second of a synthetic peak workload (API sends, the provider's
// status webhooks for them, inbound texts), spread over organisations by a Zipf law, onto the
// DynamoDB keys, FIFO queues, Lambda functions and provider numbers each event touches, and
// compares the heat of each partition, queue and number with the AWS quota or provider limit
// that caps it. docs/scaling.md reads its tables (go run ./infra/cmd/scalesim).
package scalesim
