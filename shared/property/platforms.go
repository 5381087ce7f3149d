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
	// PlatformURL returns the organisation's platform URL, "" when it has none.
	PlatformURL func(ctx context.Context, orgID string) (string, error)
	// HTTP opens the HTTP adapter for an organisation's platform at baseURL.
	HTTP func(ctx context.Context, orgID, baseURL string) (Platform, error)
	// BuiltIn is the built-in store.
	BuiltIn Platform
}

// For returns the organisation's platform.
func (p Platforms) For(ctx context.Context, orgID string) (Platform, error) {
	u, err := p.PlatformURL(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("property: platform of %s: %w", orgID, err)
	}
	if u == "" {
		return p.BuiltIn, nil
	}
	pl, err := p.HTTP(ctx, orgID, u)
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

// SettingsURL is Platforms.PlatformURL over the organisations' WhatsApp settings (read by
// get): the platform_url, "" when there is none or the organisation has no settings yet.
func SettingsURL(get func(ctx context.Context, orgID string) (messaging.Settings, error)) func(context.Context, string) (string, error) {
	return func(ctx context.Context, orgID string) (string, error) {
		st, err := get(ctx, orgID)
		if messaging.ErrorCode(err) == messaging.CodeNotConfigured {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return st.PlatformURL, nil
	}
}
