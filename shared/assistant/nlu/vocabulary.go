package nlu

// Vocabulary is the organisation's records a speaker may refer to by name. The caller passes
// only what the speaker may see (a resident's own unit and site, a staff member's scope).
type Vocabulary struct {
	Sites    []Site    `json:"sites"`
	Units    []Unit    `json:"units"`
	Contacts []Contact `json:"contacts"`
}

// Site is a building or estate.
type Site struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`              // "Riverside Court"
	Aliases []string `json:"aliases,omitempty"` // "Riverside Ct"
}

// Unit is a flat, apartment or house within a site.
type Unit struct {
	ID     string `json:"id"`
	Label  string `json:"label"` // "Flat 3", "Apartment 12"
	SiteID string `json:"site_id"`
}

// Contact is a leaseholder or tenant, named as people write them.
type Contact struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"` // "Jane Smith"
	Aliases []string `json:"aliases,omitempty"`
	UnitIDs []string `json:"unit_ids,omitempty"`
}

func (v Vocabulary) site(id string) (Site, bool) {
	for _, s := range v.Sites {
		if s.ID == id {
			return s, true
		}
	}
	return Site{}, false
}

func (v Vocabulary) contact(id string) (Contact, bool) {
	for _, c := range v.Contacts {
		if c.ID == id {
			return c, true
		}
	}
	return Contact{}, false
}

func (v Vocabulary) unit(id string) (Unit, bool) {
	for _, u := range v.Units {
		if u.ID == id {
			return u, true
		}
	}
	return Unit{}, false
}
