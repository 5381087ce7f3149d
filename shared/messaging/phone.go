package messaging

import (
	"regexp"

	"github.com/nyaruka/phonenumbers"
)

// e164 is the shape of an E.164 number as the contract writes it: a plus, then 8 to 15 digits,
// no spaces or dashes.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// ParsePhone checks that s is an E.164 number that libphonenumber finds possible for its
// country (the seed's +447700900123 is in Ofcom's drama range: possible, though never
// assigned, so "possible" rather than "valid" is the rule). It returns the number unchanged.
func ParsePhone(s string) (string, error) {
	if !e164.MatchString(s) {
		return "", Errorf(CodeInvalid, MsgInvalidPhone)
	}
	n, err := phonenumbers.Parse(s, "")
	if err != nil || phonenumbers.IsPossibleNumberWithReason(n) != phonenumbers.IS_POSSIBLE ||
		phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())) == phonenumbers.UNKNOWN_REGION {
		return "", Errorf(CodeInvalid, MsgInvalidPhone)
	}
	return s, nil
}

// WAID returns the number as WhatsApp writes it: digits only, no plus.
func WAID(e164 string) string {
	if len(e164) > 0 && e164[0] == '+' {
		return e164[1:]
	}
	return e164
}

// MaskPhone hides all but the country prefix and the last 3 digits, for logs.
func MaskPhone(p string) string {
	if len(p) <= 6 {
		return "***"
	}
	return p[:3] + "******" + p[len(p)-3:]
}
