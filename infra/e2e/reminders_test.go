//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	awsdynamodb "github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/proplink/chat/infra/admin"
	"github.com/proplink/chat/infra/local"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/dynamo"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
	"github.com/proplink/chat/shared/ssm"
)

// seedReminderOrg gives org what a reminder needs: WhatsApp settings pointing at the provider
// simulator, with quiet hours "00:00-00:00" (none) so the test does not depend on the hour it
// runs at; the provider token; and the simulator's templates. The simulator knows one business
// number, the demo's, and a number routes to one organisation, so the settings item is written
// directly without the number's route (only inbound webhooks use the route).
func seedReminderOrg(tb testing.TB, stack *local.Stack, org, simURL string, templates []messaging.Template) {
	tb.Helper()
	ctx := context.Background()
	cfg := stack.AWSConfig()
	item, err := attributevalue.MarshalMap(map[string]any{
		"PK": "ORG#" + org, "SK": "SETTINGS#WHATSAPP", "org_id": org, "provider": messaging.ProviderMeta,
		"api_url": simURL, "phone_number_id": admin.DemoPhoneNumberID, "waba_id": admin.DemoWABAID,
		"api_token_set": true, "app_secret_set": false, "verify_token_set": false, "quiet_hours": "00:00-00:00",
		"token_provider": messaging.ProviderMeta, "token_url": simURL,
	})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := awsdynamodb.NewFromConfig(cfg).PutItem(ctx, &awsdynamodb.PutItemInput{TableName: aws.String(stack.Resource("Table")), Item: item}); err != nil {
		tb.Fatalf("seed settings of %s: %v", org, err)
	}
	secrets := ssm.New(cfg, "/proplink/"+lambdaenv.LocalStage, 0)
	if err := secrets.Put(ctx, messaging.OrgSecret(org, "", messaging.SecretAPIToken), admin.DemoProviderToken); err != nil {
		tb.Fatal(err)
	}
	store := dynamo.New(ddb.NewFromConfig(cfg), stack.Resource("Table"))
	for i, t := range templates {
		t.ID = i + 1
		if err := store.PutTemplate(ctx, org, t); err != nil {
			tb.Fatalf("seed template %s of %s: %v", t.Name, org, err)
		}
	}
}

// londonDate returns the London calendar date days after today.
func londonDate(days int) string {
	london, _ := time.LoadLocation(messaging.DefaultTimeZone)
	y, m, d := time.Now().In(london).Date()
	return time.Date(y, m, d+days, 12, 0, 0, 0, time.UTC).Format(messaging.DateLayout)
}

// fireReminders fires RemindersFunction's schedule n times at once. A run's per-appointment
// failures (other tests' organisations) do not fail the invocation, so an error here is real.
func fireReminders(t *testing.T, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = e.stack.FireSchedule(context.Background(), "RemindersFunction")
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("fire the reminders schedule: %v", err)
		}
	}
}

func TestReminders(t *testing.T) {
	ctx := context.Background()
	demo, err := e.store.GetSettings(ctx, e.demo.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	org := fmt.Sprintf("rem%d", time.Now().UnixNano())
	seedReminderOrg(t, e.stack, org, demo.APIURL, e.sim.Templates())
	token := mint(t, org, messaging.PermJobsManage, messaging.PermCaseNotesView)
	tomorrow, dayAfter := londonDate(1), londonDate(2)

	type appt struct {
		name     string
		id       int64
		date     string
		state    string // appointment_status pushed last
		optedOut bool
		want     bool // a reminder is sent
	}
	appts := []appt{
		{name: "tomorrow 1", id: 1, date: tomorrow, want: true},
		{name: "tomorrow 2", id: 2, date: tomorrow, want: true},
		{name: "tomorrow 3", id: 3, date: tomorrow, want: true},
		{name: "day after", id: 4, date: dayAfter},
		{name: "cancelled", id: 5, date: tomorrow, state: "cancelled"},
		{name: "opted out", id: 6, date: tomorrow, optedOut: true},
	}
	phones := map[int64]string{}
	for _, a := range appts {
		phones[a.id] = newPhone()
		body := func(state string) string {
			return mustJSON(map[string]any{"tenant_first_name": "Tenant", "tenant_phone": phones[a.id],
				"appointment_date": a.date, "time_window": "08:00-12:00", "appointment_status": state})
		}
		if r := call(t, "PUT", fmt.Sprintf("/api/jobs/%d", a.id), token, body("booked")); r.Status != 200 {
			t.Fatalf("PUT job %d: got %d %s", a.id, r.Status, r.Raw)
		}
		if a.state != "" { // the platform changes the appointment after booking it
			if r := call(t, "PUT", fmt.Sprintf("/api/jobs/%d", a.id), token, body(a.state)); r.Status != 200 {
				t.Fatalf("PUT job %d: got %d %s", a.id, r.Status, r.Raw)
			}
		}
		if a.optedOut {
			if err := e.store.SetOptOut(ctx, org, phones[a.id], true, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Two runs at once, then a third after them: still one reminder per appointment.
	fireReminders(t, 2)
	eventually(t, 60*time.Second, "3 reminders at the simulator", func() bool {
		n := 0
		for _, a := range appts {
			n += len(sentTo(phones[a.id]))
		}
		return n >= 3
	})
	fireReminders(t, 1)
	time.Sleep(3 * time.Second) // room for a duplicate to show up, were there one

	notesOf := func(id int64) []messaging.CaseNote {
		notes, _, err := e.store.ListCaseNotes(ctx, org, id, 200, 0)
		if err != nil {
			t.Fatal(err)
		}
		return notes
	}
	for _, a := range appts {
		t.Run(a.name, func(t *testing.T) {
			sent := sentTo(phones[a.id])
			want := 0
			if a.want {
				want = 1
			}
			if len(sent) != want {
				t.Fatalf("reminders at the simulator: got %d, want %d", len(sent), want)
			}
			if a.want {
				checkReminderSent(t, org, a.id, a.date, phones[a.id], sent[0], notesOf)
				return
			}
			var notes []messaging.CaseNote
			if a.optedOut {
				eventually(t, 15*time.Second, "the reminder_skipped note", func() bool { notes = notesOf(a.id); return len(notes) > 0 })
				if len(notes) != 1 || notes[0].Kind != messaging.NoteReminderSkipped || !strings.Contains(notes[0].Text, "opted out") {
					t.Errorf("got notes %+v, want one reminder_skipped note saying the number opted out", notes)
				}
				return
			}
			if notes = notesOf(a.id); len(notes) != 0 {
				t.Errorf("got notes %+v, want none", notes)
			}
		})
	}
}

// checkReminderSent checks the one reminder the provider got and its case note.
func checkReminderSent(t *testing.T, org string, jobID int64, date, phone string, got simulator.SentMessage, notesOf func(int64) []messaging.CaseNote) {
	t.Helper()
	if got.Template != reminders.TemplateName || got.Language != "en_GB" {
		t.Errorf("provider got template %s/%s, want %s/en_GB", got.Template, got.Language, reminders.TemplateName)
	}
	a := reminders.Appointment{OrgID: org, JobID: jobID, Date: date, TimeWindow: "08:00-12:00", TenantPhone: phone}
	wantID := reminders.MessageID(a.ReminderKey())
	var notes []messaging.CaseNote
	eventually(t, 15*time.Second, "the reminder's case note", func() bool {
		notes = notesOf(jobID)
		return len(notes) == 1 && notes[0].ProviderMessage == got.WAMID
	})
	n := notes[0]
	if n.ID != wantID || n.Kind != messaging.NoteWhatsAppMessage || n.Recipient != phone || n.AuthorName != reminders.AuthorName ||
		!strings.Contains(n.Text, "Tenant") || !strings.Contains(n.Text, "08:00-12:00") {
		t.Errorf("got note %+v, want the reminder %s to %s by %s", n, wantID, phone, reminders.AuthorName)
	}
}
