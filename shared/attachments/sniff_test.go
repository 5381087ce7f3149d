package attachments

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	zipWith := func(name string) []byte {
		h := []byte("PK\x03\x04" + strings.Repeat("\x00", 22))
		h = append(h, byte(len(name)), 0, 0, 0)
		return append(h, name...)
	}
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "image/png"},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3"), "application/pdf"},
		{"mp4", []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"), "video/mp4"},
		{"3gp", []byte("\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00"), "video/3gpp"},
		{"m4a", []byte("\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00"), "audio/mp4"},
		{"ogg opus", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00OpusHead"), "audio/ogg"},
		{"amr", []byte("#!AMR\n"), "audio/amr"},
		{"aac", []byte("\xff\xf1\x50\x80"), "audio/aac"},
		{"docx", zipWith("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", zipWith("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"jar", zipWith("META-INF/MANIFEST.MF"), TypeJava},
		{"zip", zipWith("notes.txt"), "application/zip"},
		{"PE", []byte("MZ\x90\x00\x03\x00\x00\x00"), TypePE},
		{"ELF", []byte("\x7fELF\x02\x01\x01"), TypeELF},
		{"Mach-O", []byte("\xcf\xfa\xed\xfe\x07\x00"), TypeMachO},
		{"shebang", []byte("#!/bin/sh\nrm -rf /\n"), TypeScript},
		{"batch", []byte("@ECHO OFF\r\ndel C:\\\r\n"), TypeScript},
		{"vbs", []byte("Set o = CreateObject(\"WScript.Shell\")"), TypeScript},
		{"text", []byte("Hello, the boiler is fixed."), "text/plain"},
		{"empty", nil, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.head); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDenied(t *testing.T) {
	tests := []struct {
		name, file, declared, sniffed string
		want                          string // substring; "" means allowed
	}{
		{"jpeg", "kitchen.jpg", "image/jpeg", "image/jpeg", ""},
		{"PE disguised as jpeg", "kitchen.jpg", "image/jpeg", TypePE, "file claims to be image/jpeg but its bytes are a Windows executable (PE)"},
		{"ELF", "tool", "", TypeELF, "file is a Linux executable (ELF)"},
		{"script", "readme.txt", "text/plain", TypeScript, "but its bytes are a script"},
		{"exe name", "invoice.pdf.exe", "application/pdf", "application/pdf", "file name .exe is an executable type"},
		{"upper-case name", "RUN.BAT", "", "text/plain", ".bat"},
		{"apk", "app.apk", "", "application/zip", ".apk"},
		{"jar by bytes", "lib.zip", "application/zip", TypeJava, "Java or Android archive"},
		{"pdf", "contract.pdf", "application/pdf", "application/pdf", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Denied(tt.file, tt.declared, tt.sniffed)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	tests := []struct {
		kind, sniffed string
		ok            bool
	}{
		{KindImage, "image/jpeg", true}, {KindImage, "application/pdf", false},
		{KindSticker, "image/webp", true}, {KindSticker, "image/png", false},
		{KindAudio, "audio/ogg", true}, {KindAudio, "application/octet-stream", true}, {KindAudio, "application/pdf", false},
		{KindVideo, "video/mp4", true}, {KindVideo, "image/jpeg", false},
		{KindDocument, "application/zip", true},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.sniffed, func(t *testing.T) {
			if got := Matches(tt.kind, tt.sniffed) == ""; got != tt.ok {
				t.Errorf("got ok=%v, want %v", got, tt.ok)
			}
		})
	}
}

func TestMaxSize(t *testing.T) {
	tests := []struct {
		kind     string
		animated bool
		want     int64
	}{
		{KindImage, false, 5 << 20}, {KindAudio, false, 16 << 20}, {KindVideo, false, 16 << 20},
		{KindDocument, false, 100 << 20}, {KindSticker, false, 100 << 10}, {KindSticker, true, 500 << 10},
		{"text", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			if got := MaxSize(tt.kind, tt.animated); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestSafeFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kitchen.jpg", "kitchen.jpg"},
		{"../../etc/passwd", "passwd"},
		{`..\..\windows\system32\cmd.exe`, "cmd.exe"},
		{"..", "file"},
		{"", "file"},
		{"/", "file"},
		{"Café menu (1).pdf", "Café menu (1).pdf"},
		{"Cafe\u0301.pdf", "Café.pdf"}, // NFC
		{"a/b\x00c;rm -rf.txt", "b_c_rm -rf.txt"},
		{"контракт.pdf", "контракт.pdf"},
		{"\u202egpj.exe", "_gpj.exe"}, // right-to-left override
		{strings.Repeat("é", 100) + ".pdf", strings.Repeat("é", 58) + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := SafeFileName(tt.in, "file")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if strings.Contains(got, "/") || got == ".." || len(got) > maxNameBytes {
				t.Errorf("unsafe result %q", got)
			}
		})
	}
	if k := ObjectKey("org-1", "01ABC", "../x/../../y.jpg"); k != "orgs/org-1/attachments/01ABC/y.jpg" {
		t.Errorf("key: got %q", k)
	}
}

func FuzzSafeFileName(f *testing.F) {
	for _, s := range []string{"a.jpg", "../../x", "\x00", "é/..", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeFileName(s, "file")
		if got == "" || strings.ContainsAny(got, "/\\\x00") || got == "." || got == ".." || len(got) > maxNameBytes {
			t.Errorf("SafeFileName(%q) = %q", s, got)
		}
	})
}

func FuzzSniff(f *testing.F) {
	for _, s := range []string{"MZ", "\x7fELF", "PK\x03\x04", "RIFF\x00\x00\x00\x00WEBP", "%PDF-", "\x00\x00\x00\x18ftyp"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if Sniff(b) == "" {
			t.Errorf("Sniff(%q) is empty", b)
		}
	})
}
