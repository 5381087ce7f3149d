package phone

import "strings"

// Variants returns the E.164 numbers a WhatsApp sender may be stored under, valid ones only,
// the number itself first. n is an E.164 number or a WhatsApp id (the same digits without the
// "+"). WhatsApp writes some countries' mobiles differently from their dialled form: Brazil
// without the ninth digit of older numbers (55 AA 8 digits vs 55 AA 9 8 digits), Mexico with a
// "1" after the country code (521 vs 52), Argentina with a "9" (549 vs 54); each side is tried.
func Variants(n string) []string {
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
		if e, err := Parse("+" + c); err == nil {
			out = append(out, e)
		}
	}
	return out
}
