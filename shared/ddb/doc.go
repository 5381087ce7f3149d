// Package ddb calls DynamoDB over its JSON protocol (AWS JSON 1.0) on shared/awsjson: the
// operations shared/dynamo, shared/ratelimit and shared/idempotency make, with inputs, outputs,
// attribute values and errors named as the SDK names them. It replaces the SDK's DynamoDB client
// and types in the functions because linking those costs every cold start their schemas' init
// (about 0.6 MB and 0.4–0.9 ms); shared/ddb/attributevalue marshals Go values as the SDK's
// attributevalue package does.
//
// # Where it differs from the SDK's client (v1.73)
//
// Requests, answers, errors and retries match the SDK client's for the configuration
// lambdaenv.AWS builds (tests hold them to it), except:
//
//   - An empty ExpressionAttributeNames or ExpressionAttributeValues is left out; the SDK sends
//     {}, which DynamoDB refuses (moto does not).
//   - Endpoints: AWS_ENDPOINT_URL_DYNAMODB is read from the environment whatever the config (the
//     SDK reads it only through the config's sources, and not under
//     AWS_IGNORE_CONFIGURED_ENDPOINT_URLS). FIPS and dual-stack come from the config's sources
//     or Options.EndpointOptions for the aws, aws-cn and aws-us-gov partitions; with an endpoint
//     set as well the endpoint wins, where the SDK fails each call. Account-ID endpoints
//     (https://<account>.ddb.<region>.amazonaws.com, which the SDK prefers when the credentials
//     carry an AccountID) are never used: the regional endpoint serves the same tables, and
//     lambdaenv's credentials carry no AccountID, so the SDK would not use them either. Region
//     "local" is not mapped to http://localhost:8000.
//   - Retries: the standard retryer (cfg.Retryer when set), 3 attempts unless RetryMaxAttempts
//     says otherwise; cfg.RetryMode "adaptive" and the SDK's AWS_NEW_RETRIES_2026 opt-in (4
//     attempts, 25 ms base delay) are not honoured, nor is the clock skew corrected from
//     answers. What is retried is the retryer's call, as in the SDK: throttling and
//     ProvisionedThroughputExceeded, RequestLimitExceeded, TransactionInProgress, 5xx, CRC32
//     mismatches, and requests the transport failed to send; not TransactionConflict (alone or
//     as a cancellation reason), ConditionalCheckFailed or ItemCollectionSizeLimitExceeded.
//   - An error answer with no exception type has the HTTP status text as its code ("Service
//     Unavailable"), where the SDK says "UnknownError"; both retry it alike.
//   - Answers: members we do not read (ConsumedCapacity, ItemCollectionMetrics, new ones) are
//     skipped, and "null" is an empty output, where the SDK fails to decode it.
package ddb
