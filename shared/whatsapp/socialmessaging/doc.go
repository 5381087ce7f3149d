// Package socialmessaging is the whatsapp.Provider adapter for AWS End User Messaging Social
// (service prefix social-messaging): sends are SendWhatsAppMessage calls carrying Meta's Cloud API
// message JSON, templates come from ListWhatsAppMessageTemplates (names, statuses) and
// GetWhatsAppMessageTemplate (each one's components, as Meta's JSON), media goes through our S3
// bucket (GetWhatsAppMessageMedia writes a person's media there, PostWhatsAppMessageMedia reads
// an attachment's object; see WithMedia), and events arrive as SNS messages whose
// whatsAppWebhookEntry is one Meta webhook entry (ParseEvent).
//
// An organisation's settings map onto the port's Account as follows: PhoneNumberID is the linked
// phone number's ARN (arn:aws:social-messaging:REGION:ACCOUNT:phone-number-id/ID), whose region
// the calls go to, and WABAID the linked WhatsApp Business Account's ARN (…:waba/ID). There is no
// token: the function's IAM role is the credential.
//
// The AWS SDK for Go v2 module service/socialmessaging is not on the module proxy this project
// reaches, so Service speaks the service's REST-JSON protocol itself, signed with the SDK's
// SigV4 signer and credentials; the adapter sees it only through the narrow API interface.
package socialmessaging
