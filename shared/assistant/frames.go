package assistant

import "strings"

// ReplyLanguages are the languages (ISO 639-1) whose reply frames the assistant has, besides
// English: Spanish, French, German and Polish.
var ReplyLanguages = []string{"es", "fr", "de", "pl"}

// frames are the assistant's fixed replies and button titles in each of ReplyLanguages. Only
// wording is translated: a reply carrying facts (amounts, dates, references) stays in English,
// so its facts come from code exactly as written.
var frames = map[string]map[string]string{
	"es": {
		"Sorry, I didn't understand that. Shall I pass your message to the team?": "Lo siento, no lo he entendido. ¿Paso su mensaje al equipo?",
		NotYours:                              "No encontrado o no es suyo.",
		NotAllowed:                            "Su función en PropLink no lo permite. Pida a un administrador si lo necesita.",
		"OK, cancelled. Nothing was changed.": "De acuerdo, cancelado. No se ha cambiado nada.",
		"I've asked the team to pick this up; someone will reply here.":  "He pedido al equipo que se ocupe; alguien le responderá aquí.",
		"Done: I've passed it to the team, and someone will reply here.": "Hecho: lo he pasado al equipo y alguien le responderá aquí.",
		"Yes": "Sí", "No": "No",
		greetingTail: ", soy el asistente de PropLink. Escriba help para ver lo que puedo hacer.",
		"Hello":      "Hola",
	},
	"fr": {
		"Sorry, I didn't understand that. Shall I pass your message to the team?": "Désolé, je n'ai pas compris. Dois-je transmettre votre message à l'équipe ?",
		NotYours:                              "Introuvable ou ne vous appartient pas.",
		NotAllowed:                            "Votre rôle PropLink ne le permet pas. Demandez à un administrateur si nécessaire.",
		"OK, cancelled. Nothing was changed.": "D'accord, annulé. Rien n'a été modifié.",
		"I've asked the team to pick this up; someone will reply here.":  "J'ai demandé à l'équipe de s'en occuper ; quelqu'un vous répondra ici.",
		"Done: I've passed it to the team, and someone will reply here.": "C'est fait : je l'ai transmis à l'équipe, quelqu'un vous répondra ici.",
		"Yes": "Oui", "No": "Non",
		greetingTail: ", je suis l'assistant PropLink. Écrivez help pour voir ce que je peux faire.",
		"Hello":      "Bonjour",
	},
	"de": {
		"Sorry, I didn't understand that. Shall I pass your message to the team?": "Das habe ich leider nicht verstanden. Soll ich Ihre Nachricht an das Team weitergeben?",
		NotYours:                              "Nicht gefunden oder nicht Ihres.",
		NotAllowed:                            "Ihre PropLink-Rolle erlaubt das nicht. Fragen Sie bei Bedarf einen Administrator.",
		"OK, cancelled. Nothing was changed.": "OK, abgebrochen. Es wurde nichts geändert.",
		"I've asked the team to pick this up; someone will reply here.":  "Ich habe das Team gebeten, sich darum zu kümmern; jemand antwortet hier.",
		"Done: I've passed it to the team, and someone will reply here.": "Erledigt: Ich habe es an das Team weitergegeben, jemand antwortet hier.",
		"Yes": "Ja", "No": "Nein",
		greetingTail: ", ich bin der PropLink-Assistent. Schreiben Sie help, um zu sehen, was ich kann.",
		"Hello":      "Hallo",
	},
	"pl": {
		"Sorry, I didn't understand that. Shall I pass your message to the team?": "Przepraszam, nie zrozumiałem. Czy przekazać wiadomość zespołowi?",
		NotYours:                              "Nie znaleziono lub nie należy do Ciebie.",
		NotAllowed:                            "Twoja rola w PropLink na to nie pozwala. W razie potrzeby zapytaj administratora.",
		"OK, cancelled. Nothing was changed.": "OK, anulowano. Nic nie zostało zmienione.",
		"I've asked the team to pick this up; someone will reply here.":  "Poprosiłem zespół o zajęcie się tym; ktoś odpowie tutaj.",
		"Done: I've passed it to the team, and someone will reply here.": "Gotowe: przekazałem to zespołowi, ktoś odpowie tutaj.",
		"Yes": "Tak", "No": "Nie",
		greetingTail: ", jestem asystentem PropLink. Napisz help, aby zobaczyć, co potrafię.",
		"Hello":      "Cześć",
	},
}

// greetingTail is the greeting's words after "Hello <name>".
const greetingTail = ", I'm the PropLink assistant. Type help to see what I can do."

// translated is r in lang where a frame covers its text and buttons; anything else is left as
// it is.
func translated(lang string, r Reply) Reply {
	f, ok := frames[lang]
	if !ok {
		return r
	}
	if t, ok := f[r.Text]; ok {
		r.Text = t
	} else if head, ok := strings.CutSuffix(r.Text, greetingTail); ok && strings.HasPrefix(head, "Hello") {
		r.Text = f["Hello"] + strings.TrimPrefix(head, "Hello") + f[greetingTail]
	}
	if len(r.Buttons) > 0 {
		r.Buttons = append([]Button(nil), r.Buttons...)
		for i, b := range r.Buttons {
			if t, ok := f[b.Title]; ok {
				r.Buttons[i].Title = t
			}
		}
	}
	return r
}
