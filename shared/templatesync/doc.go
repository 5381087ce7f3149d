// Package templatesync is the scheduled template sync: on each run it brings every configured
// organisation's templates in line with its provider's list (as POST
// /api/admin/whatsapp/templates/sync does for one), so template ids stay stable and statuses
// stay fresh without anyone pressing the button. One organisation's failure (a revoked token,
// a provider outage) is logged and counted and never stops the others.
package templatesync
