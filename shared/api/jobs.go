package api

import (
	"context"
	"strconv"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/phone"
)

// MaxJobID is the largest job id the API takes: 15 digits, exact in every JSON reader.
const MaxJobID = 999_999_999_999_999

// jobID reads the {job_id} path parameter.
func jobID(r apigw.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathParameters["job_id"], 10, 64)
	if err != nil || id <= 0 || id > MaxJobID {
		return 0, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: job_id")
	}
	return id, nil
}

// jobBody is PUT /api/jobs/{job_id}'s body: the job's fields (and csrf_token), no others.
type jobBody struct {
	messaging.Job
	apigw.CSRF
}

// job is GET and PUT /api/jobs/{job_id}: the platform pushes the details templates and
// reminders need, replacing what was there.
func (a *API) job(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermJobsManage); err != nil {
		return a.fail(ctx, err)
	}
	id, err := jobID(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	if apigw.Method(r) == "GET" {
		j, err := a.Store.GetJob(ctx, p.OrgID, id)
		if err != nil {
			return a.fail(ctx, err)
		}
		return apigw.OK(j, "")
	}
	var b jobBody
	if err := apigw.DecodeJSON(r, &b); err != nil {
		return a.fail(ctx, err)
	}
	j, bodyID := b.Job, b.Job.ID
	if bodyID < 0 || bodyID > MaxJobID {
		return a.fail(ctx, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: job_id (1 to %d, or 0 for the path's)", MaxJobID))
	}
	j.ID, j.OrgID = id, p.OrgID
	if err := j.Validate(phone.Parse); err != nil {
		return a.fail(ctx, err)
	}
	if bodyID != 0 && bodyID != id {
		return a.fail(ctx, messaging.Errorf(messaging.CodeUnprocessable, "job_id in the body (%d) does not match the path (%d)", bodyID, id))
	}
	j.UpdatedAt = a.Now().UTC().Format("2006-01-02T15:04:05Z")
	if err := a.Store.PutJob(ctx, j); err != nil {
		return a.fail(ctx, err)
	}
	return apigw.OK(j, "Job saved")
}

// caseNotes is GET /api/jobs/{job_id}/case-notes: the job's notes, oldest first, paginated
// with limit (default 50, 1-200) and offset.
func (a *API) caseNotes(ctx context.Context, p messaging.Principal, r apigw.Request) apigw.Response {
	if err := p.Require(messaging.PermCaseNotesView); err != nil {
		return a.fail(ctx, err)
	}
	id, err := jobID(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	limit, offset, err := page(r)
	if err != nil {
		return a.fail(ctx, err)
	}
	notes, total, err := a.Store.ListCaseNotes(ctx, p.OrgID, id, limit, offset)
	if err != nil {
		return a.fail(ctx, err)
	}
	if notes == nil {
		notes = []messaging.CaseNote{}
	}
	return apigw.List(notes, total, "")
}

// page reads limit (default 50, 1-200) and offset (default 0); a parameter given empty
// ("limit=") is refused, not taken for its default.
func page(r apigw.Request) (limit, offset int, err error) {
	limit, offset = 50, 0
	if s, ok := r.QueryStringParameters["limit"]; ok {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > 200 {
			return 0, 0, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: limit (1-200)")
		}
	}
	if s, ok := r.QueryStringParameters["offset"]; ok {
		if offset, err = strconv.Atoi(s); err != nil || offset < 0 {
			return 0, 0, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: offset (0 or more)")
		}
	}
	return limit, offset, nil
}
