package attachments

import (
	"bytes"
	"net/http"
	"path"
	"strings"
)

// SniffLen is how many leading bytes Sniff looks at.
const SniffLen = 512

// Sniff returns the content type of data (its first SniffLen bytes suffice): the standard
// library's detection, plus magic numbers it misses (mp4/3gp/m4a, ogg/opus, amr, aac, the
// Office zip formats, executables) and the webp and pdf it sometimes reports generically.
func Sniff(head []byte) string {
	if exe := executable(head); exe != "" {
		return exe
	}
	switch {
	case len(head) >= 12 && bytes.Equal(head[:4], []byte("RIFF")) && bytes.Equal(head[8:12], []byte("WEBP")):
		return "image/webp"
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(head, []byte("OggS")):
		if bytes.Contains(head, []byte("OpusHead")) || bytes.Contains(head, []byte("\x01vorbis")) {
			return "audio/ogg"
		}
		return "application/ogg"
	case bytes.HasPrefix(head, []byte("#!AMR")):
		return "audio/amr"
	case len(head) >= 2 && head[0] == 0xFF && (head[1] == 0xF1 || head[1] == 0xF9):
		return "audio/aac"
	case len(head) >= 12 && bytes.Equal(head[4:8], []byte("ftyp")):
		return ftyp(string(head[8:12]))
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return zipType(head)
	}
	return baseType(http.DetectContentType(head))
}

// ftyp names an ISO base media file by its major brand.
func ftyp(brand string) string {
	switch {
	case strings.HasPrefix(brand, "3gp"):
		return "video/3gpp"
	case brand == "M4A " || brand == "M4B ":
		return "audio/mp4"
	case brand == "heic" || brand == "heix" || brand == "mif1":
		return "image/heic"
	}
	return "video/mp4"
}

// zipType tells the Office formats and Java/Android archives from a plain zip by the first
// entry's name, which their writers put first.
func zipType(head []byte) string {
	if len(head) < 30 {
		return "application/zip"
	}
	n := int(head[26]) | int(head[27])<<8
	name := ""
	if 30+n <= len(head) {
		name = string(head[30 : 30+n])
	}
	rest := string(head[30:])
	switch {
	case strings.HasPrefix(name, "word/") || strings.Contains(rest, "word/"):
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case strings.HasPrefix(name, "xl/") || strings.Contains(rest, "xl/"):
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case strings.HasPrefix(name, "ppt/") || strings.Contains(rest, "ppt/"):
		return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	case name == "[Content_Types].xml":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case strings.HasPrefix(name, "META-INF/") || name == "AndroidManifest.xml" || name == "classes.dex":
		return "application/java-archive"
	}
	return "application/zip"
}

// The content types Sniff gives executables.
const (
	TypePE     = "application/vnd.microsoft.portable-executable"
	TypeELF    = "application/x-elf"
	TypeMachO  = "application/x-mach-binary"
	TypeScript = "text/x-script"
	TypeJava   = "application/java-archive"
)

// executable recognises native binaries (PE, ELF, Mach-O) and scripts (a #! line, or HTML and
// script markers that the browser or Windows Script Host would run).
func executable(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("MZ")):
		return TypePE
	case bytes.HasPrefix(head, []byte("\x7fELF")):
		return TypeELF
	case len(head) >= 4 && isMachO(head[:4]):
		return TypeMachO
	case bytes.HasPrefix(head, []byte("#!")) && !bytes.HasPrefix(head, []byte("#!AMR")):
		return TypeScript
	}
	lower := bytes.ToLower(bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n"))
	for _, m := range [][]byte{[]byte("<script"), []byte("<hta:"), []byte("wscript."), []byte("createobject("), []byte("@echo off"), []byte("powershell")} {
		if bytes.Contains(lower, m) {
			return TypeScript
		}
	}
	return ""
}

// isMachO matches the Mach-O magics (32/64-bit, both byte orders) and universal binaries.
func isMachO(b []byte) bool {
	for _, m := range []string{"\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe", "\xca\xfe\xba\xbe"} {
		if string(b) == m {
			return true
		}
	}
	return false
}

// deniedExtensions are file names Windows, browsers or phones would run.
var deniedExtensions = map[string]bool{
	".exe": true, ".bat": true, ".cmd": true, ".com": true, ".js": true, ".jse": true, ".vbs": true, ".vbe": true,
	".msi": true, ".scr": true, ".jar": true, ".apk": true, ".ps1": true, ".hta": true, ".pif": true, ".wsf": true,
	".dll": true, ".sh": true, ".lnk": true, ".cpl": true, ".reg": true,
}

// deniedTypes are content types never stored or sent.
var deniedTypes = map[string]string{
	TypePE: "a Windows executable (PE)", TypeELF: "a Linux executable (ELF)", TypeMachO: "a macOS executable (Mach-O)",
	TypeScript: "a script", TypeJava: "a Java or Android archive",
	"application/x-msdownload": "a Windows executable", "application/javascript": "a script", "text/javascript": "a script",
	"application/x-sh": "a script", "text/html": "an HTML page",
}

// Denied returns why a file must not be kept or sent, or "": a denied extension in its name, or
// sniffed bytes that are executable. declared, the type the sender claimed, names a disguise.
func Denied(fileName, declared, sniffed string) string {
	if what, ok := deniedTypes[baseType(sniffed)]; ok {
		if d := baseType(declared); d != "" && d != baseType(sniffed) {
			return "file claims to be " + d + " but its bytes are " + what
		}
		return "file is " + what
	}
	if ext := strings.ToLower(path.Ext(strings.TrimSpace(fileName))); deniedExtensions[ext] {
		return "file name " + ext + " is an executable type"
	}
	return ""
}

// Matches returns why sniffed content is not what a kind of media must be, or "". Images and
// stickers must sniff as images (a sticker as webp); audio and video as audio, video or ogg
// when the sniff is sure; documents may be anything not denied.
func Matches(kind, sniffed string) string {
	s := baseType(sniffed)
	generic := s == "application/octet-stream"
	switch kind {
	case KindImage:
		if !strings.HasPrefix(s, "image/") {
			return "an image was announced but the bytes are " + s
		}
	case KindSticker:
		if s != "image/webp" {
			return "a sticker must be webp but the bytes are " + s
		}
	case KindAudio, KindVideo:
		if !generic && !strings.HasPrefix(s, "audio/") && !strings.HasPrefix(s, "video/") && s != "application/ogg" {
			return "a" + map[bool]string{true: "n audio", false: " video"}[kind == KindAudio] + " file was announced but the bytes are " + s
		}
	}
	return ""
}
