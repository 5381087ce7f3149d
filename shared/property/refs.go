package property

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"
)

// The reference kinds of the platform: PREFIX-YYYY-NNNN.
const (
	RefTicket    = "TKT"
	RefWorkOrder = "WO"
	RefInvoice   = "INV"
)

var refPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(TKT|WO|INV)-(\d{4})-(\d{4,6})$`) })

// ValidRef reports whether ref is a well-formed reference of the kind ("TKT-2026-0042").
func ValidRef(kind, ref string) bool {
	m := refPattern().FindStringSubmatch(ref)
	return m != nil && m[1] == kind
}

// FormatRef builds the reference of the kind for a year and a sequence number.
func FormatRef(kind string, year, seq int) string {
	return fmt.Sprintf("%s-%04d-%04d", kind, year, seq)
}

// RefYear returns the year of a well-formed reference, 0 otherwise.
func RefYear(ref string) int {
	m := refPattern().FindStringSubmatch(ref)
	if m == nil {
		return 0
	}
	y, _ := strconv.Atoi(m[2])
	return y
}
