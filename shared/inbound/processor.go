package inbound

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// DefaultLease bounds how long one attempt holds an event before another may take it over.
const DefaultLease = 2 * time.Minute

// errBusy says another attempt holds the event; the queue redelivers it later.
var errBusy = errors.New("inbound: event held by another attempt")

// Processor applies provider events once each.
type Processor struct {
	Store    Store
	Provider TextSender
	Secrets  Secrets
	Metrics  Metrics
	// Media takes the media jobs of people's photos and files; when nil, media stays a
	// reference in the conversation and is never fetched.
	Media MediaQueue
	// Assistant takes the turns the assistant answers; when nil, messages are only recorded.
	Assistant TurnQueue
	// Events emits message.received, message.status and conversation.opted_out/opted_in to
	// the organisation's platform; when nil, none are emitted.
	Events EventPublisher
	// AssistantSettings, when set, reads the settings that say whether the assistant answers
	// (a per-instance cache such as property.CachedSettings); Store.GetSettings when nil.
	AssistantSettings func(ctx context.Context, orgID string) (messaging.Settings, error)
	// Queues puts a conversation whose first message carries a click-to-chat code in that
	// link's queue; when nil, codes are left in the text.
	Queues Queues
	// Lease bounds one attempt (DefaultLease when zero).
	Lease time.Duration
	Now   func() time.Time
}

// Process applies one event effectively once: it claims the event's provider ids (pending),
// does the work, and marks the claim done only when the work succeeded. A failed attempt
// releases the claim and returns the error, so the queue retries it; a replay of a done event
// does nothing. A status takes no claim: what it writes takes each status once by itself (the
// case note moves forward only, the send record settles once, an orphan is kept by wamid and
// status), so a replay changes nothing, and a status costs two writes fewer. A person's message
// whose time is the provider's takes no event claim either: the message's own item is its
// claim (message.go), which saves two writes; a message timed at receipt (Twilio's) is keyed
// by a time a provider's retry does not repeat, so it takes the event claim as well.
func (p *Processor) Process(ctx context.Context, in whatsapp.Inbound) error {
	if in.OrgID == "" || in.Event.Kind() == "" {
		return fmt.Errorf("inbound: event without an organisation or with %d payloads", in.Event.PayloadCount())
	}
	if k := in.Event.Kind(); k == whatsapp.KindStatus || (k == whatsapp.KindMessage && timedByProvider(in.Event)) {
		return p.apply(ctx, in)
	}
	key := in.Event.DedupeKey()
	if ok, err := p.claim(ctx, in.OrgID, key); !ok {
		return err
	}
	if err := p.apply(ctx, in); err != nil {
		if rerr := p.Store.ReleaseEvent(ctx, in.OrgID, key); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	if err := p.Store.CompleteEvent(ctx, in.OrgID, key, p.Now()); err != nil {
		return fmt.Errorf("inbound: complete %s: %w", key, err)
	}
	return nil
}

// timedByProvider reports whether a message's time is the provider's own, the same on every
// retry of its webhook: Meta and 360dialog stamp each message, while Twilio's webhooks carry no
// time and their messages are timed when the webhook received them.
func timedByProvider(ev whatsapp.Event) bool {
	return ev.Message != nil && !ev.Message.Timestamp.IsZero() && ev.Provider != messaging.ProviderTwilio
}

// apply does one event's work; every step is safe to repeat.
func (p *Processor) apply(ctx context.Context, in whatsapp.Inbound) error {
	ev := in.Event
	switch ev.Kind() {
	case whatsapp.KindStatus:
		return p.status(ctx, in.OrgID, ev.PhoneNumberID, *ev.Status)
	case whatsapp.KindMessage:
		return p.message(ctx, in.OrgID, ev.PhoneNumberID, *ev.Message)
	case whatsapp.KindTemplateUpdate:
		return p.templateUpdate(ctx, in.OrgID, *ev.TemplateUpdate)
	case whatsapp.KindPreference:
		return p.preference(ctx, in.OrgID, *ev.Preference)
	case whatsapp.KindError:
		p.Metrics.Count(MetricWebhookErrors, 1, map[string]string{"ErrorCode": strconv.Itoa(ev.Error.Code)})
		if ev.Error.Code == 190 {
			p.Metrics.Count(MetricProviderAuth, 1, nil)
		}
	case whatsapp.KindOther:
		if ev.Other.Field == "account_alerts" || ev.Field == "account_alerts" {
			p.Metrics.Count(MetricAccountAlerts, 1, nil)
		}
	}
	return nil
}

// preference applies a person's marketing stop or resume.
func (p *Processor) preference(ctx context.Context, orgID string, pu whatsapp.PreferenceUpdate) error {
	if pu.WAID == "" || (pu.Value != whatsapp.PreferenceStop && pu.Value != whatsapp.PreferenceResume) {
		return nil
	}
	return p.Store.SetMarketingStop(ctx, orgID, "+"+pu.WAID, pu.Value == whatsapp.PreferenceStop, "preference: "+pu.Category, at(pu.Timestamp, p.Now()))
}

// templateUpdate refreshes a template's status from the provider's review outcome.
func (p *Processor) templateUpdate(ctx context.Context, orgID string, tu whatsapp.TemplateStatusUpdate) error {
	if tu.Name == "" || tu.Language == "" || tu.Event == "" {
		return nil
	}
	known, err := p.Store.SetTemplateStatus(ctx, orgID, tu.Name, tu.Language, tu.Event)
	if err != nil {
		return err
	}
	p.Metrics.Count(MetricTemplateUpdates, 1, map[string]string{"Known": strconv.FormatBool(known)})
	return nil
}

// at is t, or now when the provider gave no time.
func at(t, now time.Time) time.Time {
	if t.IsZero() {
		return now.UTC()
	}
	return t.UTC()
}
