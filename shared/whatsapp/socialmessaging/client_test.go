package socialmessaging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const (
	phoneARN = "arn:aws:social-messaging:eu-west-1:123456789012:phone-number-id/976c72a700aac43eaf573ae050example"
	wabaARN  = "arn:aws:social-messaging:eu-west-1:123456789012:waba/fb2594b8a7974770b128a409e2example"
)

var acct = whatsapp.Account{Provider: messaging.ProviderAWSSocial, PhoneNumberID: phoneARN, WABAID: wabaARN}

// fakeAPI records what the adapter asked of the service and answers from its fields.
type fakeAPI struct {
	sent    []SendInput
	regions []string
	id      string
	err     error
	pages   map[string]TemplatePage // by next token
	tokens  []string
	defs    map[string]string // Meta's template JSON by Meta template id
	gotDefs []string          // WABA|Meta template id of each template read
	posted  []S3File
	gets    []GetMediaInput
	meta    MediaMetadata
}

func (f *fakeAPI) PostWhatsAppMessageMedia(_ context.Context, region, phone string, src S3File) (string, error) {
	f.regions = append(f.regions, region)
	f.posted = append(f.posted, src)
	return f.id, f.err
}

func (f *fakeAPI) GetWhatsAppMessageMedia(_ context.Context, region string, in GetMediaInput) (MediaMetadata, error) {
	f.regions = append(f.regions, region)
	f.gets = append(f.gets, in)
	return f.meta, f.err
}

func (f *fakeAPI) SendWhatsAppMessage(_ context.Context, region string, in SendInput) (string, error) {
	f.sent = append(f.sent, in)
	f.regions = append(f.regions, region)
	return f.id, f.err
}

func (f *fakeAPI) ListWhatsAppMessageTemplates(_ context.Context, region, wabaID, token string) (TemplatePage, error) {
	f.regions = append(f.regions, region)
	f.tokens = append(f.tokens, wabaID+"|"+token)
	return f.pages[token], f.err
}

func (f *fakeAPI) GetWhatsAppMessageTemplate(_ context.Context, region, wabaID, id string) ([]byte, error) {
	f.regions = append(f.regions, region)
	f.gotDefs = append(f.gotDefs, wabaID+"|"+id)
	def, ok := f.defs[id]
	if !ok {
		return nil, &whatsapp.Error{HTTPStatus: 404, Title: "ResourceNotFoundException", Message: "no template " + id}
	}
	return []byte(def), f.err
}

// golden compares Meta's message JSON, indented, with testdata/golden/name.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, body, "", "  "); err != nil {
		t.Fatalf("message is not JSON: %v", err)
	}
	buf.WriteByte('\n')
	path := filepath.Join("testdata", "golden", name)
	if *updateGolden {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("message %s:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestSends(t *testing.T) {
	tests := []struct {
		name string
		send func(c *Client) (string, error)
	}{
		{"template.json", func(c *Client) (string, error) {
			return c.SendTemplate(context.Background(), acct, whatsapp.TemplateSend{
				To: "+447700900123", Name: "viewing_reminder", Language: "en_GB", CallbackData: "msg-1",
				Rendered: messaging.Rendered{Components: []messaging.RenderedComponent{
					{Type: "body", Parameters: []messaging.Parameter{{Type: "text", Text: "Flat 2"}}},
				}},
			})
		}},
		{"text.json", func(c *Client) (string, error) {
			return c.SendText(context.Background(), acct, "+447700900123", "See you at 10", "msg-2")
		}},
		{"buttons.json", func(c *Client) (string, error) {
			return c.SendButtons(context.Background(), acct, whatsapp.ButtonsSend{
				To: "+447700900123", Body: "Still coming?", CallbackData: "msg-3",
				Buttons: []whatsapp.Button{{ID: "yes", Title: "Yes"}, {ID: "no", Title: "No"}},
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &fakeAPI{id: "wamid.HBgM"}
			got, err := tt.send(New(api, ""))
			if err != nil || got != "wamid.HBgM" {
				t.Fatalf("send: got %q, %v; want wamid.HBgM", got, err)
			}
			if len(api.sent) != 1 {
				t.Fatalf("calls: got %d, want 1", len(api.sent))
			}
			in := api.sent[0]
			if in.OriginationPhoneNumberID != phoneARN || in.MetaAPIVersion != DefaultMetaAPIVersion || api.regions[0] != "eu-west-1" {
				t.Errorf("call: got %q %q in %q; want the phone ARN, %s, eu-west-1", in.OriginationPhoneNumberID, in.MetaAPIVersion, api.regions[0], DefaultMetaAPIVersion)
			}
			golden(t, tt.name, in.Message)
		})
	}
}

func TestSendFailures(t *testing.T) {
	throttled := &whatsapp.Error{HTTPStatus: 429, Title: "ThrottledRequestException"}
	tests := []struct {
		name      string
		acct      whatsapp.Account
		api       *fakeAPI
		wantCalls int
		wantClass whatsapp.Class
	}{
		{"not an ARN", whatsapp.Account{PhoneNumberID: "phone-number-id-1"}, &fakeAPI{id: "x"}, 0, whatsapp.Retry},
		{"throttled", acct, &fakeAPI{err: throttled}, 1, whatsapp.Pace},
		{"no message id", acct, &fakeAPI{}, 1, whatsapp.Retry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.api, "").SendText(context.Background(), tt.acct, "+447700900123", "hi", "")
			if err == nil {
				t.Fatal("send: got no error")
			}
			if got := len(tt.api.sent); got != tt.wantCalls {
				t.Errorf("calls: got %d, want %d", got, tt.wantCalls)
			}
			if got := whatsapp.Classify(err); got != tt.wantClass {
				t.Errorf("class: got %v, want %v (%v)", got, tt.wantClass, err)
			}
		})
	}
	t.Run("invalid buttons refused before any call", func(t *testing.T) {
		api := &fakeAPI{id: "x"}
		_, err := New(api, "").SendButtons(context.Background(), acct, whatsapp.ButtonsSend{To: "+447700900123"})
		if !errors.Is(err, whatsapp.ErrInvalidMessage) || len(api.sent) != 0 {
			t.Errorf("got %v after %d calls; want ErrInvalidMessage and no call", err, len(api.sent))
		}
	})
}

func TestListTemplates(t *testing.T) {
	api := &fakeAPI{pages: map[string]TemplatePage{
		"":   {Templates: []TemplateSummary{{TemplateName: "viewing_reminder", MetaTemplateID: "111", TemplateStatus: "APPROVED", TemplateLanguage: "en_GB", TemplateCategory: "UTILITY"}}, NextToken: "p2"},
		"p2": {Templates: []TemplateSummary{{TemplateName: "offer_update", MetaTemplateID: "222", TemplateStatus: "pending", TemplateLanguage: "en_GB", TemplateCategory: "marketing"}}},
	}, defs: map[string]string{
		"111": `{"name":"viewing_reminder","language":"en_GB","status":"APPROVED","category":"UTILITY","id":"111","parameter_format":"NAMED",` +
			`"components":[{"type":"BODY","text":"Hi {{first_name}}, your viewing is on {{date}}."}]}`,
		"222": `{"name":"offer_update","language":"en_GB","status":"PENDING","category":"MARKETING","id":"222",` +
			`"components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Offer {{1}}"}]}`,
	}}
	got, err := New(api, "").ListTemplates(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	want := []messaging.Template{
		{Name: "viewing_reminder", DisplayName: "Viewing Reminder", Language: "en_GB", Category: "UTILITY", Status: "APPROVED",
			ParameterFormat: "NAMED", ProviderID: "111", Variables: []string{"first_name", "date"},
			Components: []messaging.Component{{Type: "BODY", Text: "Hi {{first_name}}, your viewing is on {{date}}."}}},
		{Name: "offer_update", DisplayName: "Offer Update", Language: "en_GB", Category: "MARKETING", Status: "PENDING",
			ParameterFormat: "POSITIONAL", ProviderID: "222", Variables: []string{"header_image", "1"},
			Components: []messaging.Component{{Type: "HEADER", Format: "IMAGE"}, {Type: "BODY", Text: "Offer {{1}}"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	if want := []string{wabaARN + "|", wabaARN + "|p2"}; !slices.Equal(api.tokens, want) {
		t.Errorf("pages asked: got %v, want %v", api.tokens, want)
	}
	if want := []string{wabaARN + "|111", wabaARN + "|222"}; !slices.Equal(api.gotDefs, want) {
		t.Errorf("templates read: got %v, want %v", api.gotDefs, want)
	}
	t.Run("looping token stops", func(t *testing.T) {
		loop := &fakeAPI{pages: map[string]TemplatePage{"": {NextToken: "a"}, "a": {NextToken: "a"}}}
		if _, err := New(loop, "").ListTemplates(context.Background(), acct); err == nil {
			t.Error("a token that never ends: got no error")
		}
	})
	t.Run("a template that cannot be read fails the listing", func(t *testing.T) {
		missing := &fakeAPI{pages: api.pages, defs: map[string]string{"111": api.defs["111"]}}
		_, err := New(missing, "").ListTemplates(context.Background(), acct)
		var werr *whatsapp.Error
		if !errors.As(err, &werr) || werr.HTTPStatus != 404 {
			t.Errorf("got %v, want the service's 404", err)
		}
	})
	t.Run("an unreadable definition fails the listing", func(t *testing.T) {
		bad := &fakeAPI{pages: map[string]TemplatePage{"": api.pages["p2"]}, defs: map[string]string{"222": `{"id":"222"}`}}
		if _, err := New(bad, "").ListTemplates(context.Background(), acct); err == nil {
			t.Error("a definition without a name: got no error")
		}
	})
}

func TestRegionOf(t *testing.T) {
	tests := []struct {
		name, arn, kind, want string
		wantErr               bool
	}{
		{"phone", phoneARN, "phone-number-id", "eu-west-1", false},
		{"waba", wabaARN, "waba", "eu-west-1", false},
		{"waba given for phone", wabaARN, "phone-number-id", "", true},
		{"bare id", "phone-number-id-976c", "phone-number-id", "", true},
		{"other service", "arn:aws:sns:eu-west-1:1:phone-number-id/x", "phone-number-id", "", true},
		{"empty resource", "arn:aws:social-messaging:eu-west-1:1:phone-number-id/", "phone-number-id", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RegionOf(tt.arn, tt.kind)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
