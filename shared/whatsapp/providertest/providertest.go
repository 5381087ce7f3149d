// Package providertest is the conformance suite of the provider port: every adapter, run
// against the provider simulator (or a stand-in of its service), must send each kind of message,
// classify each kind of failure, list the same templates, carry media and parse webhooks into
// the same events. A provider's gap is a Harness skip reason, never a silent pass.
package providertest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// Fault is a kind of provider failure the harness scripts on its provider.
type Fault int

// The faults every provider must classify.
const (
	RateLimit     Fault = iota // the sender's throughput limit: Pace
	OutsideWindow              // free-form outside the customer-service window: Permanent
	AuthFailure                // a bad or expired credential: Auth
	ServerError                // a 5xx: Retry
)

// want is the class each fault must come back as.
var want = map[Fault]whatsapp.Class{
	RateLimit: whatsapp.Pace, OutsideWindow: whatsapp.Permanent, AuthFailure: whatsapp.Auth, ServerError: whatsapp.Retry,
}

func (f Fault) String() string {
	return [...]string{"rate limit", "outside window", "auth", "server error"}[f]
}

// Sent is what the provider recorded of the last accepted send.
type Sent struct {
	ID, To, Template, Text, CallbackData string
	MediaLink, MediaID                   string // how a media send named its media
}

// Media is what an adapter that carries media does (the providers.Mux's media port).
type Media interface {
	MediaInfo(ctx context.Context, acct whatsapp.Account, id string) (whatsapp.MediaInfo, error)
	Download(ctx context.Context, acct whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error)
	SendMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaSend) (string, error)
}

// uploader is what an adapter that sends media by uploaded id also does.
type uploader interface {
	UploadMedia(ctx context.Context, acct whatsapp.Account, m whatsapp.MediaUpload) (string, error)
}

// Harness is one adapter wired to a provider that the test controls.
type Harness struct {
	Adapter whatsapp.Provider
	Account whatsapp.Account
	To      string // the recipient, E.164
	// Template is a template of the provider with variables, sent with Values.
	Template messaging.Template
	Values   map[string]string
	// SentTemplate is the name the provider records for a send of Template.
	SentTemplate string
	// SeedName returns the product's name of a listed template (its Name when nil).
	SeedName func(messaging.Template) string
	// Templates are the templates the provider holds, as the product's seed names them; a
	// listing must hold each with the same display name, language, status and category.
	Templates []messaging.Template
	// ListsVariables says the listing carries each template's variables (their count must match).
	ListsVariables bool
	// ListsComponents says the listing carries each template's components as Meta holds them.
	ListsComponents bool
	// LastSent returns the provider's record of the last accepted send.
	LastSent func() (Sent, bool)
	// Fault scripts the next send to To to fail with f.
	Fault func(f Fault, to string)
	// InboundMedia registers bytes as a person's media and returns the id MediaInfo takes.
	InboundMedia func(data []byte, mime string) string
	// MediaLink serves bytes at a URL for providers that send media by link.
	MediaLink func(data []byte, mime string) string
	// StoredMedia puts bytes in our bucket as an attachment's object and returns its key, for
	// providers that upload outbound media from there (whatsapp.UploadsFromBucket).
	StoredMedia func(data []byte, mime string) string
	// InjectText delivers a person's text as the provider's webhook and returns the parsed events.
	InjectText func(t *testing.T, from, text string) []whatsapp.Event
	// TapButton delivers a person's tap on the first reply button of the sent message id, as the
	// provider's webhook answering that message, and returns the parsed events.
	TapButton func(t *testing.T, id string) []whatsapp.Event
	// ScriptStatuses makes the next send to `to` report sent, delivered, read, or sent then
	// failed with failCode when it is not zero.
	ScriptStatuses func(to string, failCode int)
	// StatusEvents waits for the status webhooks of message id and returns them parsed.
	StatusEvents func(t *testing.T, id string) []whatsapp.Event
	// Skips name each case the provider cannot play and why ("media", "webhooks",
	// "fault:outside window", ...).
	Skips map[string]string
}

// skip skips the case when the harness names a reason for it.
func (h Harness) skip(t *testing.T, name string) {
	t.Helper()
	if why, ok := h.Skips[name]; ok {
		t.Skip(why)
	}
}

// Run runs the conformance suite against h.
func Run(t *testing.T, h Harness) {
	ctx := context.Background()
	t.Run("send template", func(t *testing.T) { h.skip(t, "send template"); sendTemplate(ctx, t, h) })
	t.Run("send text", func(t *testing.T) {
		h.skip(t, "send text")
		id, err := h.Adapter.SendText(ctx, h.Account, h.To, "Hello from the suite", "cb-text")
		checkSent(t, h, id, err, Sent{Text: "Hello from the suite", CallbackData: "cb-text"})
	})
	t.Run("send buttons", func(t *testing.T) { h.skip(t, "send buttons"); sendButtons(ctx, t, h) })
	for _, f := range []Fault{RateLimit, OutsideWindow, AuthFailure, ServerError} {
		t.Run("fault "+f.String(), func(t *testing.T) {
			h.skip(t, "fault:"+f.String())
			h.Fault(f, h.To)
			_, err := h.Adapter.SendText(ctx, h.Account, h.To, "faulted", "")
			var pe *whatsapp.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error: got %v, want a *whatsapp.Error", err)
			}
			if got := whatsapp.Classify(err); got != want[f] {
				t.Errorf("class: got %v (%v), want %v", got, err, want[f])
			}
		})
	}
	t.Run("list templates", func(t *testing.T) { h.skip(t, "list templates"); listTemplates(ctx, t, h) })
	t.Run("media inbound", func(t *testing.T) { h.skip(t, "media inbound"); mediaInbound(ctx, t, h) })
	t.Run("media outbound", func(t *testing.T) { h.skip(t, "media outbound"); mediaOutbound(ctx, t, h) })
	t.Run("webhook text", func(t *testing.T) { h.skip(t, "webhook text"); webhookText(t, h) })
	t.Run("webhook button reply", func(t *testing.T) { h.skip(t, "webhook button reply"); webhookButtonReply(ctx, t, h) })
	t.Run("webhook statuses", func(t *testing.T) { h.skip(t, "webhook statuses"); webhookStatuses(ctx, t, h, 0) })
	t.Run("webhook failed status", func(t *testing.T) { h.skip(t, "webhook failed status"); webhookStatuses(ctx, t, h, failCode(h)) })
}

// failCode is the provider's outside-the-window code, reported on a failed status.
func failCode(h Harness) int {
	if h.Account.Provider == messaging.ProviderTwilio {
		return 63016
	}
	return 131047
}

// checkSent checks a send was accepted with a message id the provider recorded as sent.
func checkSent(t *testing.T, h Harness, id string, err error, w Sent) {
	t.Helper()
	if err != nil || id == "" {
		t.Fatalf("send: got %q, %v, want a message id", id, err)
	}
	got, ok := h.LastSent()
	if !ok {
		t.Fatal("the provider recorded no send")
	}
	w.ID, w.To = id, h.To
	if got.ID != w.ID || got.To != w.To || got.CallbackData != w.CallbackData ||
		(w.Template != "" && got.Template != w.Template) || (w.Text != "" && got.Text != w.Text) ||
		(w.MediaLink != "" && got.MediaLink != w.MediaLink) || (w.MediaID != "" && got.MediaID != w.MediaID) {
		t.Errorf("recorded send: got %+v, want %+v", got, w)
	}
}

func sendTemplate(ctx context.Context, t *testing.T, h Harness) {
	rendered, err := h.Template.Render(h.Values)
	if err != nil {
		t.Fatalf("render %s: %v", h.Template.Name, err)
	}
	id, err := h.Adapter.SendTemplate(ctx, h.Account, whatsapp.TemplateSend{To: h.To, Name: h.Template.Name,
		Language: h.Template.Language, Rendered: rendered, CallbackData: "cb-template"})
	checkSent(t, h, id, err, Sent{Template: h.SentTemplate, CallbackData: "cb-template"})
}

func sendButtons(ctx context.Context, t *testing.T, h Harness) {
	msg := whatsapp.ButtonsSend{To: h.To, Body: "Confirm the visit?", CallbackData: "cb-buttons",
		Buttons: []whatsapp.Button{{ID: "yes", Title: "Yes"}, {ID: "no", Title: "No"}}}
	id, err := h.Adapter.SendButtons(ctx, h.Account, msg)
	checkSent(t, h, id, err, Sent{CallbackData: "cb-buttons"})
	bad := msg
	bad.Buttons = nil
	if _, err := h.Adapter.SendButtons(ctx, h.Account, bad); !errors.Is(err, whatsapp.ErrInvalidMessage) {
		t.Errorf("buttons without a button: got %v, want ErrInvalidMessage", err)
	}
}

// templateKey names a template across providers.
func (h Harness) templateKey(t messaging.Template) string {
	name := t.Name
	if h.SeedName != nil {
		name = h.SeedName(t)
	}
	return name + "/" + t.Language
}

func listTemplates(ctx context.Context, t *testing.T, h Harness) {
	tpls, err := h.Adapter.ListTemplates(ctx, h.Account)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	got := map[string]messaging.Template{}
	for _, tpl := range tpls {
		if tpl.Name == "" || tpl.Language == "" || tpl.ProviderID == "" {
			t.Errorf("template without a name, language or provider id: %+v", tpl)
		}
		got[h.templateKey(tpl)] = tpl
	}
	for _, w := range h.Templates {
		g, ok := got[w.Name+"/"+w.Language]
		if !ok {
			t.Errorf("template %s not listed", w.Name+"/"+w.Language)
			continue
		}
		if g.Status != w.Status || g.Category != w.Category {
			t.Errorf("%s: got status %q category %q, want %q %q", w.Name+"/"+w.Language, g.Status, g.Category, w.Status, w.Category)
		}
		if h.ListsVariables && len(g.Variables) != len(w.Variables) {
			t.Errorf("%s: got variables %v, want %d like %v", w.Name+"/"+w.Language, g.Variables, len(w.Variables), w.Variables)
		}
		if diff := cmp.Diff(w.Components, g.Components, cmpopts.EquateEmpty()); h.ListsComponents && diff != "" {
			t.Errorf("%s: components (-want +got):\n%s", w.Name+"/"+w.Language, diff)
		}
	}
}

// photo is the inbound and outbound media of the suite.
var photo = append([]byte("\xff\xd8\xff\xe0conformance"), bytes.Repeat([]byte{7}, 2048)...)

func mediaInbound(ctx context.Context, t *testing.T, h Harness) {
	md, ok := h.Adapter.(Media)
	if !ok {
		t.Fatalf("the %s adapter carries no media and the harness names no reason", h.Account.Provider)
	}
	id := h.InboundMedia(photo, "image/jpeg")
	info, err := md.MediaInfo(ctx, h.Account, id)
	if err != nil {
		t.Fatalf("media info: %v", err)
	}
	rc, _, err := md.Download(ctx, h.Account, info)
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(data, photo) {
		t.Errorf("downloaded %d bytes (%v), want the %d bytes sent", len(data), err, len(photo))
	}
}

func mediaOutbound(ctx context.Context, t *testing.T, h Harness) {
	md, ok := h.Adapter.(Media)
	if !ok {
		t.Fatalf("the %s adapter carries no media and the harness names no reason", h.Account.Provider)
	}
	m := whatsapp.MediaSend{To: h.To, Kind: "image", Caption: "the boiler", CallbackData: "cb-media"}
	w := Sent{CallbackData: "cb-media"}
	if whatsapp.SendsMediaByLink(h.Account.Provider) {
		m.Link = h.MediaLink(photo, "image/jpeg")
		w.MediaLink = m.Link
	} else {
		up, ok := h.Adapter.(uploader)
		if !ok {
			t.Fatalf("the %s adapter neither uploads media nor sends it by link", h.Account.Provider)
		}
		upload := whatsapp.MediaUpload{FileName: "boiler.jpg", MimeType: "image/jpeg", Body: bytes.NewReader(photo)}
		if whatsapp.UploadsFromBucket(h.Account.Provider) {
			upload.Key = h.StoredMedia(photo, "image/jpeg")
		}
		id, err := up.UploadMedia(ctx, h.Account, upload)
		if err != nil || id == "" {
			t.Fatalf("upload: got %q, %v", id, err)
		}
		m.MediaID, w.MediaID = id, id
	}
	id, err := md.SendMedia(ctx, h.Account, m)
	checkSent(t, h, id, err, w)
}

func webhookText(t *testing.T, h Harness) {
	evs := h.InjectText(t, h.To, "Is the plumber coming?")
	if len(evs) != 1 || evs[0].Kind() != whatsapp.KindMessage {
		t.Fatalf("events: got %+v, want one message", evs)
	}
	ev := evs[0]
	m := ev.Message
	if ev.Provider != h.Account.Provider || ev.PhoneNumberID == "" || m.ID == "" || m.Type != whatsapp.TypeText ||
		m.Text != "Is the plumber coming?" || "+"+m.From != h.To && m.From != h.To {
		t.Errorf("event: got %+v %+v", ev, m)
	}
}

// webhookButtonReply checks a tap on a sent reply button parses as Meta's interactive
// button_reply: the button's id and title as the caller gave them, answering the sent message.
func webhookButtonReply(ctx context.Context, t *testing.T, h Harness) {
	msg := whatsapp.ButtonsSend{To: h.To, Body: "Confirm the visit on Tuesday?",
		Buttons: []whatsapp.Button{{ID: "confirm|visit-7", Title: "Yes, confirm"}, {ID: "cancel|visit-7", Title: "No"}}}
	id, err := h.Adapter.SendButtons(ctx, h.Account, msg)
	if err != nil {
		t.Fatalf("send buttons: %v", err)
	}
	evs := h.TapButton(t, id)
	if len(evs) != 1 || evs[0].Kind() != whatsapp.KindMessage {
		t.Fatalf("events: got %+v, want one message", evs)
	}
	m := evs[0].Message
	want := whatsapp.Reply{Kind: whatsapp.ReplyButton, ID: "confirm|visit-7", Title: "Yes, confirm"}
	if m.Type != whatsapp.TypeInteractive || m.Interactive == nil || *m.Interactive != want || m.Text != want.Title {
		t.Errorf("tap: got type %q text %q reply %+v, want %q %q %+v", m.Type, m.Text, m.Interactive, whatsapp.TypeInteractive, want.Title, want)
	}
	if m.Context == nil || m.Context.MessageID != id {
		t.Errorf("tap answers %+v, want %s", m.Context, id)
	}
}

func webhookStatuses(ctx context.Context, t *testing.T, h Harness, code int) {
	h.ScriptStatuses(h.To, code)
	id, err := h.Adapter.SendText(ctx, h.Account, h.To, "status please", "cb-status")
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	var got []messaging.Status
	var last *whatsapp.StatusUpdate
	for _, ev := range h.StatusEvents(t, id) {
		if ev.Kind() != whatsapp.KindStatus || ev.Provider != h.Account.Provider || ev.Status.MessageID != id {
			t.Errorf("event: got %+v, want a %s status of %s", ev, h.Account.Provider, id)
			continue
		}
		if ev.Status.CallbackData != "cb-status" {
			t.Errorf("%s: callback data %q, want cb-status", ev.Status.Status, ev.Status.CallbackData)
		}
		got = append(got, ev.Status.Status)
		last = ev.Status
	}
	wantStatuses := []messaging.Status{messaging.StatusSent, messaging.StatusDelivered, messaging.StatusRead}
	if code != 0 {
		wantStatuses = []messaging.Status{messaging.StatusSent, messaging.StatusFailed}
	}
	if !equal(got, wantStatuses) {
		t.Fatalf("statuses: got %v, want %v", got, wantStatuses)
	}
	if code != 0 && (len(last.Errors) != 1 || last.Errors[0].Code != code) {
		t.Errorf("failed status errors: got %+v, want code %d", last.Errors, code)
	}
}

func equal(a, b []messaging.Status) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
