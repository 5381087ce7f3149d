package attachments

import (
	"github.com/proplink/chat/shared/messaging"
)

// NoteKind is the kind of the case note an attachment writes on its job.
const NoteKind = "attachment"

// kindWords names each kind of media in a case note.
var kindWords = map[string]string{
	KindImage: "Photo", KindVideo: "Video", KindAudio: "Audio", KindDocument: "Document", KindSticker: "Sticker",
}

// NoteText is the case-note text of an attachment: "Photo received: kitchen.jpg" (with the
// caption after a dash) or "Photo refused: <reason>".
func NoteText(a Attachment) string {
	w := kindWords[a.Kind]
	if w == "" {
		w = "File"
	}
	if a.Status != StatusStored {
		return w + " refused: " + a.Reason
	}
	t := w + " received: " + a.FileName
	if a.Caption != "" {
		t += " - " + a.Caption
	}
	return t
}

// note is the case note of an inbound attachment on its job, keyed by the attachment id so a
// redelivered job rewrites the same note.
func (s *Service) note(j MediaJob, a Attachment) messaging.CaseNote {
	author := j.ProfileName
	if author == "" {
		author = messaging.MaskPhone(j.From)
	}
	count := 0
	if a.Status == StatusStored {
		count = 1
	}
	return messaging.CaseNote{
		ID: a.ID, OrgID: a.OrgID, JobID: j.JobID, Kind: NoteKind, Direction: "inbound",
		Text: NoteText(a), AuthorName: author, ProviderMessage: j.MessageID, AttachmentCount: count,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
}
