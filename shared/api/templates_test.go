package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
)

func TestGetOptions(t *testing.T) {
	type view struct {
		ID                                                         int
		Name, DisplayName, Description, Language, Category, Status string
		Variables                                                  []string
	}
	tests := []struct {
		name  string
		query map[string]string
		ids   []int
	}{
		{name: "approved only", ids: []int{1, 2, 3, 4}},
		{name: "status=all", query: map[string]string{"status": "all"}, ids: []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			r := req("GET", routeOptions, "/api/whatsapp/get-options", tokSender, "")
			r.QueryStringParameters = tt.query
			resp := w.do(r)
			if resp.StatusCode != 200 {
				t.Fatalf("status = %d: %s", resp.StatusCode, resp.Body)
			}
			var env struct {
				Success bool
				Data    []json.RawMessage
			}
			if err := json.Unmarshal([]byte(resp.Body), &env); err != nil || !env.Success {
				t.Fatalf("body %s: %v", resp.Body, err)
			}
			var ids []int
			for _, raw := range env.Data {
				var v view
				_ = json.Unmarshal(raw, &v)
				ids = append(ids, v.ID)
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("seed fields in seed order", func(t *testing.T) {
		w := newWorld()
		resp := w.do(req("GET", routeOptions, "/api/whatsapp/get-options", tokSender, ""))
		first := `{"success":true,"data":[{"id":1,"name":"job_created","display_name":"Job Created Notification","description":"Notify the tenant that a new job has been raised for their property","language":"en_GB","category":"UTILITY","status":"APPROVED","variables":["job_ref","property_address","job_type"]},`
		if !strings.HasPrefix(resp.Body, first) {
			t.Errorf("body = %s\nwant prefix %s", resp.Body, first)
		}
		for _, leak := range []string{"components", "provider_id", "parameter_format"} {
			if strings.Contains(resp.Body, leak) {
				t.Errorf("body shows %q, which the seed does not", leak)
			}
		}
	})
}

func TestSyncTemplatesRefusesToRemoveEveryApprovedTemplate(t *testing.T) {
	tests := []struct {
		name       string
		query      map[string]string
		listed     []messaging.Template
		wantStatus int
		wantMsg    string
		wantSynced bool
	}{
		{name: "empty list", wantStatus: 422, wantMsg: messaging.MsgSyncWouldRemoveAll},
		{name: "empty list, force=false", query: map[string]string{"force": "false"}, wantStatus: 422, wantMsg: messaging.MsgSyncWouldRemoveAll},
		{name: "empty list, forced", query: map[string]string{"force": "true"}, wantStatus: 200, wantSynced: true},
		{name: "force not a boolean", query: map[string]string{"force": "yes"}, wantStatus: 400, wantMsg: "Invalid parameter: force (true or false)"},
		{name: "a list keeping one", listed: []messaging.Template{{Name: "job_created", Language: "en_GB", Status: messaging.TemplateApproved}},
			wantStatus: 200, wantSynced: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			w.provider.Templates = tt.listed
			r := req("POST", routeTemplateSync, "/api/admin/whatsapp/templates/sync", tokAdmin, "")
			r.QueryStringParameters = tt.query
			resp := w.do(r)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d %s, want %d", resp.StatusCode, resp.Body, tt.wantStatus)
			}
			if tt.wantMsg != "" && messageOf(t, resp.Body) != tt.wantMsg {
				t.Errorf("error = %q, want %q", messageOf(t, resp.Body), tt.wantMsg)
			}
			if synced := len(w.store.templates("org1")) != len(seedTemplates()); synced != tt.wantSynced {
				t.Errorf("stored templates = %d, want synced %v", len(w.store.templates("org1")), tt.wantSynced)
			}
		})
	}
}
