package console

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/proplink/chat/shared/messaging"
)

// Entry is one conversation as the inbox shows it to one staff member.
type Entry struct {
	messaging.Conversation
	// Unread counts the person's messages after the staff member's read marker.
	Unread int `json:"unread"`
	// NeedsReply: the person wrote last.
	NeedsReply bool `json:"needs_reply"`
	// WindowOpen: free-form replies may go now; outside it only templates.
	WindowOpen bool `json:"window_open"`
}

// Filter narrows the inbox.
type Filter struct {
	// Query matches the profile name (any case) or the number (digits).
	Query      string
	NeedsReply bool
	OptedOut   bool
	Unread     bool
	// Mine keeps the conversations in the staff member's own click-to-chat queue.
	Mine bool
	// Site keeps the conversations of a site: the person's site as the assistant identified it,
	// or the site's click-to-chat queue.
	Site string
	// Role keeps the conversations whose person the assistant identified in that role.
	Role string
	// Since keeps only conversations with activity after it (the "changes since" poll).
	Since time.Time
}

// Inbox is a page of the inbox and the cursor of the next "changes since" poll.
type Inbox struct {
	Conversations []Entry   `json:"conversations"`
	Cursor        time.Time `json:"cursor"`
	// Sites are the sites the organisation's conversations carry, filters aside: the choices
	// of the site filter.
	Sites []SiteChoice `json:"sites"`
}

// SiteChoice is a site the inbox can be filtered by.
type SiteChoice struct {
	ID string `json:"id"`
	// Name is the site's name as the assistant recorded it; the id when only a click-to-chat
	// queue names the site.
	Name string `json:"name"`
}

// siteChoices lists the sites of the conversations (their identified site and their site
// queue), named when any conversation knows the name, sorted by name.
func siteChoices(list []messaging.Conversation) []SiteChoice {
	names := map[string]string{}
	for _, c := range list {
		if c.SiteID != "" && (names[c.SiteID] == "" || names[c.SiteID] == c.SiteID) {
			names[c.SiteID] = cmp.Or(c.SiteName, c.SiteID)
		}
		if id, ok := strings.CutPrefix(c.Queue, messaging.ChatLinkSite+":"); ok && id != "" && names[id] == "" {
			names[id] = id
		}
	}
	out := make([]SiteChoice, 0, len(names))
	for id, name := range names {
		out = append(out, SiteChoice{ID: id, Name: name})
	}
	slices.SortFunc(out, func(a, b SiteChoice) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out
}

// maxQuery bounds a search.
const maxQuery = 100

// ParseFilter reads the inbox's query parameters: q, filter (needs_reply, opted_out, unread,
// mine, comma-separated), site (a site id), role (resident, contractor or staff) and since
// (RFC 3339).
func ParseFilter(q map[string]string) (Filter, error) {
	f := Filter{Query: strings.TrimSpace(q["q"])}
	if len([]rune(f.Query)) > maxQuery {
		return Filter{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: q (at most %d characters)", maxQuery)
	}
	if v := q["filter"]; v != "" {
		for _, name := range strings.Split(v, ",") {
			switch name {
			case "needs_reply":
				f.NeedsReply = true
			case "opted_out":
				f.OptedOut = true
			case "unread":
				f.Unread = true
			case "mine":
				f.Mine = true
			default:
				return Filter{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: filter (needs_reply, opted_out, unread or mine)")
			}
		}
	}
	if f.Site = q["site"]; len(f.Site) > maxQuery {
		return Filter{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: site (at most %d characters)", maxQuery)
	}
	switch f.Role = q["role"]; f.Role {
	case "", messaging.RoleResident, messaging.RoleContractor, messaging.RoleStaff:
	default:
		return Filter{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: role (resident, contractor or staff)")
	}
	if v := q["since"]; v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return Filter{}, messaging.Errorf(messaging.CodeInvalid, "Invalid parameter: since (an RFC 3339 time)")
		}
		f.Since = t
	}
	return f, nil
}

// matches reports whether a conversation passes the filter (unread aside: it needs a count).
func (f Filter) matches(c messaging.Conversation, userID string) bool {
	if !f.Since.IsZero() && !c.LastActivityAt.After(f.Since) {
		return false
	}
	if f.Mine && c.Queue != (messaging.ChatLink{Kind: messaging.ChatLinkStaff, TargetID: userID}).Queue() {
		return false
	}
	if f.Site != "" && c.SiteID != f.Site && c.Queue != (messaging.ChatLink{Kind: messaging.ChatLinkSite, TargetID: f.Site}).Queue() {
		return false
	}
	if f.Role != "" && c.Role != f.Role {
		return false
	}
	if f.OptedOut && !c.OptedOut {
		return false
	}
	if f.NeedsReply && !needsReply(c) {
		return false
	}
	if f.Query == "" {
		return true
	}
	if strings.Contains(strings.ToLower(c.ProfileName), strings.ToLower(f.Query)) {
		return true
	}
	digits := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, f.Query)
	return digits != "" && strings.Contains(c.Phone, digits)
}

// needsReply reports whether the person wrote last.
func needsReply(c messaging.Conversation) bool {
	return !c.LastInboundAt.IsZero() && c.LastInboundAt.After(c.LastOutboundAt)
}

// ListInbox builds the staff member's inbox: the organisation's conversations, latest activity
// first, filtered, with unread counts against the member's read markers. Requests: one Query
// of the conversations, one of the markers, one count per conversation with unread messages.
// The site filter's choices come from the same Query, filters aside.
func ListInbox(ctx context.Context, convs Conversations, st Store, p messaging.Principal, f Filter, now time.Time) (Inbox, error) {
	list, _, err := convs.ListConversations(ctx, p.OrgID, 0, 0)
	if err != nil {
		return Inbox{}, err
	}
	marks, err := st.ReadMarks(ctx, p.OrgID, p.UserID)
	if err != nil {
		return Inbox{}, fmt.Errorf("console: read markers of %s: %w", p.UserID, err)
	}
	in := Inbox{Conversations: []Entry{}, Cursor: f.Since, Sites: siteChoices(list)}
	for _, c := range list {
		if c.LastActivityAt.After(in.Cursor) {
			in.Cursor = c.LastActivityAt
		}
		if !f.matches(c, p.UserID) {
			continue
		}
		e := Entry{Conversation: c, NeedsReply: needsReply(c), WindowOpen: c.WindowOpen(now)}
		if mark := marks[c.ID]; c.LastInboundAt.After(mark) {
			if e.Unread, err = st.CountInbound(ctx, p.OrgID, c.ID, mark); err != nil {
				return Inbox{}, fmt.Errorf("console: unread of %s: %w", c.ID, err)
			}
		}
		if f.Unread && e.Unread == 0 {
			continue
		}
		in.Conversations = append(in.Conversations, e)
	}
	return in, nil
}
