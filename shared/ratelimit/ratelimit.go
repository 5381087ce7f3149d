// Package ratelimit holds DynamoDB-backed limiters that stay exact under any concurrency:
// Window admits at most Limit requests in any rolling Period (the send API's per-user limit),
// and Pacer spaces admissions by an interval with a burst allowance (GCRA; the pair rate of one
// business number to one recipient). Keys are given by the caller, already tenant-scoped.
package ratelimit

import (
	"context"

	"github.com/proplink/chat/shared/ddb"
)

// api is the part of the DynamoDB client the limiters use.
type api interface {
	UpdateItem(ctx context.Context, in *ddb.UpdateItemInput, opts ...func(*ddb.Options)) (*ddb.UpdateItemOutput, error)
}
