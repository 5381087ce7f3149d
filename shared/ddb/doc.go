// Package ddb calls DynamoDB over its JSON protocol (AWS JSON 1.0) on shared/awsjson: the
// operations shared/dynamo, shared/ratelimit and shared/idempotency make, with inputs, outputs,
// attribute values and errors named as the SDK names them. It replaces the SDK's DynamoDB client
// and types in the functions because linking those costs every cold start their schemas' init
// (about 0.6 MB and 0.4–0.9 ms); shared/ddb/attributevalue marshals Go values as the SDK's
// attributevalue package does.
package ddb
