package attachments

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameBytes bounds a stored file name (S3 keys allow 1,024 bytes in all).
const maxNameBytes = 120

// SafeFileName returns a file name fit for an S3 key and a Content-Disposition header: the last
// path element only (no directories, no ..), NFC-normalised, letters, digits, marks and
// ".-_ ()" kept, anything else turned into "_", at most 120 bytes with the extension kept.
// An empty result becomes fallback.
func SafeFileName(name, fallback string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base("/" + name)
	name = norm.NFC.String(name)
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError:
			b.WriteByte('_')
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune(".-_ ()", r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), ". ")
	if out == "" || strings.Trim(out, "_") == "" {
		out = fallback
	}
	if len(out) > maxNameBytes {
		ext := path.Ext(out)
		if len(ext) > 16 {
			ext = ""
		}
		stem := out[:maxNameBytes-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		out = stem + ext
	}
	return out
}

// ObjectKey is where an attachment's bytes live: orgs/<org>/attachments/<id>/<safe name>.
func ObjectKey(orgID, attachmentID, fileName string) string {
	return "orgs/" + orgID + "/attachments/" + attachmentID + "/" + SafeFileName(fileName, "file")
}

// OrgPrefix is the key prefix of every object of an organisation.
func OrgPrefix(orgID string) string { return "orgs/" + orgID + "/" }

// defaultName names media that came without a file name, by kind and sniffed type.
func defaultName(kind, contentType string) string {
	ext := map[string]string{
		"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/heic": ".heic", "video/mp4": ".mp4",
		"video/3gpp": ".3gp", "audio/ogg": ".ogg", "application/ogg": ".ogg", "audio/mpeg": ".mp3", "audio/mp4": ".m4a",
		"audio/amr": ".amr", "audio/aac": ".aac", "application/pdf": ".pdf",
	}[baseType(contentType)]
	return kind + ext
}
