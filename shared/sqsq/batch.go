package sqsq

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// SQS batch limits: 10 entries and 256 KiB of bodies per request (kept at the classic limit so
// every region and emulator accepts it).
const (
	maxBatchEntries = 10
	maxBatchBytes   = 256 * 1024
	batchAttempts   = 3
)

// chunk splits prepared messages (by index) into batches within SQS's limits.
func chunk(ps []Entry) [][]int {
	var out [][]int
	var cur []int
	size := 0
	for i, p := range ps {
		n := len(p.MessageBody)
		if len(cur) == maxBatchEntries || (len(cur) > 0 && size+n > maxBatchBytes) {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, i)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// SendBatch sends the messages in batches of up to 10, retrying entries SQS failed for
// reasons of its own; the error names every message (by index) that never went.
func (q *Queue) SendBatch(ctx context.Context, ms []messaging.QueueMessage) error {
	ps := make([]Entry, len(ms))
	for i, m := range ms {
		p, err := q.prepare(m)
		if err != nil {
			return fmt.Errorf("sqsq: send batch to %s: message %d: %w", q.url, i, err)
		}
		ps[i] = p
	}
	var failed []string
	for _, idx := range chunk(ps) {
		failed = append(failed, q.sendChunk(ctx, ps, idx)...)
	}
	if len(failed) > 0 {
		return fmt.Errorf("sqsq: send batch to %s: %d of %d messages not sent: %s", q.url, len(failed), len(ms), strings.Join(failed, "; "))
	}
	return nil
}

// sendChunk sends one batch, retrying retryable failures, and describes the entries that failed.
func (q *Queue) sendChunk(ctx context.Context, ps []Entry, idx []int) []string {
	pending := idx
	reasons := map[int]string{}
	describe := func() []string {
		var out []string
		for _, i := range idx {
			if r, ok := reasons[i]; ok {
				out = append(out, fmt.Sprintf("message %d: %s", i, strings.TrimSpace(r)))
			}
		}
		return out
	}
	for attempt := range batchAttempts {
		if attempt > 0 {
			t := time.NewTimer(time.Duration(50<<attempt) * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return describe()
			case <-t.C:
			}
		}
		entries := make([]Entry, 0, len(pending))
		for _, i := range pending {
			e := ps[i]
			e.ID = strconv.Itoa(i)
			entries = append(entries, e)
		}
		res, err := q.sqs.SendMessageBatch(ctx, q.url, entries)
		if err != nil {
			for _, i := range pending {
				reasons[i] = err.Error()
			}
			if ctx.Err() != nil {
				break
			}
			continue
		}
		var retry []int
		for _, f := range res.Failed {
			i, err := strconv.Atoi(f.ID)
			if err != nil {
				continue
			}
			reasons[i] = f.Code + " " + f.Message
			if !f.SenderFault {
				retry = append(retry, i)
			}
		}
		for _, id := range res.Successful {
			if i, err := strconv.Atoi(id); err == nil {
				delete(reasons, i)
			}
		}
		pending = retry
		if len(pending) == 0 {
			break
		}
	}
	return describe()
}
