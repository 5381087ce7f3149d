package attachments

import (
	"bytes"
	"path"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// SniffLen is how many leading bytes Sniff looks at: the detector's own read limit, enough
// for the zip entries that tell the Office formats apart.
const SniffLen = 4096

// TypeUnknown is the content type of bytes Sniff cannot name; such a file is kept as it.
const TypeUnknown = "application/octet-stream"

// Sniff returns the content type of data (its first SniffLen bytes suffice), by a maintained
// detector (gabriel-vasile/mimetype) under our own deny rules: any "#!" line and the 0xCAFEBABE
// magic (a Java class or a Mach-O universal binary, which the detector cannot always tell
// apart) are named as executables whatever the detector says, and text that carries HTML,
// SVG or script markers anywhere is a script. Types are lower-case without parameters, with
// the detector's m4a named audio/mp4 as WhatsApp names it.
func Sniff(head []byte) string {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	switch {
	case bytes.HasPrefix(head, []byte("#!")) && !bytes.HasPrefix(head, []byte("#!AMR")):
		return TypeScript
	case bytes.HasPrefix(head, []byte("\xca\xfe\xba\xbe")):
		if m := mimetype.Detect(head); m.Is(TypeJavaClass) {
			return TypeJavaClass
		}
		return TypeMachO
	}
	m := mimetype.Detect(head)
	ct := baseType(m.String())
	if alias, ok := aliases[ct]; ok {
		ct = alias
	}
	if deniedAs(ct) == "" && isText(m) && hasScriptMarker(head) {
		return TypeScript
	}
	return ct
}

// aliases rename the detector's types where WhatsApp and this package use another name.
var aliases = map[string]string{"audio/x-m4a": "audio/mp4"}

// isText reports whether the detector placed m under text/plain (HTML, XML, JSON, CSV, ...).
func isText(m *mimetype.MIME) bool {
	for p := m; p != nil; p = p.Parent() {
		if p.Is("text/plain") {
			return true
		}
	}
	return false
}

// scriptMarkers are what a browser, a Windows script host or a shell would act on in text.
var scriptMarkers = [][]byte{
	[]byte("<script"), []byte("<html"), []byte("<svg"), []byte("<iframe"), []byte("<object"), []byte("<embed"),
	[]byte("<hta:"), []byte("javascript:"), []byte("http://www.w3.org/1999/xhtml"), []byte("http://www.w3.org/2000/svg"),
	[]byte("wscript."), []byte("createobject("), []byte("@echo off"), []byte("powershell"),
}

// hasScriptMarker reports whether text carries one of scriptMarkers, in any letter case.
func hasScriptMarker(head []byte) bool {
	lower := bytes.ToLower(head)
	for _, m := range scriptMarkers {
		if bytes.Contains(lower, m) {
			return true
		}
	}
	return false
}

// The content types Sniff gives the executables its own rules find; the detector's names for
// the rest of the deny-list are in deniedTypes.
const (
	TypePE        = "application/vnd.microsoft.portable-executable"
	TypeELF       = "application/x-elf"
	TypeMachO     = "application/x-mach-binary"
	TypeJavaClass = "application/x-java-applet"
	TypeScript    = "text/x-script"
	TypeJava      = "application/java-archive"
)

// deniedExtensions are file names Windows, browsers or phones would run (executables) or
// render with script (pages).
var deniedExtensions = map[string]string{
	".exe": executableExt, ".bat": executableExt, ".cmd": executableExt, ".com": executableExt, ".js": executableExt,
	".jse": executableExt, ".vbs": executableExt, ".vbe": executableExt, ".msi": executableExt, ".scr": executableExt,
	".jar": executableExt, ".apk": executableExt, ".ps1": executableExt, ".hta": executableExt, ".pif": executableExt,
	".wsf": executableExt, ".dll": executableExt, ".sh": executableExt, ".lnk": executableExt, ".cpl": executableExt,
	".reg": executableExt, ".class": executableExt, ".chm": executableExt,
	".html": pageExt, ".htm": pageExt, ".shtml": pageExt, ".xhtml": pageExt, ".xht": pageExt, ".mht": pageExt,
	".mhtml": pageExt, ".svg": pageExt, ".svgz": pageExt,
}

// What a denied extension is.
const (
	executableExt = "an executable type"
	pageExt       = "a web page or SVG type (it can carry script)"
)

// deniedTypes are content types never stored or sent, by the detector's name (its aliases and
// children are found through mimetype.Lookup in deniedAs), with what to call them.
var deniedTypes = map[string]string{
	TypePE: "a Windows executable (PE)", "application/x-msdownload": "a Windows executable",
	"application/x-dosexec": "a Windows executable", "application/x-ms-installer": "a Windows installer (MSI)",
	"application/x-ms-shortcut": "a Windows shortcut", "application/vnd.ms-htmlhelp": "a compiled HTML help file",
	TypeELF: "a Linux executable (ELF)", TypeMachO: "a macOS executable (Mach-O)",
	TypeJavaClass: "a Java class file", TypeJava: "a Java or Android archive",
	"application/vnd.android.package-archive": "a Java or Android archive",
	"application/x-chrome-extension":          "a browser extension", "application/x-shockwave-flash": "a Flash file",
	"application/wasm": "a WebAssembly module", "application/x-bytecode.python": "compiled Python",
	"text/html": "an HTML page", "application/xhtml+xml": "an XHTML page", "image/svg+xml": "an SVG image (it can carry script)",
	TypeScript: "a script", "text/javascript": "a script", "text/x-shellscript": "a script", "text/x-php": "a script",
	"text/x-python": "a script", "text/x-perl": "a script", "text/x-ruby": "a script", "text/x-lua": "a script",
	"text/x-tcl": "a script",
}

// deniedAs returns what a content type is when the deny-list holds it (under its own name, the
// name it is an alias of, or a parent's, as ELF's kinds are), or "".
func deniedAs(ct string) string {
	ct = baseType(ct)
	if what, ok := deniedTypes[ct]; ok {
		return what
	}
	for m := mimetype.Lookup(ct); m != nil; m = m.Parent() {
		if what, ok := deniedTypes[baseType(m.String())]; ok {
			return what
		}
	}
	return ""
}

// Denied returns why a file must not be kept or sent, or "": a denied extension in its name, or
// sniffed bytes that are executable, a script or a page. declared, the type the sender claimed,
// names a disguise.
func Denied(fileName, declared, sniffed string) string {
	if what := deniedAs(sniffed); what != "" {
		if d := baseType(declared); d != "" && d != baseType(sniffed) {
			return "file claims to be " + d + " but its bytes are " + what
		}
		return "file is " + what
	}
	// Windows drops trailing dots and spaces, so "page.html." opens as a page.
	name := strings.TrimRight(strings.TrimSpace(fileName), ". ")
	ext := strings.ToLower(path.Ext(name))
	if what, ok := deniedExtensions[ext]; ok {
		return "file name " + ext + " is " + what
	}
	return ""
}

// Matches returns why sniffed content is not what a kind of media must be, or "". Images and
// stickers must sniff as images (a sticker as webp); audio and video as audio, video or ogg
// when the sniff is sure; documents may be anything not denied.
func Matches(kind, sniffed string) string {
	s := baseType(sniffed)
	generic := s == TypeUnknown
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

// isA reports whether the detector files content type ct under parent (itself, an alias, or a
// descendant, as text/csv is of text/plain and a docx of a zip).
func isA(ct, parent string) bool {
	for m := mimetype.Lookup(baseType(ct)); m != nil; m = m.Parent() {
		if m.Is(baseType(parent)) {
			return true
		}
	}
	return false
}
