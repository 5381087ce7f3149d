package property

import (
	"context"
	"fmt"
	"slices"

	"github.com/proplink/chat/shared/messaging"
)

// Platforms chooses each organisation's platform: its own property platform over HTTP when its
// settings name a platform URL, the built-in store otherwise. Safe for concurrent use when its
// functions are.
type Platforms struct {
	// Settings returns the organisation's settings (PlatformURL "" when it has none).
	Settings func(ctx context.Context, orgID string) (messaging.Settings, error)
	// HTTP opens the HTTP adapter for an organisation's platform at st.PlatformURL.
	HTTP func(ctx context.Context, st messaging.Settings) (Platform, error)
	// BuiltIn is the built-in store.
	BuiltIn Platform
}

// For returns the organisation's platform.
func (p Platforms) For(ctx context.Context, orgID string) (Platform, error) {
	st, err := p.Settings(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("property: platform of %s: %w", orgID, err)
	}
	if st.PlatformURL == "" {
		return p.BuiltIn, nil
	}
	pl, err := p.HTTP(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("property: platform of %s: %w", orgID, err)
	}
	return pl, nil
}

// NarrowDirectory builds a directory from an organisation's sites, units and contacts; siteIDs,
// when not nil, keeps only those sites, their units and the contacts linked to those units
// (with only those unit links).
func NarrowDirectory(sites []Site, units []Unit, contacts []Contact, siteIDs []string) Directory {
	d := Directory{Sites: []Site{}, Units: []Unit{}, Contacts: []Contact{}}
	if siteIDs == nil {
		d.Sites, d.Units, d.Contacts = append(d.Sites, sites...), append(d.Units, units...), append(d.Contacts, contacts...)
		return d
	}
	keepUnit := map[string]bool{}
	for _, s := range sites {
		if slices.Contains(siteIDs, s.ID) {
			d.Sites = append(d.Sites, s)
		}
	}
	for _, u := range units {
		if slices.Contains(siteIDs, u.SiteID) {
			d.Units = append(d.Units, u)
			keepUnit[u.ID] = true
		}
	}
	for _, c := range contacts {
		var kept []string
		for _, id := range c.UnitIDs {
			if keepUnit[id] {
				kept = append(kept, id)
			}
		}
		if kept != nil {
			c.UnitIDs = kept
			d.Contacts = append(d.Contacts, c)
		}
	}
	return d
}

// OrgSettings is Platforms.Settings over the organisations' WhatsApp settings (read by get):
// an organisation with no settings yet has no platform URL.
func OrgSettings(get func(ctx context.Context, orgID string) (messaging.Settings, error)) func(context.Context, string) (messaging.Settings, error) {
	return func(ctx context.Context, orgID string) (messaging.Settings, error) {
		st, err := get(ctx, orgID)
		if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
			return messaging.Settings{OrgID: orgID}, nil
		}
		return st, err
	}
}
