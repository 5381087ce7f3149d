// Package understanding adapts the deterministic understanding core (shared/assistant/nlu) to
// the assistant's Understander port: the speaker's directory becomes the vocabulary the core
// matches names against, and its Result becomes an assistant.Understanding.
package understanding

import (
	"time"

	"github.com/proplink/chat/shared/assistant"
	"github.com/proplink/chat/shared/assistant/nlu"
	"github.com/proplink/chat/shared/property"
)

// NLU is the assistant's Understander over package nlu. It holds no state and is safe for
// concurrent use.
type NLU struct{}

var _ assistant.Understander = NLU{}

// Parse reads a fresh message from a speaker in role, matching names against d only.
func (NLU) Parse(text string, role assistant.Role, d property.Directory, now time.Time) assistant.Understanding {
	return understandingOf(nlu.Parse(text, nlu.Role(role), Vocabulary(d), now))
}

// Fill reads the answer to a question asking for one entity of kind want.
func (NLU) Fill(text, want string, role assistant.Role, d property.Directory, now time.Time) assistant.Understanding {
	return understandingOf(nlu.Fill(text, nlu.EntityKind(want), nlu.Role(role), Vocabulary(d), now))
}

// Vocabulary is the directory's sites (with their aliases), units and contacts as the
// understanding core matches them.
func Vocabulary(d property.Directory) nlu.Vocabulary {
	v := nlu.Vocabulary{
		Sites:    make([]nlu.Site, 0, len(d.Sites)),
		Units:    make([]nlu.Unit, 0, len(d.Units)),
		Contacts: make([]nlu.Contact, 0, len(d.Contacts)),
	}
	for _, s := range d.Sites {
		v.Sites = append(v.Sites, nlu.Site{ID: s.ID, Name: s.Name, Aliases: s.Aliases})
	}
	for _, u := range d.Units {
		v.Units = append(v.Units, nlu.Unit{ID: u.ID, Label: u.Label, SiteID: u.SiteID})
	}
	for _, c := range d.Contacts {
		v.Contacts = append(v.Contacts, nlu.Contact{ID: c.ID, Name: c.Name, UnitIDs: c.UnitIDs})
	}
	return v
}

// understandingOf is a Result as the assistant reads it.
func understandingOf(r nlu.Result) assistant.Understanding {
	u := assistant.Understanding{Intent: string(r.Intent), Confidence: r.Confidence, Trace: r.Trace}
	if len(r.Entities) > 0 {
		u.Entities = make(map[string]string, len(r.Entities))
		for k, v := range r.Entities {
			u.Entities[string(k)] = v
		}
	}
	if len(r.Candidates) > 0 {
		u.Candidates = make(map[string][]assistant.Candidate, len(r.Candidates))
		for k, cs := range r.Candidates {
			for _, c := range cs {
				u.Candidates[string(k)] = append(u.Candidates[string(k)], assistant.Candidate{ID: c.ID, Label: c.Label, Score: c.Score})
			}
		}
	}
	return u
}
