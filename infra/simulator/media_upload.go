package simulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
)

// handleMediaUpload is POST /{version}/{phoneNumberID}/media: multipart/form-data with
// messaging_product=whatsapp, type and file; it answers {"id": ...}.
func (s *Simulator) handleMediaUpload(w http.ResponseWriter, r *http.Request) {
	acct, ok := s.bearer(r)
	if !ok {
		writeAuthError(w)
		return
	}
	if acct.PhoneNumberID != r.PathValue("phoneNumberID") {
		writeError(w, errorFor(100, "The phone number id does not belong to this token."))
		return
	}
	s.upload(w, r, acct, true)
}

// upload reads one multipart upload for acct (faults first) and answers its media id; the
// type field is required when needType, else the file part's Content-Type stands for it.
func (s *Simulator) upload(w http.ResponseWriter, r *http.Request, acct Account, needType bool) {
	if f, ok := s.takeFault(PathMediaUpload, ""); ok && !s.applyFault(w, r, f) {
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, errorFor(100, "The request must be multipart/form-data."))
		return
	}
	fields := map[string]string{}
	var o *mediaObject
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			writeError(w, errorFor(100, "The multipart body could not be read."))
			return
		}
		if p.FormName() != "file" {
			b, _ := io.ReadAll(io.LimitReader(p, 1<<10))
			fields[p.FormName()] = string(b)
			continue
		}
		h := sha256.New()
		var kept bytes.Buffer
		n, err := io.Copy(io.MultiWriter(h, &limitedBuffer{&kept, maxKeptUpload}), p)
		if err != nil {
			writeError(w, errorFor(131053, "The file could not be read."))
			return
		}
		o = &mediaObject{fileName: p.FileName(), mime: p.Header.Get("Content-Type"), size: n, sha256: hex.EncodeToString(h.Sum(nil)), uploaded: true, phone: acct.PhoneNumberID}
		if n <= maxKeptUpload {
			o.data = kept.Bytes()
		}
	}
	switch {
	case fields["messaging_product"] != "whatsapp":
		writeError(w, errorFor(100, "The parameter messaging_product is required and must be whatsapp."))
		return
	case o == nil:
		writeError(w, errorFor(100, "The parameter file is required."))
		return
	case fields["type"] == "" && (needType || o.mime == ""):
		writeError(w, errorFor(100, "The parameter type is required."))
		return
	}
	if fields["type"] != "" {
		o.mime = fields["type"]
	}
	if o.data == nil {
		// Too large to keep: serve a generator of the right size (its digest will differ).
		o.seed = 1
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": s.media.add(o)})
}

// limitedBuffer keeps at most max bytes and silently drops the rest.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max + 1 - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
