// Package phone validates phone numbers with libphonenumber (nyaruka/phonenumbers). It is its
// own package because the library loads its metadata when the program starts (several
// milliseconds of cold start): only the functions that validate numbers import it.
package phone

import (
	"github.com/nyaruka/phonenumbers"

	"github.com/proplink/chat/shared/messaging"
)

// Parse checks that s is an E.164 number that libphonenumber finds possible for its
// country (the seed's +447700900123 is in Ofcom's drama range: possible, though never
// assigned, so "possible" rather than "valid" is the rule). It returns the number unchanged.
func Parse(s string) (string, error) {
	if !messaging.IsE164(s) {
		return "", messaging.Errorf(messaging.CodeInvalid, messaging.MsgInvalidPhone)
	}
	n, err := phonenumbers.Parse(s, "")
	if err != nil || phonenumbers.IsPossibleNumberWithReason(n) != phonenumbers.IS_POSSIBLE ||
		phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())) == phonenumbers.UNKNOWN_REGION {
		return "", messaging.Errorf(messaging.CodeInvalid, messaging.MsgInvalidPhone)
	}
	return s, nil
}
