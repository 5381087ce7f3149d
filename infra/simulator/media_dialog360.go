package simulator

import (
	"net/http"
	"strconv"
)

// dialog360LookasideURL is the host of the media URLs 360dialog's GET /{media-id} hands out:
// Meta's, which only answers there with Meta's credentials. A client must fetch the same path
// and query from 360dialog's host with its D360-API-KEY instead.
const dialog360LookasideURL = "https://lookaside.fbsbx.com"

// dialog360MediaRoutes adds 360dialog's media endpoints: GET /{media-id}, GET
// /whatsapp_business/attachments/?mid=…&ext=…&hash=… (the lookaside URL's path and query on
// 360dialog's host) and POST /media, each with D360-API-KEY.
func (s *Simulator) dialog360MediaRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{mediaID}", s.handleDialogMediaInfo)
	mux.HandleFunc("GET /whatsapp_business/attachments/{$}", s.handleDialogMediaDownload)
	mux.HandleFunc("POST /media", s.handleDialogMediaUpload)
}

// handleDialogMediaInfo is 360dialog's GET /{media-id}: Meta's answer, whose url is on Meta's
// lookaside host.
func (s *Simulator) handleDialogMediaInfo(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.accountByToken(r.Header.Get("D360-API-KEY")); !ok {
		writeDialogAuthError(w)
		return
	}
	s.answerMediaInfo(w, r, func(id, tk string, expires int64) string {
		return dialog360LookasideURL + "/whatsapp_business/attachments/?mid=" + id + "&ext=" + strconv.FormatInt(expires, 10) + "&hash=" + tk
	})
}

// handleDialogMediaDownload serves a lookaside URL's bytes on 360dialog's host to a known
// D360-API-KEY; an expired or unknown URL answers 404.
func (s *Simulator) handleDialogMediaDownload(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.accountByToken(r.Header.Get("D360-API-KEY")); !ok {
		writeDialogAuthError(w)
		return
	}
	q := r.URL.Query()
	s.serveTicket(w, r, q.Get("hash"), q.Get("mid"))
}

// handleDialogMediaUpload is 360dialog's POST /media: multipart/form-data with
// messaging_product=whatsapp and file (its part's Content-Type is the media type; a type field
// may also say it); the key names the number.
func (s *Simulator) handleDialogMediaUpload(w http.ResponseWriter, r *http.Request) {
	acct, ok := s.accountByToken(r.Header.Get("D360-API-KEY"))
	if !ok {
		writeDialogAuthError(w)
		return
	}
	s.upload(w, r, acct, false)
}
