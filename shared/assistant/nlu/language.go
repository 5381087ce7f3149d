package nlu

import "unicode/utf8"

// foreignWords are frequent function words of the languages residents most often write in
// besides English (Spanish, French, German, Polish, Italian, Portuguese, Romanian). None is an
// English word.
var foreignWords = map[string]bool{
	"el": true, "los": true, "las": true, "del": true, "mi": true, "es": true, "que": true,
	"por": true, "para": true, "como": true, "cuando": true, "tengo": true, "necesito": true,
	"quiero": true, "puedo": true, "mis": true, "una": true, "hay": true, "esta": true, "está": true,
	"le": true, "les": true, "je": true, "mon": true, "ma": true, "mes": true, "est": true,
	"une": true, "pour": true, "avec": true, "pas": true, "vous": true, "nous": true, "suis": true,
	"voudrais": true, "quand": true, "où": true, "der": true, "die": true, "das": true, "und": true,
	"ist": true, "ich": true, "mein": true, "meine": true, "nicht": true, "wie": true, "bitte": true,
	"wann": true, "ein": true, "eine": true, "jest": true, "nie": true, "mój": true, "moja": true,
	"czy": true, "się": true, "mam": true, "jak": true, "kiedy": true, "gdzie": true, "sono": true,
	"il": true, "che": true, "della": true, "não": true, "meu": true,
	"minha": true, "você": true, "uma": true, "quando": true, "eu": true, "tenho": true, "preciso": true,
	"și": true, "nu": true, "este": true, "vreau": true, "pentru": true, "unde": true,
	"zu": true, "auf": true, "mit": true, "von": true, "habe": true, "wo": false, "ou": true,
	"qué": true, "cuánto": true, "cuanto": true, "factura": true, "pago": true, "pagar": true,
	"fuga": true, "agua": true, "casa": true, "piso": true, "rechnung": true, "zahlen": true,
	"wohnung": true, "facture": true, "payer": true, "appartement": true, "fuite": true,
	"rachunek": true, "mieszkanie": true, "płacić": true, "zapłacić": true, "hej": true,
	"dziękuję": true, "problema": true, "problème": true, "problem": false,
}

// foreignShare returns the share of a message's words that are foreign function words or are
// written with letters outside ASCII (accents, other scripts).
func foreignShare(toks []token) float64 {
	n, foreign := 0, 0
	for _, t := range toks {
		if t.num || len(t.w) < 2 {
			continue
		}
		n++
		if foreignWords[t.w] || !ascii(t.w) {
			foreign++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(foreign) / float64(n)
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
