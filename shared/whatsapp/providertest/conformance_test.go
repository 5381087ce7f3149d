package providertest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
	"github.com/proplink/chat/shared/whatsapp/providertest"
	"github.com/proplink/chat/shared/whatsapp/twilio"
)

const person = "+447700900123"

// reminderValues fill the seed's appointment_reminder.
var reminderValues = map[string]string{"tenant_first_name": "Sam", "appointment_date": "2026-11-25", "time_window": "08:00-12:00"}

// receiver records every webhook POSTed to it: its body and URL query.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
	urls   []*url.URL
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.bodies, rc.urls = append(rc.bodies, b), append(rc.urls, r.URL)
	rc.mu.Unlock()
}

func (rc *receiver) got() ([][]byte, []*url.URL) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.bodies), slices.Clone(rc.urls)
}

func startReceiver(t *testing.T) (*receiver, string) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return rc, srv.URL
}

func startSim(t *testing.T, o simulator.Options) (*simulator.Simulator, string) {
	o.StatusDelay = time.Millisecond
	sim := simulator.New(o)
	base, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim, base
}

// lastSent reads the simulator's record of its last accepted send.
func lastSent(sim *simulator.Simulator) func() (providertest.Sent, bool) {
	return func() (providertest.Sent, bool) {
		all := sim.Sent()
		if len(all) == 0 {
			return providertest.Sent{}, false
		}
		m := all[len(all)-1]
		s := providertest.Sent{ID: m.WAMID, To: "+" + m.To, Template: m.Template, CallbackData: m.CallbackData}
		if m.Request.Text != nil {
			s.Text = m.Request.Text.Body
		}
		for _, md := range []*simulator.MediaMessage{m.Request.Image, m.Request.Document} {
			if md != nil {
				s.MediaID, s.MediaLink = md.ID, md.Link
			}
		}
		return s, true
	}
}

// firstButton is the first reply button of the simulator's sent message id, as WhatsApp shows it.
func firstButton(t *testing.T, sim *simulator.Simulator, id string) simulator.SentButton {
	t.Helper()
	for _, m := range sim.Sent() {
		if b := m.Buttons(); m.WAMID == id && len(b) > 0 {
			return b[0]
		}
	}
	t.Fatalf("no reply buttons sent as %s", id)
	return simulator.SentButton{}
}

func seedTemplate(t *testing.T, sim *simulator.Simulator, name string) messaging.Template {
	for _, tpl := range sim.Templates() {
		if tpl.Name == name {
			return tpl
		}
	}
	t.Fatalf("no seed template %s", name)
	return messaging.Template{}
}

// metaFaults are the Graph error codes of each fault.
var metaFaults = map[providertest.Fault]simulator.Fault{
	providertest.RateLimit: {Code: 130429}, providertest.OutsideWindow: {Code: 131047},
	providertest.AuthFailure: {Code: 190}, providertest.ServerError: {HTTPStatus: 500},
}

func scriptStatuses(sim *simulator.Simulator) func(string, int) {
	return func(to string, code int) {
		sc := simulator.StatusScript{To: to}
		if code != 0 {
			sc.Code, sc.Statuses = code, []string{simulator.StatusSent, simulator.StatusFailed}
		}
		sim.ScriptStatuses(sc)
	}
}

func TestConformanceMetaAnd360dialog(t *testing.T) {
	for _, provider := range []string{messaging.ProviderMeta, messaging.ProviderDialog360} {
		t.Run(provider, func(t *testing.T) {
			rc, recv := startReceiver(t)
			acct := simulator.DefaultAccount
			if provider == messaging.ProviderDialog360 {
				acct.Dialog360 = &simulator.Dialog360Webhooks{WebhookURL: recv}
			}
			sim, base := startSim(t, simulator.Options{Accounts: []simulator.Account{acct}, WebhookURL: recv, AppSecret: "sim-secret"})
			parse := func(t *testing.T, body []byte) []whatsapp.Event {
				p, err := meta.ParseWebhook(body)
				if err != nil || len(p.Problems) > 0 {
					t.Fatalf("parse webhook: %v %+v", err, p.Problems)
				}
				p.SetProvider(provider)
				return p.Events
			}
			providertest.Run(t, providertest.Harness{
				Adapter: meta.New(http.DefaultClient, ""),
				Account: whatsapp.Account{Provider: provider, BaseURL: base, Token: acct.Token, PhoneNumberID: acct.PhoneNumberID, WABAID: acct.WABAID},
				To:      person, Template: seedTemplate(t, sim, "appointment_reminder"), Values: reminderValues, SentTemplate: "appointment_reminder",
				Templates: sim.Templates(), ListsVariables: true, ListsComponents: true,
				LastSent:     lastSent(sim),
				Fault:        func(f providertest.Fault, to string) { ft := metaFaults[f]; ft.To = to; sim.Script(ft) },
				InboundMedia: func(data []byte, mime string) string { return sim.AddMedia(data, mime) },
				InjectText: func(t *testing.T, from, text string) []whatsapp.Event {
					_, body, _, err := sim.InboundWebhook(simulator.Inbound{From: from, ProfileName: "Sam", Text: text})
					if err != nil {
						t.Fatal(err)
					}
					return parse(t, body)
				},
				TapButton: func(t *testing.T, id string) []whatsapp.Event {
					b := firstButton(t, sim, id)
					_, body, _, err := sim.InboundWebhook(simulator.Inbound{From: person, ProfileName: "Sam", ReplyTo: id,
						Interactive: &simulator.InboundInteractive{Type: "button_reply", ID: b.ID, Title: b.Title}})
					if err != nil {
						t.Fatal(err)
					}
					return parse(t, body)
				},
				ScriptStatuses: scriptStatuses(sim),
				StatusEvents: func(t *testing.T, id string) []whatsapp.Event {
					sim.WaitWebhooks()
					bodies, _ := rc.got()
					var out []whatsapp.Event
					for _, b := range bodies {
						for _, ev := range parse(t, b) {
							if ev.Status != nil && ev.Status.MessageID == id {
								out = append(out, ev)
							}
						}
					}
					return out
				},
			})
		})
	}
}

// twilioFaults are Twilio's error codes of each fault.
var twilioFaults = map[providertest.Fault]simulator.Fault{
	providertest.RateLimit: {Code: 63018, HTTPStatus: 429}, providertest.OutsideWindow: {Code: 63016},
	providertest.AuthFailure: {Code: 20003, HTTPStatus: 401}, providertest.ServerError: {HTTPStatus: 500},
}

func TestConformanceTwilio(t *testing.T) {
	const sid, token, number = "ACconform01", "conform-auth", "447700900777"
	rc, recv := startReceiver(t)
	sim, base := startSim(t, simulator.Options{Accounts: []simulator.Account{{PhoneNumberID: number,
		Twilio: &simulator.TwilioAccount{AccountSID: sid, AuthToken: token, InboundURL: recv + "/webhooks/twilio"}}}})
	client := twilio.New(http.DefaultClient, twilio.StatusCallbackURL(recv))
	acct := whatsapp.Account{Provider: messaging.ProviderTwilio, BaseURL: base, Token: sid + ":" + token, PhoneNumberID: number}
	tpls, err := client.ListTemplates(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(tpls, func(t messaging.Template) bool { return t.DisplayName == "appointment_reminder" })
	if i < 0 {
		t.Fatalf("appointment_reminder not in the Content API: %+v", tpls)
	}
	events := func(t *testing.T, match func(url.Values) bool) []whatsapp.Event {
		sim.WaitWebhooks()
		bodies, urls := rc.got()
		var out []whatsapp.Event
		for k, b := range bodies {
			form, err := twilio.ParseForm(b)
			if err != nil {
				t.Fatal(err)
			}
			if !match(form) {
				continue
			}
			ev, err := twilio.ParseWebhook(form, urls[k].Query().Get(twilio.CallbackParam), time.Now())
			if err != nil {
				t.Fatalf("parse webhook: %v", err)
			}
			out = append(out, ev)
		}
		return out
	}
	providertest.Run(t, providertest.Harness{
		Adapter: client, Account: acct, To: person,
		Template: tpls[i], Values: map[string]string{"1": "Sam", "2": "2026-11-25", "3": "08:00-12:00"}, SentTemplate: "appointment_reminder",
		SeedName:  func(t messaging.Template) string { return t.DisplayName },
		Templates: sim.Templates(), ListsVariables: true,
		LastSent:     lastSent(sim),
		Fault:        func(f providertest.Fault, to string) { ft := twilioFaults[f]; ft.To = to; sim.Script(ft) },
		InboundMedia: func(data []byte, mime string) string { return base + sim.TwilioMediaPath(sid, data, mime) },
		MediaLink:    func([]byte, string) string { return recv + "/attachments/boiler.jpg" },
		InjectText: func(t *testing.T, from, text string) []whatsapp.Event {
			msid, _, err := sim.InjectTwilio(context.Background(), simulator.TwilioInbound{PhoneNumberID: number, From: from, ProfileName: "Sam", Text: text})
			if err != nil {
				t.Fatal(err)
			}
			return events(t, func(f url.Values) bool { return f.Get("MessageSid") == msid })
		},
		TapButton: func(t *testing.T, id string) []whatsapp.Event {
			b := firstButton(t, sim, id)
			msid, _, err := sim.InjectTwilio(context.Background(), simulator.TwilioInbound{PhoneNumberID: number, From: person, ProfileName: "Sam",
				ButtonPayload: b.ID, ButtonText: b.Title, RepliedTo: id})
			if err != nil {
				t.Fatal(err)
			}
			return events(t, func(f url.Values) bool { return f.Get("MessageSid") == msid })
		},
		ScriptStatuses: scriptStatuses(sim),
		StatusEvents: func(t *testing.T, id string) []whatsapp.Event {
			return events(t, func(f url.Values) bool { return f.Get("MessageSid") == id })
		},
	})
}
