package platformhttptest

import (
	"encoding/json"
	"net/http"

	"github.com/proplink/chat/shared/property"
)

// orgID is the one organisation the stub's token belongs to.
const orgID = "stub-org"

// OrgID is the organisation the stub serves from its platform; seed records under it.
const OrgID = orgID

// routes implements the contract's operations over the platform.
func (s *Stub) routes() {
	p := s.platform
	answer := func(w http.ResponseWriter, status int, v any, err error) {
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, status, v)
	}
	s.mux.HandleFunc("GET /people", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.PeopleByPhone(r.Context(), orgID, r.URL.Query().Get("phone"))
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("GET /directory", func(w http.ResponseWriter, r *http.Request) {
		var sites []string
		if _, ok := r.URL.Query()["site_id"]; ok {
			sites = r.URL.Query()["site_id"]
		}
		v, err := p.Directory(r.Context(), orgID, sites)
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("GET /units/{unit}/balance", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.Balance(r.Context(), orgID, r.PathValue("unit"))
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("GET /units/{unit}/demands", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.Demands(r.Context(), orgID, r.PathValue("unit"))
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("GET /units/{unit}/arrears", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.Arrears(r.Context(), orgID, r.PathValue("unit"))
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("POST /tickets", func(w http.ResponseWriter, r *http.Request) {
		var t property.NewTicket
		var body struct {
			SiteID     string                 `json:"site_id"`
			UnitID     string                 `json:"unit_id"`
			ReporterID string                 `json:"reporter_id"`
			Category   string                 `json:"category"`
			Priority   string                 `json:"priority"`
			Title      string                 `json:"title"`
			Opening    property.TicketMessage `json:"opening"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeError(w, http.StatusBadRequest, "Invalid body")
			return
		}
		t = property.NewTicket{SiteID: body.SiteID, UnitID: body.UnitID, ReporterID: body.ReporterID, Category: body.Category,
			Priority: body.Priority, Title: body.Title, Opening: body.Opening, IdempotencyKey: r.Header.Get("Idempotency-Key")}
		v, err := p.CreateTicket(r.Context(), orgID, t)
		answer(w, http.StatusCreated, v, err)
	})
	s.mux.HandleFunc("GET /tickets/{ref}", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.Ticket(r.Context(), orgID, r.PathValue("ref"))
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("POST /tickets/{ref}/messages", func(w http.ResponseWriter, r *http.Request) {
		var m property.TicketMessage
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			writeError(w, http.StatusBadRequest, "Invalid body")
			return
		}
		err := p.AddTicketMessage(r.Context(), orgID, r.PathValue("ref"), m, r.Header.Get("Idempotency-Key"))
		answer(w, http.StatusCreated, nil, err)
	})
	s.mux.HandleFunc("GET /work-orders/{ref}", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.WorkOrder(r.Context(), orgID, r.PathValue("ref"))
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("POST /work-orders/{ref}/updates", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Status        string   `json:"status"`
			VendorID      string   `json:"vendor_id"`
			Note          string   `json:"note"`
			AttachmentIDs []string `json:"attachment_ids"`
			By            string   `json:"by"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeError(w, http.StatusBadRequest, "Invalid body")
			return
		}
		v, err := p.UpdateWorkOrder(r.Context(), orgID, r.PathValue("ref"), property.WorkOrderUpdate{Status: body.Status, VendorID: body.VendorID,
			Note: body.Note, AttachmentIDs: body.AttachmentIDs, By: body.By, IdempotencyKey: r.Header.Get("Idempotency-Key")})
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("GET /vendors/{vendor}/work-orders", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.VendorWorkOrders(r.Context(), orgID, r.PathValue("vendor"))
		answer(w, http.StatusOK, v, err)
	})
	s.mux.HandleFunc("GET /sites/{site}/spend", func(w http.ResponseWriter, r *http.Request) {
		v, err := p.Spend(r.Context(), orgID, r.PathValue("site"), r.URL.Query().Get("month"))
		answer(w, http.StatusOK, v, err)
	})
}
