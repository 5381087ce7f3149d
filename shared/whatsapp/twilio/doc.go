// Package twilio is the whatsapp.Provider adapter for Twilio's Messages API (WhatsApp sender):
// sends are form-encoded POSTs to /2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic
// auth, templates are Content API items sent by ContentSid (reply buttons too: a twilio/quick-reply
// item per button set, see SendButtons), and webhooks (status callbacks and
// inbound messages) are form-encoded and signed with X-Twilio-Signature.
//
// An organisation's Twilio settings map onto the port's Account as follows: PhoneNumberID is the
// business number's digits (E.164 without "+": the WhatsApp sender, and what inbound webhooks name
// in To, so webhooks route by it unchanged), and the token is "<AccountSid>:<AuthToken>". A Twilio template's Name is its Content SID (HX…), which is
// stable and is what a send needs; its DisplayName is the template's friendly name.
package twilio
