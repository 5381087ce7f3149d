// Package phone validates the phone numbers requests carry. The shape (E.164) is checked here;
// whether the number is possible for its country needs libphonenumber, whose metadata is loaded
// when the program starts (about 10 ms of cold start, and protobuf's reflection keeps every
// method of the binary's SDK clients, doubling its size). So the library is linked in only by
// the function that validates numbers, with a blank import of shared/phone/libphonenumber
// (as database/sql drivers are); any other importer of this package stays free of it.
package phone

import (
	"github.com/proplink/chat/shared/messaging"
)

// Checker reports whether an E.164-shaped number is possible for its country.
type Checker func(e164 string) bool

// checker is the registered Checker; it is set once, while the program initialises.
var checker Checker

// Register makes c the check Parse applies after the shape. shared/phone/libphonenumber calls
// it from its init.
func Register(c Checker) { checker = c }

// Parse checks that s is an E.164 number that the registered Checker finds possible (with
// libphonenumber: the seed's +447700900123 is in Ofcom's drama range, possible though never
// assigned, so "possible" rather than "valid" is the rule). It returns the number unchanged.
// Without a registered Checker it answers an internal error: the program did not link the
// check (a route that validates numbers is served by a function that does not import
// shared/phone/libphonenumber).
func Parse(s string) (string, error) {
	if !messaging.IsE164(s) {
		return "", messaging.Errorf(messaging.CodeInvalid, messaging.MsgInvalidPhone)
	}
	if checker == nil {
		return "", messaging.Errorf(messaging.CodeInternal, "phone: no number check is linked into this function (import shared/phone/libphonenumber)")
	}
	if !checker(s) {
		return "", messaging.Errorf(messaging.CodeInvalid, messaging.MsgInvalidPhone)
	}
	return s, nil
}
