package assistant

import (
	"context"
	"fmt"
	"slices"

	"github.com/proplink/chat/shared/property"
)

// directory is the part of the organisation's records a speaker may refer to: understanding
// matches words against it only, and every site, unit or contact id a request names must be in it.
type directory struct{ property.Directory }

// directoryFor narrows the organisation's records to what the speaker may see: staff their site
// scope, a resident their own units (and their sites) and themselves, a contractor nothing (they
// name work orders by reference).
func (s *Service) directoryFor(ctx context.Context, orgID string, who Speaker) (directory, error) {
	switch who.Role {
	case RoleStaff:
		var scope []string
		if len(who.SiteIDs) > 0 {
			scope = who.SiteIDs
		}
		d, err := s.Platform.Directory(ctx, orgID, scope)
		if err != nil {
			return directory{}, fmt.Errorf("directory: %w", err)
		}
		return narrow(d, func(u property.Unit) bool {
			return scope == nil || slices.Contains(scope, u.SiteID)
		}, scope, nil), nil
	case RoleResident:
		d, err := s.Platform.Directory(ctx, orgID, nil)
		if err != nil {
			return directory{}, fmt.Errorf("directory: %w", err)
		}
		var sites []string
		for _, u := range d.Units {
			if slices.Contains(who.UnitIDs, u.ID) {
				sites = append(sites, u.SiteID)
			}
		}
		return narrow(d, func(u property.Unit) bool { return slices.Contains(who.UnitIDs, u.ID) },
			sites, []string{who.ContactID}), nil
	}
	return directory{}, nil
}

// narrow keeps the units keep accepts, the sites in siteIDs (all when nil), and the contacts
// in contactIDs (all when nil) with only their kept units, dropping contacts left with none.
func narrow(d property.Directory, keep func(property.Unit) bool, siteIDs, contactIDs []string) directory {
	var out property.Directory
	for _, s := range d.Sites {
		if siteIDs == nil || slices.Contains(siteIDs, s.ID) {
			out.Sites = append(out.Sites, s)
		}
	}
	units := map[string]bool{}
	for _, u := range d.Units {
		if keep(u) {
			out.Units = append(out.Units, u)
			units[u.ID] = true
		}
	}
	for _, ct := range d.Contacts {
		if contactIDs != nil && !slices.Contains(contactIDs, ct.ID) {
			continue
		}
		var mine []string
		for _, id := range ct.UnitIDs {
			if units[id] {
				mine = append(mine, id)
			}
		}
		if len(mine) > 0 {
			ct.UnitIDs = mine
			out.Contacts = append(out.Contacts, ct)
		}
	}
	return directory{out}
}

func (d directory) site(id string) (property.Site, bool) {
	for _, s := range d.Sites {
		if s.ID == id {
			return s, true
		}
	}
	return property.Site{}, false
}

func (d directory) unit(id string) (property.Unit, bool) {
	for _, u := range d.Units {
		if u.ID == id {
			return u, true
		}
	}
	return property.Unit{}, false
}

func (d directory) contact(id string) (property.Contact, bool) {
	for _, c := range d.Contacts {
		if c.ID == id {
			return c, true
		}
	}
	return property.Contact{}, false
}

// has reports whether an entity id of kind (site, unit or contact) is in the directory.
func (d directory) has(kind, id string) bool {
	switch kind {
	case EntSite:
		_, ok := d.site(id)
		return ok
	case EntUnit:
		_, ok := d.unit(id)
		return ok
	case EntContact:
		_, ok := d.contact(id)
		return ok
	}
	return true
}

// homeSite is the speaker's one site and its name: a resident's when all their units are on one
// site, a staff member's when their scope is one site; "" when they have none or several.
func (c *conv) homeSite() (id, name string) {
	var sites []string
	switch c.who.Role {
	case RoleStaff:
		sites = c.who.SiteIDs
	case RoleResident:
		for _, u := range c.dir.Units {
			if slices.Contains(c.who.UnitIDs, u.ID) && !slices.Contains(sites, u.SiteID) {
				sites = append(sites, u.SiteID)
			}
		}
	}
	if len(sites) != 1 {
		return "", ""
	}
	return sites[0], c.dir.siteName(sites[0])
}

// siteName is a site's name, or "" when it is not in the directory.
func (d directory) siteName(id string) string {
	s, _ := d.site(id)
	return s.Name
}

// unitLabel reads "Flat 3, Riverside Court".
func (d directory) unitLabel(id string) string {
	u, ok := d.unit(id)
	if !ok {
		return "your unit"
	}
	if n := d.siteName(u.SiteID); n != "" {
		return u.Label + ", " + n
	}
	return u.Label
}

// contactsOf lists the contacts linked to a unit, by name.
func (d directory) contactsOf(unitID string) []string {
	var names []string
	for _, c := range d.Contacts {
		if slices.Contains(c.UnitIDs, unitID) {
			names = append(names, c.Name)
		}
	}
	return names
}
