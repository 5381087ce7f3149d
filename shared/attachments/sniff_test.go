package attachments

import (
	"archive/zip"
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// zipOf returns a zip archive holding names in order, as an Office or Java writer lays them
// out, each entry about 400 bytes compressed as real ones are (so an Office file's telling
// entry lies past the first 512 bytes).
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		for range 400 {
			f.Write([]byte{byte(rnd.Uint32())})
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// oggPage is the first page of an Ogg stream whose first packet starts with packet.
func oggPage(packet string) []byte {
	h := []byte("OggS\x00\x02")
	h = append(h, make([]byte, 8+4+4+4)...) // granule, serial, sequence, checksum
	h = append(h, 1, byte(len(packet)))     // one segment of the packet's length
	return append(h, packet...)
}

func TestSniff(t *testing.T) {
	office := func(part string) []byte {
		return zipOf(t, "[Content_Types].xml", "_rels/.rels", part)
	}
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), "image/png"},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3"), "application/pdf"},
		{"mp4", []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00"), "video/mp4"},
		{"3gp", []byte("\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00"), "video/3gpp"},
		{"m4a", []byte("\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00"), "audio/mp4"},
		{"ogg opus", oggPage("OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"), "audio/ogg"},
		{"ogg vorbis", oggPage("\x01vorbis\x00\x00\x00\x00\x01\x44\xac\x00\x00"), "audio/ogg"},
		{"amr", []byte("#!AMR\n"), "audio/amr"},
		{"aac", []byte("\xff\xf1\x50\x80\x02\x1f\xfc"), "audio/aac"},
		{"mp3", []byte("\xff\xfb\x90\x64\x00\x00\x00\x00"), "audio/mpeg"},
		{"docx", office("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", office("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"pptx", office("ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{"zip", zipOf(t, "notes.txt"), "application/zip"},
		{"text", []byte("Hello, the boiler is fixed."), "text/plain"},
		{"csv", []byte("date,amount\n2026-11-24,120\n2026-11-25,80\n"), "text/csv"},
		{"unknown", []byte("\x00\x01\x02\x03\xfe\x10\x99\x00\x00"), TypeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.head); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSniffRefuses holds the deny-list over the detector: each of these, whatever name or type
// it is sent under, is refused as an executable, a script or a page.
func TestSniffRefuses(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"PE", []byte("MZ\x90\x00\x03\x00\x00\x00"), "Windows executable (PE)"},
		{"ELF executable", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00"), "Linux executable (ELF)"},
		{"ELF shared library", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00"), "Linux executable (ELF)"},
		{"Mach-O", []byte("\xcf\xfa\xed\xfe\x07\x00\x00\x01"), "macOS executable (Mach-O)"},
		{"Mach-O universal", []byte("\xca\xfe\xba\xbe\x00\x00\x00\x02\x01\x00\x00\x07"), "macOS executable (Mach-O)"},
		{"Java class", []byte("\xca\xfe\xba\xbe\x00\x00\x00\x41\x00\x1d"), "Java class file"},
		{"0xCAFEBABE neither", []byte("\xca\xfe\xba\xbe\x00\x00\x00\x18\x00\x1d"), "macOS executable (Mach-O)"},
		{"jar", zipOf(t, "META-INF/MANIFEST.MF", "a/B.class"), "Java or Android archive"},
		{"apk", zipOf(t, "AndroidManifest.xml", "classes.dex"), "Java or Android archive"},
		{"shebang sh", []byte("#!/bin/sh\nrm -rf /\n"), "script"},
		{"shebang env", []byte("#!/usr/bin/env zsh\necho hi\n"), "script"},
		{"batch", []byte("@ECHO OFF\r\ndel C:\\\r\n"), "script"},
		{"vbs", []byte("Set o = CreateObject(\"WScript.Shell\")"), "script"},
		{"html", []byte("<!DOCTYPE html><html><body>Invoice</body></html>"), "HTML page"},
		{"html after text", []byte("Your invoice is below.\n\n<p>Pay now</p><script>fetch('/x')</script>"), "script"},
		{"html upper case", []byte("<HTML><BODY onload=alert(1)>"), "HTML page"},
		{"svg", []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>"), "SVG image"},
		{"svg with script", []byte("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>"), "SVG image"},
		{"xhtml", []byte("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>"), "page"},
		{"xml with script", []byte("<?xml version=\"1.0\"?>\n<doc><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></doc>"), "script"},
		{"javascript", []byte("#!/usr/bin/env node\nrequire('child_process').exec('id')\n"), "script"},
		{"python", []byte("#!/usr/bin/python3\nimport os\n"), "script"},
		{"php", []byte("<?php system($_GET['c']); ?>"), "script"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sniffed := Sniff(tt.head)
			for _, declared := range []string{"", "application/pdf", "text/plain", sniffed} {
				got := Denied("document.pdf", declared, sniffed)
				if !strings.Contains(got, tt.want) {
					t.Errorf("sniffed %q, declared %q: got %q, want a refusal naming %q", sniffed, declared, got, tt.want)
				}
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
		{"html name", "invoice.html", "application/pdf", "application/pdf", "file name .html is a web page"},
		{"htm name", "Invoice.HTM", "", "text/plain", "file name .htm"},
		{"svg name", "logo.svg", "image/png", "image/png", "file name .svg"},
		{"xhtml name", "page.xhtml", "", TypeUnknown, "file name .xhtml"},
		{"trailing dot", "page.html.", "", "text/plain", "file name .html"},
		{"declared html", "x.txt", "text/html", "text/html", "file is an HTML page"},
		{"declared svg", "x.png", "image/svg+xml", "image/svg+xml", "SVG image"},
		{"declared javascript alias", "x.txt", "application/javascript", "application/javascript", "a script"},
		{"declared shell alias", "x.txt", "application/x-sh", "application/x-sh", "a script"},
		{"ELF kind", "x", "", "application/x-sharedlib", "Linux executable (ELF)"},
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
