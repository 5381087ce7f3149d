package dynamo

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/property"
)

// PeopleByPhone returns the organisation's contacts and vendors whose number is e164, from the
// phone index.
func (s *Store) PeopleByPhone(ctx context.Context, orgID, e164 string) (property.People, error) {
	people := property.People{Contacts: []property.Contact{}, Vendors: []property.Vendor{}}
	if e164 == "" {
		return people, nil
	}
	items, err := s.index(ctx, phoneGSI1PK(orgID, e164), "", false)
	if err != nil {
		return property.People{}, fmt.Errorf("dynamo: people by phone of %s: %w", orgID, err)
	}
	for _, item := range items {
		coll := collectionOf(item)
		r, err := decodeRecord(coll, item)
		if err != nil {
			return property.People{}, fmt.Errorf("dynamo: people by phone of %s: %w", orgID, err)
		}
		switch v := r.(type) {
		case property.Contact:
			people.Contacts = append(people.Contacts, v)
		case property.Vendor:
			people.Vendors = append(people.Vendors, v)
		}
	}
	return people, nil
}

// Directory returns the organisation's sites, units and contacts; siteIDs, when not nil, keeps
// only those sites, their units and the contacts of those units.
func (s *Store) Directory(ctx context.Context, orgID string, siteIDs []string) (property.Directory, error) {
	d := property.Directory{Sites: []property.Site{}, Units: []property.Unit{}, Contacts: []property.Contact{}}
	if siteIDs != nil && len(siteIDs) == 0 {
		return d, nil
	}
	read := func(coll string) ([]property.Record, error) {
		rs, err := s.records(ctx, orgID, coll, nil)
		if err != nil {
			return nil, fmt.Errorf("dynamo: directory of %s: %w", orgID, err)
		}
		return rs, nil
	}
	sites, err := read(property.CollSites)
	if err != nil {
		return property.Directory{}, err
	}
	units, err := read(property.CollUnits)
	if err != nil {
		return property.Directory{}, err
	}
	contacts, err := read(property.CollContacts)
	if err != nil {
		return property.Directory{}, err
	}
	return property.NarrowDirectory(records[property.Site](sites), records[property.Unit](units),
		records[property.Contact](contacts), siteIDs), nil
}

// records converts records of one collection to their type.
func records[T property.Record](rs []property.Record) []T {
	out := make([]T, 0, len(rs))
	for _, r := range rs {
		if v, ok := r.(T); ok {
			out = append(out, v)
		}
	}
	return out
}
