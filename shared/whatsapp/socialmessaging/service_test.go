package socialmessaging

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proplink/chat/shared/whatsapp"
)

// serveService is a fake service endpoint that records the last request and answers status, body.
func serveService(t *testing.T, status int, header, body string) (*Service, *http.Request, *[]byte) {
	t.Helper()
	seen, seenBody := new(http.Request), new([]byte)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*seen = *r.Clone(context.Background())
		*seenBody, _ = io.ReadAll(r.Body)
		if header != "" {
			w.Header().Set("X-Amzn-ErrorType", header)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return &Service{
		HTTP:        srv.Client(),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Endpoint:    func(string) string { return srv.URL },
	}, seen, seenBody
}

func TestServiceSend(t *testing.T) {
	s, seen, body := serveService(t, 200, "", `{"messageId":"wamid.1"}`)
	got, err := s.SendWhatsAppMessage(context.Background(), "eu-west-1", SendInput{OriginationPhoneNumberID: phoneARN, Message: []byte(`{"type":"text"}`), MetaAPIVersion: "v20.0"})
	if err != nil || got != "wamid.1" {
		t.Fatalf("send: got %q, %v; want wamid.1", got, err)
	}
	if seen.Method != "POST" || seen.URL.Path != "/v1/whatsapp/send" {
		t.Errorf("request: got %s %s, want POST /v1/whatsapp/send", seen.Method, seen.URL.Path)
	}
	if auth := seen.Header.Get("Authorization"); !strings.Contains(auth, "/eu-west-1/social-messaging/aws4_request") {
		t.Errorf("authorization: got %q, want a SigV4 scope for social-messaging in eu-west-1", auth)
	}
	var in map[string]string
	if err := json.Unmarshal(*body, &in); err != nil {
		t.Fatal(err)
	}
	msg, _ := base64.StdEncoding.DecodeString(in["message"])
	if string(msg) != `{"type":"text"}` || in["originationPhoneNumberId"] != phoneARN || in["metaApiVersion"] != "v20.0" {
		t.Errorf("body: got %v (message %s)", in, msg)
	}
}

func TestServiceList(t *testing.T) {
	s, seen, _ := serveService(t, 200, "", `{"templates":[{"templateName":"a","metaTemplateId":"1"}],"nextToken":"n"}`)
	page, err := s.ListWhatsAppMessageTemplates(context.Background(), "eu-west-1", wabaARN, "p2")
	if err != nil || len(page.Templates) != 1 || page.NextToken != "n" {
		t.Fatalf("list: got %+v, %v", page, err)
	}
	q := seen.URL.Query()
	if seen.Method != "GET" || seen.URL.Path != "/v1/whatsapp/template/list" || q.Get("id") != wabaARN || q.Get("nextToken") != "p2" {
		t.Errorf("request: got %s %s?%s", seen.Method, seen.URL.Path, seen.URL.RawQuery)
	}
}

func TestServiceGetTemplate(t *testing.T) {
	def := `{"name":"a","components":[{"type":"BODY","text":"Hi {{1}}"}],"id":"1"}`
	answer, _ := json.Marshal(map[string]string{"template": def})
	s, seen, _ := serveService(t, 200, "", string(answer))
	got, err := s.GetWhatsAppMessageTemplate(context.Background(), "eu-west-1", wabaARN, "1")
	if err != nil || string(got) != def {
		t.Fatalf("get: got %s, %v; want %s", got, err, def)
	}
	q := seen.URL.Query()
	if seen.Method != "GET" || seen.URL.Path != "/v1/whatsapp/template" || q.Get("id") != wabaARN || q.Get("metaTemplateId") != "1" {
		t.Errorf("request: got %s %s?%s", seen.Method, seen.URL.Path, seen.URL.RawQuery)
	}
	t.Run("answer without a template", func(t *testing.T) {
		s, _, _ := serveService(t, 200, "", `{}`)
		if _, err := s.GetWhatsAppMessageTemplate(context.Background(), "eu-west-1", wabaARN, "1"); err == nil {
			t.Error("got no error")
		}
	})
}

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name, header, body string
		status             int
		wantTitle          string
		wantClass          whatsapp.Class
	}{
		{"throttled", "ThrottledRequestException:http://internal", `{"message":"slow down"}`, 429, "ThrottledRequestException", whatsapp.Pace},
		{"invalid", "", `{"__type":"com.amazon#InvalidParametersException","message":"bad"}`, 400, "InvalidParametersException", whatsapp.Permanent},
		{"access denied", "AccessDeniedException", `{"message":"no"}`, 403, "AccessDeniedException", whatsapp.Auth},
		{"meta failed", "DependencyException", `{}`, 502, "DependencyException", whatsapp.Retry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := serveService(t, tt.status, tt.header, tt.body)
			_, err := s.SendWhatsAppMessage(context.Background(), "eu-west-1", SendInput{Message: []byte("{}")})
			e, ok := err.(*whatsapp.Error)
			if !ok {
				t.Fatalf("got %T %v, want *whatsapp.Error", err, err)
			}
			if e.Title != tt.wantTitle || e.Class() != tt.wantClass {
				t.Errorf("got %q %v, want %q %v", e.Title, e.Class(), tt.wantTitle, tt.wantClass)
			}
		})
	}
}

func TestServiceMedia(t *testing.T) {
	t.Run("post", func(t *testing.T) {
		s, seen, body := serveService(t, 200, "", `{"mediaId":"m1"}`)
		got, err := s.PostWhatsAppMessageMedia(context.Background(), "eu-west-1", phoneARN, S3File{BucketName: "b", Key: "orgs/o/k.jpg"})
		if err != nil || got != "m1" {
			t.Fatalf("post: got %q, %v; want m1", got, err)
		}
		if seen.Method != "POST" || seen.URL.Path != "/v1/whatsapp/media" {
			t.Errorf("request: got %s %s, want POST /v1/whatsapp/media", seen.Method, seen.URL.Path)
		}
		if want := `{"originationPhoneNumberId":"` + phoneARN + `","sourceS3File":{"bucketName":"b","key":"orgs/o/k.jpg"}}`; string(*body) != want {
			t.Errorf("body: got %s, want %s", *body, want)
		}
	})
	t.Run("post without a media id", func(t *testing.T) {
		s, _, _ := serveService(t, 200, "", `{}`)
		if _, err := s.PostWhatsAppMessageMedia(context.Background(), "eu-west-1", phoneARN, S3File{}); err == nil {
			t.Error("got no error")
		}
	})
	t.Run("get", func(t *testing.T) {
		s, seen, body := serveService(t, 200, "", `{"mimeType":"image/jpeg","fileSize":12}`)
		got, err := s.GetWhatsAppMessageMedia(context.Background(), "eu-west-1", GetMediaInput{MediaID: "123", OriginationPhoneNumberID: phoneARN, Destination: S3File{BucketName: "b", Key: InboundPrefix}})
		if err != nil || got.MimeType != "image/jpeg" || got.FileSize != 12 {
			t.Fatalf("get: got %+v, %v", got, err)
		}
		if seen.Method != "POST" || seen.URL.Path != "/v1/whatsapp/media/get" {
			t.Errorf("request: got %s %s, want POST /v1/whatsapp/media/get", seen.Method, seen.URL.Path)
		}
		if want := `{"mediaId":"123","originationPhoneNumberId":"` + phoneARN + `","destinationS3File":{"bucketName":"b","key":"` + InboundPrefix + `"}}`; string(*body) != want {
			t.Errorf("body: got %s, want %s", *body, want)
		}
	})
}
