package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

func TestJobs(t *testing.T) {
	tests := []struct {
		name, method, id, body string
		status                 int
		msg                    string
	}{
		{name: "put", method: "PUT", id: "77", body: `{"job_ref":"JOB-077","appointment_date":"2026-12-01"}`, status: 200},
		{name: "put with the same id", method: "PUT", id: "77", body: `{"job_id":77}`, status: 200},
		{name: "put with a mismatched id", method: "PUT", id: "77", body: `{"job_id":78}`, status: 422, msg: "job_id in the body (78) does not match the path (77)"},
		{name: "put with a bad date", method: "PUT", id: "77", body: `{"appointment_date":"01/12/2026"}`, status: 400,
			msg: "Invalid or missing required parameter: appointment_date (use YYYY-MM-DD)"},
		{name: "bad path id", method: "GET", id: "x", status: 400, msg: "Invalid or missing required parameter: job_id"},
		{name: "absent job", method: "GET", id: "9", status: 404, msg: msgJobAbsent},
		{name: "get", method: "GET", id: "1050", status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			r := req(tt.method, routeJob, "/api/jobs/"+tt.id, tokAdmin, tt.body)
			r.PathParameters = map[string]string{"job_id": tt.id}
			resp := w.do(r)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.msg != "" {
				if got := messageOf(t, resp.Body); got != tt.msg {
					t.Errorf("error = %q, want %q", got, tt.msg)
				}
			}
			if tt.method == "PUT" && tt.status == 200 {
				if j, ok := w.store.job("org1", 77); !ok || j.OrgID != "org1" || j.UpdatedAt != "2026-11-24T10:00:00Z" {
					t.Errorf("stored job = %+v, %v", j, ok)
				}
			}
		})
	}
}

func TestCaseNotesPagination(t *testing.T) {
	tests := []struct {
		name        string
		query       map[string]string
		status      int
		limit, off  int
		count, rows int
		msg         string
	}{
		{name: "defaults", status: 200, limit: 50, off: 0, count: 3, rows: 3},
		{name: "limit 1", query: map[string]string{"limit": "1"}, status: 200, limit: 1, count: 3, rows: 1},
		{name: "limit 200", query: map[string]string{"limit": "200"}, status: 200, limit: 200, count: 3, rows: 3},
		{name: "offset past the end", query: map[string]string{"offset": "10"}, status: 200, limit: 50, off: 10, count: 3, rows: 0},
		{name: "limit 0", query: map[string]string{"limit": "0"}, status: 400, msg: "Invalid parameter: limit (1-200)"},
		{name: "limit 201", query: map[string]string{"limit": "201"}, status: 400, msg: "Invalid parameter: limit (1-200)"},
		{name: "limit abc", query: map[string]string{"limit": "abc"}, status: 400, msg: "Invalid parameter: limit (1-200)"},
		{name: "offset -1", query: map[string]string{"offset": "-1"}, status: 400, msg: "Invalid parameter: offset (0 or more)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			for _, id := range []string{"a", "b", "c"} {
				_ = w.store.UpsertCaseNote(context.Background(), messaging.CaseNote{ID: id, OrgID: "org1", JobID: 1050})
			}
			_ = w.store.UpsertCaseNote(context.Background(), messaging.CaseNote{ID: "x", OrgID: "org2", JobID: 1050})
			r := req("GET", routeNotes, "/api/jobs/1050/case-notes", tokSender, "")
			r.PathParameters = map[string]string{"job_id": "1050"}
			r.QueryStringParameters = tt.query
			resp := w.do(r)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.status != http.StatusOK {
				if got := messageOf(t, resp.Body); got != tt.msg {
					t.Errorf("error = %q, want %q", got, tt.msg)
				}
				return
			}
			if got, want := w.store.pageArgs, [2]int{tt.limit, tt.off}; got != want {
				t.Errorf("store saw limit, offset = %v, want %v", got, want)
			}
			var env struct {
				Data  []messaging.CaseNote
				Count int
			}
			if err := json.Unmarshal([]byte(resp.Body), &env); err != nil {
				t.Fatal(err)
			}
			if env.Count != tt.count || len(env.Data) != tt.rows {
				t.Errorf("count %d rows %d, want %d %d", env.Count, len(env.Data), tt.count, tt.rows)
			}
			if tt.rows == 0 && !strings.Contains(resp.Body, `"data":[]`) {
				t.Errorf("empty page is %s, want data []", resp.Body)
			}
		})
	}
}
