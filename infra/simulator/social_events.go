package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// ErrNoTopic is returned by an End User Messaging Social account's events while it names no
// topic or the simulator has no AWS (SetAWS).
var ErrNoTopic = errors.New("simulator: no SNS topic or AWS for End User Messaging Social events")

// SocialEvent is the service's event as it publishes it to the topic: the context naming the
// linked WABA and number by Meta id and ARN, and Meta's webhook entry as a JSON string.
type SocialEvent struct {
	Context struct {
		MetaWabaIDs        []socialWABA  `json:"MetaWabaIds"`
		MetaPhoneNumberIDs []socialPhone `json:"MetaPhoneNumberIds"`
	} `json:"context"`
	WhatsAppWebhookEntry string `json:"whatsAppWebhookEntry"`
	AWSAccountID         string `json:"aws_account_id"`
	MessageTimestamp     string `json:"message_timestamp"`
	MessageID            string `json:"messageId"`
}

type socialWABA struct {
	WABAID string `json:"wabaId"`
	ARN    string `json:"arn"`
}

type socialPhone struct {
	MetaPhoneNumberID string `json:"metaPhoneNumberId"`
	ARN               string `json:"arn"`
}

// socialEvent turns a Meta webhook body of the account (one entry) into the service's event.
func (s *Simulator) socialEvent(acct Account, body []byte) ([]byte, error) {
	var wh struct {
		Entry []json.RawMessage `json:"entry"`
	}
	if err := json.Unmarshal(body, &wh); err != nil || len(wh.Entry) != 1 {
		return nil, fmt.Errorf("simulator: a social event carries one webhook entry (%v)", err)
	}
	var ev SocialEvent
	ev.Context.MetaWabaIDs = []socialWABA{{WABAID: acct.WABAID, ARN: acct.Social.WABAARN}}
	ev.Context.MetaPhoneNumberIDs = []socialPhone{{MetaPhoneNumberID: acct.PhoneNumberID, ARN: acct.Social.PhoneNumberARN}}
	ev.WhatsAppWebhookEntry = string(wh.Entry[0])
	if parts := strings.SplitN(acct.Social.PhoneNumberARN, ":", 6); len(parts) == 6 {
		ev.AWSAccountID = parts[4]
	}
	ev.MessageTimestamp = s.now().UTC().Format("2006-01-02T15:04:05.000000000Z")
	ev.MessageID = uuidLike()
	return json.Marshal(ev)
}

// publishSocial publishes an account's webhook body as the service's event to its topic,
// opts.Times times (SNS redelivers the same message), and records each publication (200 when
// SNS took it).
func (s *Simulator) publishSocial(ctx context.Context, acct Account, d WebhookDelivery, opts WebhookOptions) ([]int, error) {
	snsc, _, ok := s.awsClients()
	if !ok || acct.Social.TopicARN == "" {
		return nil, ErrNoTopic
	}
	event, err := s.socialEvent(acct, d.Body)
	if err != nil {
		return nil, err
	}
	d.Body = event
	times := max(opts.Times, 1)
	codes := make([]int, 0, times)
	var firstErr error
	for range times {
		d.HTTPStatus, d.Error, d.At = 200, "", s.now()
		if _, err := snsc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(acct.Social.TopicARN), Message: aws.String(string(event))}); err != nil {
			d.HTTPStatus, d.Error = 0, err.Error()
			if firstErr == nil {
				firstErr = fmt.Errorf("simulator: publish to %s: %w", acct.Social.TopicARN, err)
			}
		}
		codes = append(codes, d.HTTPStatus)
		s.hooks.mu.Lock()
		s.hooks.deliveries = append(s.hooks.deliveries, d)
		s.hooks.mu.Unlock()
	}
	return codes, firstErr
}

// uuidLike returns a random id shaped like a UUID, as the service's messageId.
func uuidLike() string {
	const hexdigits = "0123456789abcdef"
	b := []byte(randomText(32))
	for i := range b {
		b[i] = hexdigits[int(b[i])%16]
	}
	return string(b[0:8]) + "-" + string(b[8:12]) + "-" + string(b[12:16]) + "-" + string(b[16:20]) + "-" + string(b[20:32])
}
