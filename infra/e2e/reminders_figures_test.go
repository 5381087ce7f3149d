//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
)

// lockedBuffer is a log sink that tests can read while the stack writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestReminderRunFigures measures one scheduled run over 10,000 appointments of which 1,000
// start tomorrow (London), on moto: wall time and AWS requests by kind. It runs its own stack
// with only RemindersFunction (own moto, no SQS consumers), so the counts are the run's alone.
// It logs figures and asserts only that every due appointment was enqueued. On moto most of
// the wall time is moto's own FIFO send cost, which grows with the queue's depth, batched or
// not (1,000 messages sent 10 to a batch into an empty FIFO queue take about 77 s on moto,
// each batch slower than the last), so the request counts say more about a run on AWS than
// the time does.
func TestReminderRunFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("figures: seeds 10,000 appointments")
	}
	const orgs, perOrg, duePerOrg = 10, 1000, 100
	ctx := context.Background()
	root, err := motoserver.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	stack, err := local.Start(ctx, local.Options{Root: root, APIAddr: "127.0.0.1:0", Log: logs, StackFile: "-",
		Functions: []string{"RemindersFunction"}, Parameters: map[string]string{"Stage": lambdaenv.LocalStage}})
	if err != nil {
		t.Fatal(err)
	}
	defer stack.Close()
	police(stack)
	db := awsdynamodb.NewFromConfig(stack.AWSConfig())
	table := stack.Resource("Table")

	seedStart := time.Now()
	var items []map[string]types.AttributeValue
	for o := range orgs {
		org := fmt.Sprintf("fig%d", o)
		seedReminderOrg(t, stack, org, "http://127.0.0.1:9", e.sim.Templates())
		for j := range perOrg {
			date := londonDate(1)
			if j >= duePerOrg {
				date = londonDate(3 + j%28) // the rest spread over the following four weeks
			}
			items = append(items, appointmentItem(org, int64(j+1), date, fmt.Sprintf("+4477009%02d%03d", o, j)))
		}
	}
	batchWrite(t, db, table, items)
	t.Logf("seeded %d appointments in %d organisations in %s", len(items), orgs, time.Since(seedStart).Round(time.Millisecond))

	stack.ResetCounts()
	start := time.Now()
	if err := stack.FireSchedule(ctx, "RemindersFunction"); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	counts := stack.Counts()
	keys := make([]string, 0, len(counts))
	total := 0
	for k, n := range counts {
		keys = append(keys, k)
		total += n
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%d", k, counts[k])
	}
	t.Logf("one run: %s, %d AWS requests:%s", elapsed.Round(time.Millisecond), total, b.String())
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "reminders run finished") {
			t.Logf("report: %s", line)
			if !strings.Contains(line, fmt.Sprintf(`"enqueued":%d,`, orgs*duePerOrg)) {
				t.Errorf("want %d enqueued in the report", orgs*duePerOrg)
			}
		}
	}
}

// appointmentItem is a job item as dynamo.PutJob writes it, with its date-index keys.
func appointmentItem(org string, id int64, date, phone string) map[string]types.AttributeValue {
	a, _ := reminders.FromJob(messaging.Job{OrgID: org, ID: id, AppointmentDate: date, TimeWindow: "08:00-12:00", TenantPhone: phone})
	pk, sk := reminders.IndexKeys(a)
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	return map[string]types.AttributeValue{
		"PK": s(fmt.Sprintf("ORG#%s#JOB#%d", org, id)), "SK": s("JOB"), "org_id": s(org),
		"job_id": &types.AttributeValueMemberN{Value: fmt.Sprint(id)}, "appointment_date": s(date),
		"time_window": s("08:00-12:00"), "time_zone": s(messaging.DefaultTimeZone), "tenant_phone": s(phone),
		"tenant_first_name": s("Tenant"), "GSI1PK": s(pk), "GSI1SK": s(sk),
	}
}

// batchWrite puts items with BatchWriteItem, 25 a request, 8 requests at a time.
func batchWrite(t *testing.T, db *awsdynamodb.Client, table string, items []map[string]types.AttributeValue) {
	t.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := 0; i < len(items); i += 25 {
		reqs := []types.WriteRequest{}
		for _, it := range items[i:min(i+25, len(items))] {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			pending := map[string][]types.WriteRequest{table: reqs}
			for len(pending[table]) > 0 {
				res, err := db.BatchWriteItem(context.Background(), &awsdynamodb.BatchWriteItemInput{RequestItems: pending})
				if err != nil {
					t.Error(err)
					return
				}
				pending = res.UnprocessedItems
			}
		}()
	}
	wg.Wait()
}
