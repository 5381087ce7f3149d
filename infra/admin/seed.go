package admin

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/proplink/chat/shared/messaging"
)

// SeedStore is what seeding writes.
type SeedStore interface {
	TokenStore
	PutSettings(ctx context.Context, st messaging.Settings) error
	PutTemplate(ctx context.Context, orgID string, t messaging.Template) error
	PutJob(ctx context.Context, j messaging.Job) error
}

// SecretWriter stores an organisation's secrets.
type SecretWriter interface {
	Put(ctx context.Context, name, value string) error
}

// Demo is the seeded demo organisation and what a caller needs to use it.
type Demo struct {
	OrgID, PhoneNumberID, WABAID, ProviderToken, AppSecret, VerifyToken string
	StaffToken, ResidentPhone, ContractorPhone                          string
	JobID                                                               int64
}

// The demo organisation's fixed identities (the simulator knows the same).
const (
	DemoOrg           = "demo"
	DemoPhoneNumberID = "106540352242922"
	// DemoDisplayPhone is the demo number people write to (the simulator's default display
	// number), where staff send their WhatsApp link code.
	DemoDisplayPhone  = "+447700900001"
	DemoWABAID        = "102290129340398"
	DemoProviderToken = "sim-token-demo"
	DemoAppSecret     = "sim-app-secret-demo"
	DemoVerifyToken   = "sim-verify-demo"
	DemoResident      = "+447700900123"
	DemoContractor    = "+447700900456"
	DemoJobID         = 1050
)

// seedDescriptions are the seed's display names and descriptions of templates 1-4.
var seedDescriptions = map[string][2]string{
	"job_created":          {"Job Created Notification", "Notify the tenant that a new job has been raised for their property"},
	"contractor_assigned":  {"Contractor Assigned", "Inform the tenant of the contractor who will attend"},
	"appointment_reminder": {"Appointment Reminder", "Remind the tenant of an upcoming appointment the day before"},
	"job_completed":        {"Job Completed", "Notify the tenant that their repair has been completed"},
}

// SeedDemo writes the demo organisation: WhatsApp settings pointing at the provider simulator
// at simulatorURL, the templates (ids 1-4 are the seed's, in its order), job 1050 with an
// appointment tomorrow, and a staff user's token.
func SeedDemo(ctx context.Context, s SeedStore, secrets SecretWriter, simulatorURL string, templates []messaging.Template, now time.Time) (Demo, error) {
	d := Demo{OrgID: DemoOrg, PhoneNumberID: DemoPhoneNumberID, WABAID: DemoWABAID, ProviderToken: DemoProviderToken,
		AppSecret: DemoAppSecret, VerifyToken: DemoVerifyToken, ResidentPhone: DemoResident, ContractorPhone: DemoContractor, JobID: DemoJobID}
	for name, v := range map[string]string{messaging.SecretAPIToken: d.ProviderToken, messaging.SecretAppSecret: d.AppSecret, messaging.SecretVerifyToken: d.VerifyToken} {
		if err := secrets.Put(ctx, messaging.OrgSecret(d.OrgID, "", name), v); err != nil {
			return Demo{}, fmt.Errorf("admin: seed secret %s: %w", name, err)
		}
	}
	st := messaging.Settings{OrgID: d.OrgID, Provider: messaging.ProviderMeta, APIURL: strings.TrimRight(simulatorURL, "/"),
		PhoneNumberID: d.PhoneNumberID, WABAID: d.WABAID, APITokenSet: true, APITokenLast4: d.ProviderToken[len(d.ProviderToken)-4:],
		AppSecretSet: true, VerifyTokenSet: true, UpdatedAt: now.UTC().Format(time.RFC3339), DisplayPhoneNumber: DemoDisplayPhone,
		TokenProvider: messaging.ProviderMeta, TokenURL: strings.TrimRight(simulatorURL, "/")}
	if err := s.PutSettings(ctx, st); err != nil {
		return Demo{}, fmt.Errorf("admin: seed settings: %w", err)
	}
	token, err := seedOrgContent(ctx, s, d, templates, now)
	if err != nil {
		return Demo{}, err
	}
	d.StaffToken = token
	return d, nil
}

// seedOrgContent writes a demo organisation's templates (ids 1-4 are the seed's, in its order),
// its job d.JobID with an appointment tomorrow for d.ResidentPhone, and returns a staff user's
// token.
func seedOrgContent(ctx context.Context, s SeedStore, d Demo, templates []messaging.Template, now time.Time) (string, error) {
	for i, t := range templates {
		t.ID = i + 1
		if dd, ok := seedDescriptions[t.Name]; ok {
			t.DisplayName, t.Description = dd[0], dd[1]
		}
		if err := s.PutTemplate(ctx, d.OrgID, t); err != nil {
			return "", fmt.Errorf("admin: seed template %s: %w", t.Name, err)
		}
	}
	london, _ := time.LoadLocation(messaging.DefaultTimeZone)
	tomorrow := now.In(london).AddDate(0, 0, 1).Format(messaging.DateLayout)
	job := messaging.Job{OrgID: d.OrgID, ID: d.JobID, Ref: fmt.Sprintf("JOB-%d", d.JobID), Title: "Leaking kitchen tap",
		PropertyAddress: "Flat 1, 22 Harbour Street, Bristol BS1 4QA", JobType: "Plumbing",
		TenantFirstName: "Sam", TenantPhone: d.ResidentPhone, ContractorName: "Alex Reed (Reed Plumbing)",
		ContractorPhone: d.ContractorPhone, AppointmentDate: tomorrow, TimeWindow: "08:00-12:00",
		TimeZone: messaging.DefaultTimeZone, ScheduledDate: tomorrow, UpdatedAt: now.UTC().Format(time.RFC3339)}
	if err := s.PutJob(ctx, job); err != nil {
		return "", fmt.Errorf("admin: seed job: %w", err)
	}
	return MintToken(ctx, s, messaging.Principal{OrgID: d.OrgID, UserID: "staff-1", Name: "Demo Manager", Permissions: AllPermissions}, now)
}

// WriteEnv writes the demo's caller settings as KEY=value lines (0600: it holds a token).
func WriteEnv(path string, vals [][2]string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var b strings.Builder
	for _, kv := range vals {
		fmt.Fprintf(&b, "%s=%s\n", kv[0], kv[1])
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}
