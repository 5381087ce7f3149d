// Package libphonenumber registers libphonenumber (nyaruka/phonenumbers) as phone.Parse's
// check. Import it for its side effect, only in the function that validates numbers.
//
// The library is built from third_party/phonenumbers/, the release go.mod requires with
// phonenumbers.patch applied (phonenumbers.sh rebuilds it): the release loads all its metadata in package init,
// about 6 ms and 2.5 MB at every cold start; the patch loads it on the first number checked.
package libphonenumber

import (
	"github.com/nyaruka/phonenumbers"

	"github.com/proplink/chat/shared/phone"
)

func init() { phone.Register(Possible) }

// Possible reports whether libphonenumber parses e164 to a known country and finds it possible
// for that country.
func Possible(e164 string) bool {
	n, err := phonenumbers.Parse(e164, "")
	return err == nil && phonenumbers.IsPossibleNumberWithReason(n) == phonenumbers.IS_POSSIBLE &&
		phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())) != phonenumbers.UNKNOWN_REGION
}
