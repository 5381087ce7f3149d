// Package meta is the WhatsApp provider adapter for Meta's Cloud API (Graph API) and for
// 360dialog's Cloud API (waba-v2), which carries Meta's JSON under its own base URL and key.
//
// It sends template messages, lists an account's templates (following pagination only on the
// account's own host) and turns every failed call into a *whatsapp.Error that
// whatsapp.Error.Class can classify. Tokens never appear in errors.
package meta
