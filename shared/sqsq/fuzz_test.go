package sqsq

import (
	"errors"
	"strconv"
	"testing"
)

// FuzzParseAnswers feeds SQS's 2xx answers, well formed or not, to the parsers: a batch answer
// yields either an error and no result, or every sent entry exactly once, as queued or failed.
func FuzzParseAnswers(f *testing.F) {
	f.Add([]byte(`{"Successful":[{"Id":"0","MessageId":"m","MD5OfMessageBody":"0cc175b9c0f1b6a831c399e269772661"}],"Failed":[{"Id":"1","SenderFault":true,"Code":"InvalidParameterValue","Message":"x"}]}`), 2)
	f.Add([]byte(`{"MessageId":"m","MD5OfMessageBody":"0cc175b9c0f1b6a831c399e269772661"}`), 1)
	f.Add([]byte(`{"Successful":[{"Id":"0"},{"Id":"0"}]}`), 1)
	f.Add([]byte(`{"Failed":[{"Id":7}]}`), 1)
	f.Add([]byte(`null`), 0)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		if n < 0 || n > 10 {
			return
		}
		entries := make([]Entry, n)
		for i := range entries {
			entries[i] = Entry{ID: strconv.Itoa(i), MessageBody: "a"}
		}
		if err := parseSendMessage(data, "a"); err != nil && errors.Is(err, errUnreadable) && len(err.Error()) != len(errUnreadable.Error()) {
			t.Errorf("unreadable error %q carries more than its message", err)
		}
		_ = parseAck(data)
		res, err := parseSendMessageBatch(data, entries)
		if err != nil {
			if len(res.Successful)+len(res.Failed) != 0 {
				t.Errorf("error %v with a result %+v", err, res)
			}
			return
		}
		seen := map[string]int{}
		for _, id := range res.Successful {
			seen[id]++
		}
		for _, f := range res.Failed {
			seen[f.ID]++
		}
		for _, e := range entries {
			if seen[e.ID] == 0 {
				t.Errorf("entry %s neither queued nor failed in %+v", e.ID, res)
			}
		}
		for id, n := range seen {
			if i, err := strconv.Atoi(id); err != nil || i >= len(entries) || n != 1 {
				t.Errorf("entry %q: unsent or answered %d times", id, n)
			}
		}
	})
}
