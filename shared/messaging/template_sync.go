package messaging

// RemovesAllApproved reports whether merging fromProvider into stored would take every stored
// approved template away: there is at least one, and the provider lists none of them (by name
// and language). An empty or failed list from a provider must not mark an organisation's
// templates deleted in one go, so such a sync is refused unless forced.
func RemovesAllApproved(stored, fromProvider []Template) bool {
	listed := make(map[string]bool, len(fromProvider))
	for _, t := range fromProvider {
		listed[t.Language+"#"+t.Name] = true
	}
	approved := 0
	for _, t := range stored {
		if !t.Sendable() {
			continue
		}
		approved++
		if listed[t.Language+"#"+t.Name] {
			return false
		}
	}
	return approved > 0
}

// MsgSyncWouldRemoveAll is the refusal of a sync that would remove every approved template.
const MsgSyncWouldRemoveAll = "The provider listed none of the organisation's approved templates, so this sync would mark them all deleted; it was refused. Check the provider account, or force it with ?force=true"
