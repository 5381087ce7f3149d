package ddb

import (
	"github.com/aws/smithy-go"

	"github.com/proplink/chat/shared/awsjson"
)

// ConditionalCheckFailedException is a write whose condition did not hold; Item is the item
// as it was, when the call asked for it (ReturnValuesOnConditionCheckFailure ALL_OLD).
type ConditionalCheckFailedException struct {
	Message           *string
	ErrorCodeOverride *string
	Item              map[string]AttributeValue
}

var _ smithy.APIError = (*ConditionalCheckFailedException)(nil)

// Error returns the code and message, as the SDK's does.
func (e *ConditionalCheckFailedException) Error() string {
	return e.ErrorCode() + ": " + e.ErrorMessage()
}

// ErrorMessage returns DynamoDB's message.
func (e *ConditionalCheckFailedException) ErrorMessage() string { return deref(e.Message) }

// ErrorCode returns "ConditionalCheckFailedException".
func (e *ConditionalCheckFailedException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "ConditionalCheckFailedException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault says the caller is at fault.
func (e *ConditionalCheckFailedException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// TransactionCanceledException is a transaction DynamoDB cancelled; CancellationReasons holds
// one reason per item, in the request's order ("None" for items not at fault).
type TransactionCanceledException struct {
	Message             *string
	ErrorCodeOverride   *string
	CancellationReasons []CancellationReason
}

var _ smithy.APIError = (*TransactionCanceledException)(nil)

// Error returns the code and message, as the SDK's does.
func (e *TransactionCanceledException) Error() string {
	return e.ErrorCode() + ": " + e.ErrorMessage()
}

// ErrorMessage returns DynamoDB's message.
func (e *TransactionCanceledException) ErrorMessage() string { return deref(e.Message) }

// ErrorCode returns "TransactionCanceledException".
func (e *TransactionCanceledException) ErrorCode() string {
	if e == nil || e.ErrorCodeOverride == nil {
		return "TransactionCanceledException"
	}
	return *e.ErrorCodeOverride
}

// ErrorFault says the caller is at fault.
func (e *TransactionCanceledException) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// CancellationReason is why one item of a cancelled transaction failed: Code (e.g.
// "ConditionalCheckFailed", "None"), Message, and the item when asked for.
type CancellationReason struct {
	Code    *string
	Item    map[string]AttributeValue
	Message *string
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// exception turns the error answers that carry members into their types; others stay
// *awsjson.APIError (with ErrorCode e.g. "ResourceNotFoundException"). A body that does not
// parse keeps the APIError too.
func exception(e *awsjson.APIError, body []byte) error {
	switch e.Type {
	case "ConditionalCheckFailedException", "TransactionCanceledException":
	default:
		return nil
	}
	msg := &e.Message
	if e.Message == "" {
		msg = nil
	}
	var item map[string]AttributeValue
	var reasons []CancellationReason
	r := reader{b: body}
	err := r.object(func(name string) error {
		var err error
		switch name {
		case "Item":
			item, err = r.item(1)
		case "CancellationReasons":
			reasons = []CancellationReason{}
			err = r.array(func() error {
				c, err := r.reason()
				reasons = append(reasons, c)
				return err
			})
		default:
			err = r.skip(0)
		}
		return err
	})
	if err != nil {
		item, reasons = nil, nil
	}
	if e.Type == "ConditionalCheckFailedException" {
		return &ConditionalCheckFailedException{Message: msg, Item: item}
	}
	return &TransactionCanceledException{Message: msg, CancellationReasons: reasons}
}

// reason reads one CancellationReason.
func (r *reader) reason() (CancellationReason, error) {
	var c CancellationReason
	err := r.object(func(name string) error {
		var err error
		switch name {
		case "Code":
			c.Code, err = r.optStr()
		case "Message":
			c.Message, err = r.optStr()
		case "Item":
			c.Item, err = r.item(1)
		default:
			err = r.skip(0)
		}
		return err
	})
	return c, err
}

// optStr reads a string or null.
func (r *reader) optStr() (*string, error) {
	if r.null() {
		return nil, nil
	}
	s, err := r.str()
	return &s, err
}
