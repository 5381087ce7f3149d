// Package property holds the nouns of the property platform that PropLink Chat's assistant
// reads and writes — sites, units, contacts, vendors, balances, demands, arrears cases, tickets,
// work orders and spend — and the Platform port through which it reaches them. The records
// live either on the organisation's own property platform (an HTTP adapter speaking the
// contract in shared/property/platformhttp) or in the built-in store in DynamoDB (shared/dynamo)
// for organisations without such an API. It imports no AWS package.
//
// Every call is scoped to one organisation. The Platform checks nothing about who asks: the
// assistant's capability code decides what a person may see (a resident their own units, a
// contractor the work orders they were invited to or awarded, staff their site scope) before it
// asks, and answers "not found or not yours" for anything else.
package property
