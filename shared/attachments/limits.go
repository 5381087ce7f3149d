package attachments

import (
	"strings"

	"github.com/proplink/chat/shared/whatsapp"
)

// The media kinds, as WhatsApp names the message types that carry media.
const (
	KindImage    = whatsapp.TypeImage
	KindVideo    = whatsapp.TypeVideo
	KindAudio    = whatsapp.TypeAudio
	KindDocument = whatsapp.TypeDocument
	KindSticker  = whatsapp.TypeSticker
)

const (
	kb = 1 << 10
	mb = 1 << 20
)

// MaxSize returns WhatsApp's size limit for a kind of media (image 5 MB; audio and video 16 MB;
// document 100 MB; sticker 100 KB static, 500 KB animated), or 0 for a kind that carries none.
func MaxSize(kind string, animated bool) int64 {
	switch kind {
	case KindImage:
		return 5 * mb
	case KindAudio, KindVideo:
		return 16 * mb
	case KindDocument:
		return 100 * mb
	case KindSticker:
		if animated {
			return 500 * kb
		}
		return 100 * kb
	}
	return 0
}

// IsMediaKind reports whether a message type carries media.
func IsMediaKind(kind string) bool { return MaxSize(kind, false) > 0 }

// outboundTypes are the content types staff may send, by the kind WhatsApp sends them as.
var outboundTypes = map[string]string{
	"image/jpeg": KindImage, "image/png": KindImage,
	"video/mp4": KindVideo, "video/3gpp": KindVideo,
	"audio/aac": KindAudio, "audio/amr": KindAudio, "audio/mpeg": KindAudio, "audio/mp4": KindAudio, "audio/ogg": KindAudio,
	"image/webp":         KindSticker,
	"application/pdf":    KindDocument,
	"text/plain":         KindDocument,
	"application/msword": KindDocument,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": KindDocument,
	"application/vnd.ms-excel": KindDocument,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         KindDocument,
	"application/vnd.ms-powerpoint":                                             KindDocument,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": KindDocument,
}

// OutboundKind returns the kind a content type is sent as, and false for a type staff may not
// send.
func OutboundKind(contentType string) (string, bool) {
	k, ok := outboundTypes[baseType(contentType)]
	return k, ok
}

// kindNames name the kinds in refusals.
var kindNames = map[string]string{
	KindImage: "an image", KindVideo: "video", KindAudio: "audio", KindDocument: "a document", KindSticker: "a sticker",
}

// sendType returns the type to send an upload of a kind as, or why it cannot be sent: the
// sniffed type when WhatsApp takes it for the kind; else the declared type when it is one
// WhatsApp takes for the kind and names the same content more or less precisely (text/plain
// for a CSV, a Word 97 document for an OLE container the sniff could not look into). Bytes
// the sniff cannot name are never sent under the declared type.
func sendType(kind, declared, sniffed string) (string, string) {
	if k, ok := OutboundKind(sniffed); ok && k == kind {
		return baseType(sniffed), ""
	}
	if k, ok := OutboundKind(declared); ok && k == kind && baseType(sniffed) != TypeUnknown && (isA(sniffed, declared) || isA(declared, sniffed)) {
		return baseType(declared), ""
	}
	return "", "the bytes are " + baseType(sniffed) + ", which WhatsApp does not take as " + kindNames[kind]
}

// baseType is a content type without parameters, lower-case.
func baseType(ct string) string {
	ct, _, _ = strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(ct))
}
