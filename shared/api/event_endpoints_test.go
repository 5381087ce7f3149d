package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proplink/chat/shared/apigw"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/platformevent"
)

const (
	routeEndpoints  = "ANY /api/admin/events/endpoints"
	routeEndpoint   = "ANY /api/admin/events/endpoints/{endpoint_id}"
	routeRotate     = "ANY /api/admin/events/endpoints/{endpoint_id}/rotate-secret"
	routeDeliveries = "ANY /api/admin/events/endpoints/{endpoint_id}/deliveries"
)

// endpointAnswer is an answer carrying one endpoint (and its secret, when shown).
type endpointAnswer struct {
	Success bool `json:"success"`
	Data    struct {
		platformevent.Endpoint
		SigningSecret string `json:"signing_secret"`
	} `json:"data"`
	Error string `json:"error"`
}

func (w *world) endpointCall(t *testing.T, method, route, id, body string) (int, endpointAnswer) {
	t.Helper()
	path := strings.ReplaceAll(strings.TrimPrefix(route, "ANY "), "{endpoint_id}", id)
	r := req(method, route, path, tokAdmin, body)
	if id != "" {
		r.PathParameters = map[string]string{"endpoint_id": id}
	}
	resp := w.do(r)
	var a endpointAnswer
	_ = json.Unmarshal([]byte(resp.Body), &a)
	return resp.StatusCode, a
}

func TestCreateEventEndpoint(t *testing.T) {
	tests := []struct {
		name, stage, body string
		want              int
		wantErr           string
	}{
		{"https", "dev", `{"url":"https://platform.example.com/hooks","kinds":["message.received","message.status"]}`, 200, ""},
		{"every kind", "dev", `{"url":"https://platform.example.com/hooks"}`, 200, ""},
		{"no url", "dev", `{"kinds":[]}`, 400, "url"},
		{"an unknown kind", "dev", `{"url":"https://platform.example.com/hooks","kinds":["message.deleted"]}`, 400, "kinds"},
		{"plain http", "dev", `{"url":"http://platform.example.com/hooks"}`, 422, "https only"},
		{"credentials", "dev", `{"url":"https://user:pw@platform.example.com/hooks"}`, 422, "credentials"},
		{"the metadata service", "dev", `{"url":"https://169.254.169.254/latest"}`, 422, "private"},
		{"a private address", "dev", `{"url":"https://10.1.2.3/hooks"}`, 422, "private"},
		{"loopback outside the local stage", "dev", `{"url":"https://127.0.0.1:8443/hooks"}`, 422, "private"},
		{"loopback http in the local stage", lambdaenv.LocalStage, `{"url":"http://127.0.0.1:8443/hooks"}`, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			w.api.Stage = tt.stage
			before := len(w.secrets)
			status, a := w.endpointCall(t, "POST", routeEndpoints, "", tt.body)
			if status != tt.want || !strings.Contains(a.Error, tt.wantErr) {
				t.Fatalf("got %d %q, want %d with %q", status, a.Error, tt.want, tt.wantErr)
			}
			if tt.want != 200 {
				if len(w.secrets) != before || len(w.events.eps) != 0 {
					t.Fatalf("refused: %d secrets and %d endpoints kept, want nothing written", len(w.secrets)-before, len(w.events.eps))
				}
				return
			}
			name := platformevent.SecretName("org1", a.Data.ID, a.Data.SecretRev)
			ep, _ := w.events.GetEndpoint(t.Context(), "org1", a.Data.ID)
			if !strings.HasPrefix(a.Data.SigningSecret, "whsec_") || w.secrets[platformevent.SecretName("org1", ep.ID, ep.SecretRev)] != a.Data.SigningSecret {
				t.Errorf("secret: answered %q, stored under %s: %q; want the one stored", a.Data.SigningSecret, name, w.secrets[name])
			}
			_, list := w.endpointCall(t, "GET", routeEndpoints, "", "")
			resp := w.do(req("GET", routeEndpoints, "/api/admin/events/endpoints", tokAdmin, ""))
			if strings.Contains(resp.Body, a.Data.SigningSecret) || !strings.Contains(resp.Body, a.Data.ID) || !list.Success {
				t.Errorf("list: %s, want the endpoint without its secret", resp.Body)
			}
		})
	}
}

func TestEventEndpointsLimit(t *testing.T) {
	w := newWorld()
	for i := range platformevent.MaxEndpoints {
		if status, a := w.endpointCall(t, "POST", routeEndpoints, "", `{"url":"https://platform.example.com/`+string(rune('a'+i))+`"}`); status != 200 {
			t.Fatalf("endpoint %d: got %d %s", i+1, status, a.Error)
		}
	}
	if status, _ := w.endpointCall(t, "POST", routeEndpoints, "", `{"url":"https://platform.example.com/z"}`); status != http.StatusUnprocessableEntity {
		t.Fatalf("endpoint %d: got %d, want 422", platformevent.MaxEndpoints+1, status)
	}
}

func TestRotateEventSecret(t *testing.T) {
	w := newWorld()
	_, created := w.endpointCall(t, "POST", routeEndpoints, "", `{"url":"https://platform.example.com/hooks"}`)
	id := created.Data.ID
	first, _ := w.events.GetEndpoint(t.Context(), "org1", id)
	status, rotated := w.endpointCall(t, "POST", routeRotate, id, "")
	if status != 200 || rotated.Data.SigningSecret == "" || rotated.Data.SigningSecret == created.Data.SigningSecret {
		t.Fatalf("rotate: got %d with secret %q, want a new one", status, rotated.Data.SigningSecret)
	}
	second, _ := w.events.GetEndpoint(t.Context(), "org1", id)
	if revs := second.SecretRevs(t0.Add(time.Hour)); len(revs) != 2 || revs[1] != first.SecretRev {
		t.Fatalf("revisions an hour on: got %v, want the new and the first", revs)
	}
	if w.secrets[platformevent.SecretName("org1", id, first.SecretRev)] != created.Data.SigningSecret {
		t.Fatal("the first secret is gone during the overlap; want it kept signing")
	}
	if got := rotated.Data.PrevSecretUntil; !got.Equal(t0.Add(platformevent.RotationOverlap)) {
		t.Errorf("previous_secret_expires_at: got %v, want %v", got, t0.Add(platformevent.RotationOverlap))
	}
	status, _ = w.endpointCall(t, "POST", routeRotate, id, `{"revoke_previous":true}`)
	third, _ := w.events.GetEndpoint(t.Context(), "org1", id)
	if status != 200 || len(third.SecretRevs(t0)) != 1 {
		t.Fatalf("revoke_previous: got %d and revisions %v, want only the new one signing", status, third.SecretRevs(t0))
	}
	if _, kept := w.secrets[platformevent.SecretName("org1", id, first.SecretRev)]; kept {
		t.Error("the secret rotated out two rotations ago is still stored")
	}
}

func TestEventEndpointsOfAnotherOrganisationAreNotFound(t *testing.T) {
	w := newWorld()
	theirs := platformevent.Endpoint{ID: "01THEIRS", OrgID: "org2", URL: "https://them.example.com", SecretRev: "r1"}
	_ = w.events.PutEndpoint(t.Context(), theirs)
	w.secrets[platformevent.SecretName("org2", theirs.ID, "r1")] = "whsec_theirs"
	for _, c := range []struct{ method, route string }{{"GET", routeEndpoint}, {"DELETE", routeEndpoint}, {"POST", routeRotate}, {"GET", routeDeliveries}} {
		t.Run(c.method+" "+c.route, func(t *testing.T) {
			if status, a := w.endpointCall(t, c.method, c.route, theirs.ID, ""); status != http.StatusNotFound {
				t.Fatalf("got %d %s, want 404", status, a.Error)
			}
		})
	}
	if w.secrets[platformevent.SecretName("org2", theirs.ID, "r1")] != "whsec_theirs" {
		t.Fatal("org2's secret changed")
	}
	if _, err := w.events.GetEndpoint(t.Context(), "org2", theirs.ID); err != nil {
		t.Fatalf("org2's endpoint: %v", err)
	}
}

func TestDeleteEventEndpoint(t *testing.T) {
	w := newWorld()
	_, created := w.endpointCall(t, "POST", routeEndpoints, "", `{"url":"https://platform.example.com/hooks"}`)
	ep, _ := w.events.GetEndpoint(t.Context(), "org1", created.Data.ID)
	if status, _ := w.endpointCall(t, "DELETE", routeEndpoint, ep.ID, ""); status != 200 {
		t.Fatalf("delete: got %d", status)
	}
	if _, kept := w.secrets[platformevent.SecretName("org1", ep.ID, ep.SecretRev)]; kept {
		t.Error("the signing secret outlived its endpoint")
	}
	if status, _ := w.endpointCall(t, "GET", routeEndpoint, ep.ID, ""); status != http.StatusNotFound {
		t.Errorf("get after delete: got %d, want 404", status)
	}
}

func TestEventDeliveries(t *testing.T) {
	w := newWorld()
	_, created := w.endpointCall(t, "POST", routeEndpoints, "", `{"url":"https://platform.example.com/hooks"}`)
	id := created.Data.ID
	for i, code := range []int{503, 200} {
		w.events.attempts["org1/"+id] = append(w.events.attempts["org1/"+id], platformevent.Attempt{EndpointID: id, EventID: "evt_1",
			EventType: platformevent.KindMessageReceived, Attempt: i + 1, StatusCode: code, Outcome: platformevent.Classify(code)})
	}
	r := req("GET", routeDeliveries, "/api/admin/events/endpoints/"+id+"/deliveries", tokAdmin, "")
	r.PathParameters = map[string]string{"endpoint_id": id}
	r.QueryStringParameters = map[string]string{"limit": "1"}
	resp := w.do(r)
	var got struct {
		Count int                     `json:"count"`
		Data  []platformevent.Attempt `json:"data"`
	}
	if err := json.Unmarshal([]byte(resp.Body), &got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("deliveries: %d %s", resp.StatusCode, resp.Body)
	}
	if got.Count != 1 || got.Data[0].Attempt != 2 || got.Data[0].StatusCode != 200 || got.Data[0].Outcome != platformevent.Delivered {
		t.Fatalf("deliveries: got %+v, want the newest attempt (2, 200, delivered)", got)
	}
}

func TestEventRoutesNeedTheSettingsPermission(t *testing.T) {
	w := newWorld()
	resp := w.do(req("GET", routeEndpoints, "/api/admin/events/endpoints", tokSender, ""))
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a sender's list: got %d, want 403", resp.StatusCode)
	}
}

func FuzzParseEndpointBody(f *testing.F) {
	f.Add(`{"url":"https://platform.example.com/hooks","kinds":["message.status"],"description":"ops"}`)
	f.Add(`{"url":null,"kinds":null}`)
	f.Add(`{"url":"x","kinds":["message.status","message.status"],"csrf_token":"t"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var r apigw.Request
		r.Body = body
		u, kinds, _, err := ParseEndpointBody(r)
		if err != nil {
			if messaging.ErrorCode(err) != messaging.CodeInvalid {
				t.Fatalf("ParseEndpointBody(%q): error %v, want one coded invalid", body, err)
			}
			return
		}
		if u == "" || len(kinds) > len(platformevent.Kinds) {
			t.Fatalf("ParseEndpointBody(%q) = %q, %v", body, u, kinds)
		}
		for _, k := range kinds {
			if !k.Known() {
				t.Fatalf("ParseEndpointBody(%q) kept the unknown kind %q", body, k)
			}
		}
	})
}

func FuzzParseRotateBody(f *testing.F) {
	f.Add(``)
	f.Add(`{"revoke_previous":true}`)
	f.Add(`{"revoke_previous":null,"csrf_token":"x"}`)
	f.Add(`{"revoke_previous":"yes"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var r apigw.Request
		r.Body = body
		revoke, err := parseRotateBody(r)
		if err != nil && (revoke || messaging.ErrorCode(err) != messaging.CodeInvalid) {
			t.Fatalf("parseRotateBody(%q) = %v, %v; want false with an invalid error", body, revoke, err)
		}
		if err == nil && revoke && !strings.Contains(body, "true") {
			t.Fatalf("parseRotateBody(%q) revokes without a true in the body", body)
		}
	})
}
