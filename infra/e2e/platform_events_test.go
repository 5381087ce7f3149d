//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/platformevent"
)

// delivery is one POST a receiver got.
type delivery struct {
	path, id, kind, timestamp, signature string
	body                                 []byte
	event                                platformevent.Event
	status                               int
	at                                   time.Time
}

// receiver is an organisation's platform as the test plays it: endpoints on 127.0.0.1 whose
// answers status decides, keeping every delivery.
type receiver struct {
	mu       sync.Mutex
	got      []delivery
	attempts map[string]int // path + event id → attempts so far
	status   func(path string, ev platformevent.Event, attempt int) int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	d := delivery{path: r.URL.Path, id: r.Header.Get(platformevent.HeaderID), kind: r.Header.Get(platformevent.HeaderType),
		timestamp: r.Header.Get(platformevent.HeaderTimestamp), signature: r.Header.Get(platformevent.HeaderSignature), body: body, at: time.Now()}
	_ = json.Unmarshal(body, &d.event)
	rc.mu.Lock()
	rc.attempts[d.path+d.event.ID]++
	d.status = rc.status(d.path, d.event, rc.attempts[d.path+d.event.ID])
	rc.got = append(rc.got, d)
	rc.mu.Unlock()
	w.WriteHeader(d.status)
}

// of returns the deliveries to path of the events about phone, in arrival order.
func (rc *receiver) of(path, phone string) []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []delivery
	for _, d := range rc.got {
		if d.path == path && about(d.event, phone) {
			out = append(out, d)
		}
	}
	return out
}

// about reports whether ev concerns the person with phone (their conversation).
func about(ev platformevent.Event, phone string) bool { return ev.Subject == convID(phone) }

// textOf is a message.received event's text.
func textOf(ev platformevent.Event) string {
	var d platformevent.MessageReceived
	_ = json.Unmarshal(ev.Data, &d)
	return d.Text
}

// addEndpoint creates an endpoint through the API and returns its id and signing secret; the
// emitting functions see it after awaitGate.
func addEndpoint(t *testing.T, url string, kinds ...platformevent.Kind) (id, secret string) {
	t.Helper()
	if kinds == nil {
		kinds = []platformevent.Kind{} // every kind
	}
	body, _ := json.Marshal(map[string]any{"url": url, "kinds": kinds, "description": "e2e receiver"})
	r := call(t, "POST", "/api/admin/events/endpoints", e.demo.StaffToken, string(body))
	if r.Status != http.StatusOK {
		t.Fatalf("add endpoint %s: %d %s", url, r.Status, r.Raw)
	}
	data, _ := r.Body["data"].(map[string]any)
	id, _ = data["id"].(string)
	secret, _ = data["signing_secret"].(string)
	watch("signing secret", secret)
	if _, seen := gateCleanups.LoadOrStore(t, true); !seen {
		t.Cleanup(awaitGate) // after the deletes below: the next test starts with the gate closed again
	}
	t.Cleanup(func() {
		if r := call(t, "DELETE", "/api/admin/events/endpoints/"+id, e.demo.StaffToken, ""); r.Status != http.StatusOK {
			t.Errorf("delete endpoint %s: %d %s", id, r.Status, r.Raw)
		}
	})
	return id, secret
}

// attemptsOf reads an endpoint's delivery log through the API, oldest attempt first, for one event.
func attemptsOf(t *testing.T, endpointID, eventID string) []platformevent.Attempt {
	t.Helper()
	r := call(t, "GET", "/api/admin/events/endpoints/"+endpointID+"/deliveries?limit=200", e.demo.StaffToken, "")
	if r.Status != http.StatusOK {
		t.Fatalf("delivery log: %d %s", r.Status, r.Raw)
	}
	var env struct {
		Data []platformevent.Attempt `json:"data"`
	}
	_ = json.Unmarshal([]byte(r.Raw), &env)
	var out []platformevent.Attempt
	for _, a := range env.Data {
		if a.EventID == eventID {
			out = append(out, a)
		}
	}
	slices.Reverse(out)
	return out
}

// TestPlatformEvents drives signed outbound webhooks end to end: a person writes (three
// messages, a STOP and a START) and the organisation's platform, a receiver on 127.0.0.1,
// gets each event signed, in the conversation's order, through an outage of one endpoint
// (503 three times: retried, then delivered, the next event held behind it) and despite
// another endpoint refusing for good (410: dead-lettered at once, never retried).
func TestPlatformEvents(t *testing.T) {
	phone := newPhone()
	rc := &receiver{attempts: map[string]int{}}
	rc.status = func(path string, ev platformevent.Event, attempt int) int {
		switch {
		case !about(ev, phone):
			return http.StatusNoContent // other tests' events
		case path == "/flaky" && textOf(ev) == "first" && attempt <= 3:
			return http.StatusServiceUnavailable
		case path == "/gone":
			return http.StatusGone
		}
		return http.StatusOK
	}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	_, okSecret := addEndpoint(t, srv.URL+"/ok")
	flakyID, _ := addEndpoint(t, srv.URL+"/flaky", platformevent.KindMessageReceived)
	goneID, _ := addEndpoint(t, srv.URL+"/gone", platformevent.KindMessageReceived)
	awaitGate()

	texts := []string{"first", "second", "STOP", "START"}
	sentAt := map[string]time.Time{}
	for _, text := range texts {
		sentAt[text] = time.Now()
		if _, err := e.sim.InjectText(phone, "Events Person", text); err != nil {
			t.Fatal(err)
		}
	}
	wantOrder := []string{"message.received first", "message.received second", "message.received STOP", "conversation.opted_out",
		"message.received START", "conversation.opted_in"}
	kinds := func(ds []delivery) []string {
		var out []string
		seen := map[string]bool{}
		for _, d := range ds {
			if seen[d.event.ID] || (d.event.Type != platformevent.KindMessageReceived && d.event.Type != platformevent.KindOptedOut && d.event.Type != platformevent.KindOptedIn) {
				continue
			}
			seen[d.event.ID] = true
			s := string(d.event.Type)
			if d.event.Type == platformevent.KindMessageReceived {
				s += " " + textOf(d.event)
			}
			out = append(out, s)
		}
		return out
	}
	eventually(t, 60*time.Second, "the six events at the endpoint", func() bool { return len(kinds(rc.of("/ok", phone))) >= len(wantOrder) })

	t.Run("every delivery is signed with the endpoint's secret", func(t *testing.T) {
		for _, d := range rc.of("/ok", phone) {
			if err := platformevent.Verify(okSecret, d.signature, d.timestamp, d.body, time.Now(), platformevent.DefaultTolerance); err != nil {
				t.Errorf("%s %s: %v", d.kind, d.id, err)
			}
			if err := platformevent.Verify("whsec_not-the-secret", d.signature, d.timestamp, d.body, time.Now(), platformevent.DefaultTolerance); err == nil {
				t.Errorf("%s %s: verified with another secret", d.kind, d.id)
			}
			if d.id != d.event.ID || d.kind != string(d.event.Type) || d.event.OrgID != e.demo.OrgID {
				t.Errorf("headers %s/%s, body %s/%s of %s: want the event's own id, type and organisation", d.id, d.kind, d.event.ID, d.event.Type, d.event.OrgID)
			}
		}
	})

	t.Run("events of a conversation arrive in order", func(t *testing.T) {
		if got := kinds(rc.of("/ok", phone)); !slices.Equal(got, wantOrder) {
			t.Fatalf("order at the endpoint: got %q, want %q", got, wantOrder)
		}
		var latencies []time.Duration
		for _, d := range rc.of("/ok", phone) {
			if d.event.Type == platformevent.KindMessageReceived {
				latencies = append(latencies, d.at.Sub(sentAt[textOf(d.event)]))
			}
		}
		sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
		t.Logf("webhook in → message.received out: p50 %v, max %v over %d events", latencies[len(latencies)/2], latencies[len(latencies)-1], len(latencies))
	})

	t.Run("an outage is retried with backoff, then delivered, holding the next event behind it", func(t *testing.T) {
		eventually(t, 60*time.Second, "the four messages at the flaky endpoint", func() bool { return len(kinds(rc.of("/flaky", phone))) == 4 })
		ds := rc.of("/flaky", phone)
		var statuses []int
		for _, d := range ds {
			if textOf(d.event) == "first" {
				statuses = append(statuses, d.status)
			}
		}
		if want := []int{503, 503, 503, 200}; !slices.Equal(statuses, want) {
			t.Fatalf("answers to the first message: got %v, want %v", statuses, want)
		}
		if got := kinds(ds); !slices.Equal(got, []string{"message.received first", "message.received second", "message.received STOP", "message.received START"}) {
			t.Errorf("order through the outage: got %q", got)
		}
		first := ds[0].event.ID
		log := attemptsOf(t, flakyID, first)
		var got []string
		for _, a := range log {
			got = append(got, fmt.Sprintf("%d:%d:%s", a.Attempt, a.StatusCode, a.Outcome))
		}
		if want := []string{"1:503:retrying", "2:503:retrying", "3:503:retrying", "4:200:delivered"}; !slices.Equal(got, want) {
			t.Errorf("delivery log: got %v, want %v", got, want)
		}
		if gap := ds[3].at.Sub(ds[2].at); gap < 1*time.Second {
			t.Errorf("third retry came %v after the second, want a growing backoff", gap)
		}
	})

	t.Run("a sent message's statuses, the failure with its reason, in order", func(t *testing.T) {
		to := newPhone()
		e.sim.ScriptStatuses(simulator.StatusScript{To: to, Statuses: []string{"sent", "failed"}, Code: 131026})
		wamid := sendTemplate(t, to)
		statuses := func() []platformevent.MessageStatus {
			var out []platformevent.MessageStatus
			for _, d := range rc.of("/ok", to) {
				var st platformevent.MessageStatus
				if d.event.Type == platformevent.KindMessageStatus && json.Unmarshal(d.event.Data, &st) == nil {
					out = append(out, st)
				}
			}
			return out
		}
		eventually(t, 30*time.Second, "two message.status events", func() bool { return len(statuses()) >= 2 })
		got := statuses()
		if got[0].Status != "sent" || got[1].Status != "failed" || got[1].Reason == nil || got[1].Reason.Code != 131026 {
			t.Fatalf("statuses: got %+v, want sent then failed with code 131026", got)
		}
		if got[1].ProviderMessageID != wamid || got[1].JobID != e.demo.JobID || got[1].Recipient != to {
			t.Errorf("failed status: got %+v, want wamid %s of job %d to %s", got[1], wamid, e.demo.JobID, to)
		}
	})

	t.Run("a permanent refusal goes to the dead-letter queue at once", func(t *testing.T) {
		eventually(t, 60*time.Second, "the four messages at the refusing endpoint", func() bool { return len(kinds(rc.of("/gone", phone))) == 4 })
		first := rc.of("/gone", phone)[0].event.ID
		dlq := e.stack.Resource("PlatformEventDLQ")
		var found platformevent.Record
		eventually(t, 30*time.Second, "the refused event in the dead-letter queue", func() bool {
			out, err := e.sqs.ReceiveMessage(context.Background(), &awssqs.ReceiveMessageInput{QueueUrl: aws.String(dlq), MaxNumberOfMessages: 10, VisibilityTimeout: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range out.Messages {
				var r platformevent.Record
				if json.Unmarshal([]byte(aws.ToString(m.Body)), &r) == nil && r.EndpointID == goneID && r.Event.ID == first {
					found = r
					_, _ = e.sqs.DeleteMessage(context.Background(), &awssqs.DeleteMessageInput{QueueUrl: aws.String(dlq), ReceiptHandle: m.ReceiptHandle})
				}
			}
			return found.Event.ID == first
		})
		settle(t)
		n := 0
		for _, d := range rc.of("/gone", phone) {
			if d.event.ID == first {
				n++
			}
		}
		if n != 1 {
			t.Errorf("attempts at the refusing endpoint: got %d, want 1 (a 410 is not retried)", n)
		}
		log := attemptsOf(t, goneID, first)
		if len(log) != 1 || log[0].StatusCode != http.StatusGone || log[0].Outcome != platformevent.DeadLettered {
			t.Errorf("delivery log: got %+v, want one 410 dead_lettered attempt", log)
		}
		if !strings.Contains(string(found.Event.Data), "first") {
			t.Errorf("dead letter: got %s, want the first message's event", found.Event.Data)
		}
	})
}
