package scalesim

// Limits that cap one partition, queue, function or number (docs/scaling.md cites each).
const (
	// PartitionWCU is the most write units one DynamoDB partition (table or GSI) takes a second.
	PartitionWCU = 1000
	// PartitionRCU is the most read units one DynamoDB partition takes a second.
	PartitionRCU = 3000
	// FifoTPS is a FIFO queue's API calls a second per action (per partition in high-throughput
	// mode, where one message group always lands on one partition).
	FifoTPS = 300
	// AccountConcurrency is Lambda's default concurrent executions per account and region.
	AccountConcurrency = 1000
	// ProviderMPS is Meta's default messages a second per business number (1,000 on request).
	ProviderMPS = 80
)

// Units a request costs: writes of items under 1 KB, strongly consistent reads under 4 KB.
const (
	writeUnits = 1.0
	readUnits  = 1.0
	// eventualReadUnits is an eventually consistent read under 4 KB (the number route's).
	eventualReadUnits = 0.5
	// gsiMoveUnits is a GSI write whose sort key changes: the old entry's delete and the new
	// one's put.
	gsiMoveUnits = 2.0
)
