// Package fakes holds the hand-written fakes of the ports the services' unit tests share: a
// WhatsApp provider, queues, secrets, metrics, pacers and limiters, visibility and a clock.
// Each records what it was asked, is safe for concurrent use unless it says otherwise, and
// imports no adapter package, so every service's tests can use it. The table in memory is
// package memstore.
package fakes
