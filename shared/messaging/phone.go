package messaging

import "strings"

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

// NumberVariants returns the E.164 numbers a WhatsApp sender may be stored under, the number
// itself first. n is an E.164 number or a WhatsApp id (the same digits without the "+").
// WhatsApp writes some countries' mobiles differently from their dialled form: Brazil without
// the ninth digit of older numbers (55 AA 8 digits vs 55 AA 9 8 digits), Mexico with a "1"
// after the country code (521 vs 52), Argentina with a "9" (549 vs 54); each side is tried.
// Every variant has the E.164 shape; it is a key to look up, not a validated number (that
// needs libphonenumber's metadata, shared/phone): a form no one is stored under just misses.
func NumberVariants(n string) []string {
	digits := strings.TrimPrefix(strings.TrimSpace(n), "+")
	cands := []string{digits}
	switch {
	case strings.HasPrefix(digits, "55") && len(digits) == 12 && digits[4] >= '6':
		cands = append(cands, digits[:4]+"9"+digits[4:])
	case strings.HasPrefix(digits, "55") && len(digits) == 13 && digits[4] == '9':
		cands = append(cands, digits[:4]+digits[5:])
	case strings.HasPrefix(digits, "521") && len(digits) == 13:
		cands = append(cands, "52"+digits[3:])
	case strings.HasPrefix(digits, "52") && len(digits) == 12:
		cands = append(cands, "521"+digits[2:])
	case strings.HasPrefix(digits, "549") && len(digits) == 13:
		cands = append(cands, "54"+digits[3:])
	case strings.HasPrefix(digits, "54") && len(digits) == 12:
		cands = append(cands, "549"+digits[2:])
	}
	var out []string
	for _, c := range cands {
		if IsE164("+" + c) {
			out = append(out, "+"+c)
		}
	}
	return out
}

// IsE164 reports whether s has the shape of an E.164 number as the contract writes it: a plus,
// then 8 to 15 digits, the first not 0, no spaces or dashes.
func IsE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
