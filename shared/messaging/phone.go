package messaging

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
