package dynamo

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/reminders"
)

// jobItem is what the platform pushed about a job.
type jobItem struct {
	key
	OrgID            string `dynamodbav:"org_id"`
	ID               int64  `dynamodbav:"job_id"`
	Ref              string `dynamodbav:"job_ref"`
	Title            string `dynamodbav:"title"`
	PropertyAddress  string `dynamodbav:"property_address"`
	JobType          string `dynamodbav:"job_type"`
	TenantFirstName  string `dynamodbav:"tenant_first_name"`
	TenantPhone      string `dynamodbav:"tenant_phone"`
	ContractorName   string `dynamodbav:"contractor_name"`
	ContractorPhone  string `dynamodbav:"contractor_phone"`
	AppointmentDate  string `dynamodbav:"appointment_date"`
	TimeWindow       string `dynamodbav:"time_window"`
	TimeZone         string `dynamodbav:"time_zone"`
	ScheduledDate    string `dynamodbav:"scheduled_date"`
	CompletionDate   string `dynamodbav:"completion_date"`
	AppointmentState string `dynamodbav:"appointment_status"`
	UpdatedAt        string `dynamodbav:"updated_at"`
	// GSI1PK/GSI1SK put a job with a live appointment in the date index the reminders query
	// (reminders.IndexKeys); absent when there is none or it is cancelled.
	GSI1PK string `dynamodbav:"GSI1PK,omitempty"`
	GSI1SK string `dynamodbav:"GSI1SK,omitempty"`
}

func newJobItem(j messaging.Job) jobItem {
	it := jobItem{
		key: jobKey(j.OrgID, j.ID), OrgID: j.OrgID, ID: j.ID, Ref: j.Ref, Title: j.Title,
		PropertyAddress: j.PropertyAddress, JobType: j.JobType, TenantFirstName: j.TenantFirstName,
		TenantPhone: j.TenantPhone, ContractorName: j.ContractorName, ContractorPhone: j.ContractorPhone,
		AppointmentDate: j.AppointmentDate, TimeWindow: j.TimeWindow, TimeZone: j.TimeZone,
		ScheduledDate: j.ScheduledDate, CompletionDate: j.CompletionDate,
		AppointmentState: j.AppointmentState, UpdatedAt: j.UpdatedAt,
	}
	// A whole-item put: a job that loses its appointment, or has it cancelled, drops out of the
	// index, and a moved one moves, so its reminder changes or stops with it.
	if a, ok := reminders.FromJob(j); ok && !a.Cancelled {
		it.GSI1PK, it.GSI1SK = reminders.IndexKeys(a)
	}
	return it
}

func (it jobItem) job() messaging.Job {
	return messaging.Job{
		OrgID: it.OrgID, ID: it.ID, Ref: it.Ref, Title: it.Title, PropertyAddress: it.PropertyAddress,
		JobType: it.JobType, TenantFirstName: it.TenantFirstName, TenantPhone: it.TenantPhone,
		ContractorName: it.ContractorName, ContractorPhone: it.ContractorPhone,
		AppointmentDate: it.AppointmentDate, TimeWindow: it.TimeWindow, TimeZone: it.TimeZone,
		ScheduledDate: it.ScheduledDate, CompletionDate: it.CompletionDate,
		AppointmentState: it.AppointmentState, UpdatedAt: it.UpdatedAt,
	}
}

// jobNotFound is the one answer for an absent, deleted or other tenant's job.
func jobNotFound() error {
	return messaging.Errorf(messaging.CodeNotFound, "Job not found. It may not exist, have been deleted, or belong to a different organisation.")
}

// PutJob stores the job as the platform sent it, replacing the previous version, and indexes
// its appointment by date for the reminders (none when absent or cancelled).
func (s *Store) PutJob(ctx context.Context, j messaging.Job) error {
	if j.OrgID == "" || j.ID <= 0 {
		return fmt.Errorf("dynamo: put job %d: organisation and id are required", j.ID)
	}
	if err := s.put(ctx, newJobItem(j)); err != nil {
		return fmt.Errorf("dynamo: put job %d of %s: %w", j.ID, j.OrgID, err)
	}
	return nil
}

// GetJob returns one job, or not found.
func (s *Store) GetJob(ctx context.Context, orgID string, id int64) (messaging.Job, error) {
	var it jobItem
	found, err := s.get(ctx, jobKey(orgID, id), false, &it)
	if err != nil {
		return messaging.Job{}, fmt.Errorf("dynamo: get job %d of %s: %w", id, orgID, err)
	}
	if !found {
		return messaging.Job{}, jobNotFound()
	}
	return it.job(), nil
}
