package simulator

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/proplink/chat/shared/messaging"
)

const socialPhoneARN = "arn:aws:social-messaging:eu-west-2:123456789012:phone-number-id/abc123"

// socialSim is a simulator whose one account is linked to End User Messaging Social.
func socialSim() *Simulator {
	return New(Options{StatusDelay: -1, Accounts: []Account{{PhoneNumberID: "106540352242933", WABAID: "102290129340333",
		Social: &SocialAccount{PhoneNumberARN: socialPhoneARN, WABAARN: "arn:aws:social-messaging:eu-west-2:123456789012:waba/def456"}}}})
}

// sigv4 is a signed request's headers (the simulator checks their presence, not the signature).
var sigv4 = map[string]string{"X-Amz-Date": "20261202T030000Z", "Content-Type": "application/json",
	"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261202/eu-west-2/social-messaging/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"}

// socialSend is SendWhatsAppMessage's body carrying message from the linked number.
func socialSend(message string) string {
	return `{"message":"` + base64.StdEncoding.EncodeToString([]byte(message)) + `","metaApiVersion":"v20.0","originationPhoneNumberId":"` + socialPhoneARN + `"}`
}

func TestSocialSend(t *testing.T) {
	tests := []struct {
		name       string
		header     map[string]string
		body       string
		fault      *Fault
		wantStatus int
		wantType   string
	}{
		{"template", sigv4, socialSend(reminderBody("447700900123")), nil, 200, ""},
		{"unsigned", map[string]string{"Content-Type": "application/json"}, socialSend(reminderBody("447700900123")), nil, 403, "MissingAuthenticationTokenException"},
		{"unknown number", sigv4, `{"message":"e30=","metaApiVersion":"v20.0","originationPhoneNumberId":"phone-number-id-nope"}`, nil, 404, "ResourceNotFoundException"},
		{"no api version", sigv4, `{"message":"e30=","originationPhoneNumberId":"` + socialPhoneARN + `"}`, nil, 400, "ValidationException"},
		{"Meta refuses the message", sigv4, socialSend(`{"messaging_product":"whatsapp","to":"447700900123","type":"template","template":{"name":"nope","language":{"code":"en_GB"}}}`), nil, 400, "ValidationException"},
		{"rate limit", sigv4, socialSend(reminderBody("447700900123")), &Fault{Code: 130429}, 429, "ThrottledRequestException"},
		{"expired credential", sigv4, socialSend(reminderBody("447700900123")), &Fault{Code: 190}, 403, "AccessDeniedException"},
		{"policy block", sigv4, socialSend(reminderBody("447700900123")), &Fault{Code: 368}, 403, "AccessDeniedByMetaException"},
		{"server error", sigv4, socialSend(reminderBody("447700900123")), &Fault{HTTPStatus: 500}, 500, "InternalServiceException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := socialSim()
			if tt.fault != nil {
				s.Script(*tt.fault)
			}
			rec := record(t, s.Handler(), "POST", "/v1/whatsapp/send", tt.header, tt.body)
			if rec.Code != tt.wantStatus || rec.Header().Get("X-Amzn-ErrorType") != tt.wantType {
				t.Fatalf("got %d %q %s, want %d %q", rec.Code, rec.Header().Get("X-Amzn-ErrorType"), rec.Body, tt.wantStatus, tt.wantType)
			}
			sent := s.Sent()
			if tt.wantStatus != 200 {
				if len(sent) != 0 {
					t.Errorf("a refused send was recorded: %+v", sent)
				}
				return
			}
			if len(sent) != 1 || sent[0].Provider != messaging.ProviderAWSSocial || sent[0].Template != "appointment_reminder" || sent[0].PhoneNumberID != "106540352242933" {
				t.Errorf("recorded %+v, want the template from the linked number, provider aws-social", sent)
			}
		})
	}
}

func TestSocialReadReceipts(t *testing.T) {
	tests := []struct {
		name       string
		message    string
		wantStatus int
		recorded   bool
	}{
		{"read receipt", `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.ABC"}`, 200, true},
		{"not a wamid", `{"messaging_product":"whatsapp","status":"read","message_id":"123"}`, 400, false},
		{"another status", `{"messaging_product":"whatsapp","status":"delivered","message_id":"wamid.ABC"}`, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := socialSim()
			rec := record(t, s.Handler(), "POST", "/v1/whatsapp/send", sigv4, socialSend(tt.message))
			if rec.Code != tt.wantStatus {
				t.Fatalf("got %d %s, want %d", rec.Code, rec.Body, tt.wantStatus)
			}
			if tt.recorded && strings.Contains(rec.Body.String(), "messageId") {
				t.Errorf("answer %s carries a message id; a read receipt has none", rec.Body)
			}
			reads := s.ReadReceipts()
			if (len(reads) == 1) != tt.recorded || (tt.recorded && (reads[0].MessageID != "wamid.ABC" || reads[0].PhoneNumberID != "106540352242933")) {
				t.Errorf("receipts %+v, recorded want %v", reads, tt.recorded)
			}
			if got := len(s.Sent()); got != 0 {
				t.Errorf("%d sends recorded, want 0: a read receipt is not a send", got)
			}
		})
	}
}

func TestSocialTemplatesPaginate(t *testing.T) {
	s := socialSim()
	total := len(s.Templates())
	var names []string
	token := ""
	for range total + 1 {
		target := "/v1/whatsapp/template/list?maxResults=2&id=arn:aws:social-messaging:eu-west-2:123456789012:waba/def456"
		if token != "" {
			target += "&nextToken=" + token
		}
		a := call(t, s.Handler(), "GET", target, sigv4, "")
		if a.Status != http.StatusOK {
			t.Fatalf("list: %d %s", a.Status, a.Raw)
		}
		for _, x := range a.Body["templates"].([]any) {
			names = append(names, x.(map[string]any)["templateName"].(string))
		}
		token, _ = a.Body["nextToken"].(string)
		if token == "" {
			break
		}
	}
	if len(names) != total {
		t.Errorf("listed %d templates over pages (%v), want %d", len(names), names, total)
	}
	if a := call(t, s.Handler(), "GET", "/v1/whatsapp/template/list?id=arn:aws:social-messaging:eu-west-2:1:waba/other", sigv4, ""); a.Status != 404 {
		t.Errorf("unknown WABA: got %d, want 404", a.Status)
	}
}

func TestSocialMediaRefusals(t *testing.T) {
	s := socialSim()
	tests := []struct{ name, path, body, wantType string }{
		{"get: bad media id", "/v1/whatsapp/media/get", `{"mediaId":"../x","originationPhoneNumberId":"` + socialPhoneARN + `","destinationS3File":{"bucketName":"b","key":"k/"}}`, "ValidationException"},
		{"get: unknown media", "/v1/whatsapp/media/get", `{"mediaId":"123","originationPhoneNumberId":"` + socialPhoneARN + `","destinationS3File":{"bucketName":"b","key":"k/"}}`, "ResourceNotFoundException"},
		{"post: no source", "/v1/whatsapp/media", `{"originationPhoneNumberId":"` + socialPhoneARN + `"}`, "InvalidParametersException"},
		{"post: both sources", "/v1/whatsapp/media", `{"originationPhoneNumberId":"` + socialPhoneARN + `","sourceS3File":{"bucketName":"b","key":"k"},"sourceS3PresignedUrl":{"url":"u"}}`, "InvalidParametersException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := record(t, s.Handler(), "POST", tt.path, sigv4, tt.body)
			if got := rec.Header().Get("X-Amzn-ErrorType"); got != tt.wantType || rec.Code/100 != 4 {
				t.Errorf("got %d %q, want a 4xx %q", rec.Code, got, tt.wantType)
			}
		})
	}
	t.Run("metadata only needs no AWS", func(t *testing.T) {
		id := s.AddMedia([]byte("\xff\xd8\xffphoto"), "image/jpeg")
		a := call(t, s.Handler(), "POST", "/v1/whatsapp/media/get", sigv4, `{"mediaId":"`+id+`","metadataOnly":true,"originationPhoneNumberId":"`+socialPhoneARN+`"}`)
		if a.Status != 200 || a.Body["mimeType"] != "image/jpeg" || a.Body["fileSize"] != float64(1) {
			t.Errorf("got %d %s, want the type and 1 KB", a.Status, a.Raw)
		}
	})
}

// record sends one request to h and returns the recorder (headers included).
func record(t *testing.T, h http.Handler, method, target string, header map[string]string, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSocialCallsBySigner(t *testing.T) {
	s := socialSim()
	record(t, s.Handler(), "POST", "/v1/whatsapp/send", sigv4, socialSend(reminderBody("447700900123")))
	record(t, s.Handler(), "GET", "/v1/whatsapp/template/list?id=arn:aws:social-messaging:eu-west-2:123456789012:waba/def456", sigv4, "")
	want := map[SocialCall]int{
		{AccessKey: "AKIDEXAMPLE", Action: "social-messaging:SendWhatsAppMessage", Resource: socialPhoneARN}:                                                         1,
		{AccessKey: "AKIDEXAMPLE", Action: "social-messaging:ListWhatsAppMessageTemplates", Resource: "arn:aws:social-messaging:eu-west-2:123456789012:waba/def456"}: 1,
	}
	got := s.SocialCallsBy()
	if len(got) != len(want) {
		t.Fatalf("calls: got %v, want %v", got, want)
	}
	for c, n := range want {
		if got[c] != n {
			t.Errorf("%+v: got %d, want %d", c, got[c], n)
		}
	}
}
