package local

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// FunctionError is a failed invocation: the error the function reported, or the runner's own
// (timeout, crashed process), with Lambda's error types (Sandbox.Timedout, Runtime.ExitError).
type FunctionError struct {
	Function string
	Type     string
	Message  string
	// Payload is the error document the function posted, when it posted one.
	Payload []byte
}

// Error describes the failure.
func (e *FunctionError) Error() string {
	return fmt.Sprintf("local: %s: %s: %s", e.Function, e.Type, e.Message)
}

// invocation is one event waiting for, or being handled by, a function process.
type invocation struct {
	id        string
	payload   []byte
	done      chan result
	once      sync.Once
	cancelled atomic.Bool
	// queued is when the invocation was made; picked is when an instance took it (zero until
	// then), written under that instance's mutex before the process sees the event.
	queued, picked time.Time
}

type result struct {
	body []byte
	err  error
}

func newInvocation(payload []byte) *invocation {
	return &invocation{id: newUUID(), payload: payload, done: make(chan result, 1), queued: time.Now()}
}

// finish delivers the outcome once; later outcomes (a late answer after a timeout) are dropped.
func (inv *invocation) finish(body []byte, err error) bool {
	first := false
	inv.once.Do(func() {
		first = true
		inv.done <- result{body: body, err: err}
	})
	return first
}

// functionError turns a posted error document into a FunctionError.
func functionError(fn string, body []byte, typeHeader string) *FunctionError {
	var doc struct {
		ErrorMessage string `json:"errorMessage"`
		ErrorType    string `json:"errorType"`
	}
	_ = json.Unmarshal(body, &doc)
	fe := &FunctionError{Function: fn, Type: doc.ErrorType, Message: doc.ErrorMessage, Payload: body}
	if fe.Type == "" {
		fe.Type = typeHeader
	}
	if fe.Type == "" {
		fe.Type = "Unhandled"
	}
	if fe.Message == "" {
		fe.Message = string(body)
	}
	return fe
}

// newUUID returns a random RFC 4122 version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// traceID returns an X-Ray trace header value.
func traceID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	var p [8]byte
	_, _ = rand.Read(p[:])
	return fmt.Sprintf("Root=1-%08x-%s;Parent=%s;Sampled=0", uint32(nowFunc().Unix()), hex.EncodeToString(b[:]), hex.EncodeToString(p[:]))
}
