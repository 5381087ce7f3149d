// Command simulator serves the WhatsApp provider simulator (Meta Graph API and 360dialog) for
// `make dev` and the e2e tests until interrupted.
package main

import (
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/proplink/chat/infra/simulator"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:3100", "listen address")
	phone := flag.String("phone-number-id", simulator.DefaultAccount.PhoneNumberID, "business phone number id of the simulated account")
	waba := flag.String("waba-id", simulator.DefaultAccount.WABAID, "WhatsApp Business Account id of the simulated account")
	token := flag.String("token", simulator.DefaultAccount.Token, "bearer token (and 360dialog key) the simulated account accepts")
	flag.Parse()
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))

	sim := simulator.New(simulator.Options{Accounts: []simulator.Account{{PhoneNumberID: *phone, WABAID: *waba, Token: *token}}})
	url, err := sim.Start(*addr)
	if err != nil {
		log.Error("simulator did not start", "err", err)
		os.Exit(1)
	}
	log.Info("simulator listening", "url", url, "phone_number_id", *phone, "waba_id", *waba)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	if err := sim.Close(); err != nil {
		log.Error("simulator did not stop cleanly", "err", err)
		os.Exit(1)
	}
}
