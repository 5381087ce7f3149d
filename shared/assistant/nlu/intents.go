package nlu

import (
	"maps"
	"slices"
	"sync"
)

// rule says that a phrase in a message is evidence, of the given weight, for an intent. An
// intent's score is the sum of the weights of its rules that match (each rule once).
type rule struct {
	intent Intent
	weight float64
	says   phrase
}

// rules builds the rule table from a compact spec: per intent, weight → phrases.
func rules(spec map[Intent]map[float64][]string) []rule {
	var out []rule
	for _, in := range allIntents {
		weights := slices.Sorted(maps.Keys(spec[in]))
		slices.Reverse(weights)
		for _, w := range weights {
			for _, p := range phrases(spec[in][w]...) {
				out = append(out, rule{intent: in, weight: w, says: p})
			}
		}
	}
	return out
}

// allIntents fixes the order intents are scored and listed in, so results never depend on map
// order.
var allIntents = []Intent{
	IntentGreeting, IntentHelp, IntentBalance, IntentRaiseTicket, IntentCompleteWorkOrder,
	IntentArrearsStatus, IntentSiteSpend, IntentNextDemand, IntentPayInvoice, IntentTicketStatus,
	IntentAcceptWorkOrder, IntentDeclineWorkOrder, IntentWorkOrderUpdate, IntentUploadPhoto,
	IntentListWorkOrders, IntentTalkToStaff, IntentConfirmYes, IntentConfirmNo, IntentChoose,
	IntentLinkCode, IntentUnlink, IntentUnknown,
}

// intentRules is the keyword evidence for each intent. Words are as tokenize leaves them (slang
// spelt out, "what's" as "what", "doesn't" as "doesnt"); typos are corrected before matching.
// It is built on first use, not at the function's start.
var intentRules = sync.OnceValue(func() []rule {
	return rules(map[Intent]map[float64][]string{
		IntentGreeting: {
			0.3: {"hi", "hello", "hey", "hiya", "morning", "afternoon", "evening", "thanks", "thank you"},
		},
		IntentHelp: {
			1.2: {"what can you do", "what can i ask", "what can i do", "how does this work", "what do you do",
				"what can this do", "what does this do", "how does it work", "what can you help"},
			1.0: {"menu", "commands", "how do i use"},
			0.7: {"help", "options"},
		},
		IntentBalance: {
			1.0: {"balance", "balances"},
			0.8: {"owes", "owing", "owed", "in credit"},
			0.6: {"owe", "outstanding", "how much does"},
			0.4: {"statement", "credit", "account"},
		},
		IntentArrearsStatus: {
			1.0: {"arrears"},
			0.8: {"chase", "chaser", "chased", "chasing", "chasers"},
			0.6: {"gone out", "behind on", "late payment", "next step", "last step", "debt", "paused", "day letter",
				"final notice"},
			0.5: {"solicitor", "reminder", "reminders", "escalated", "recovery", "collection"},
			0.4: {"letter", "gone to"},
			0.3: {"sent"},
		},
		IntentSiteSpend: {
			1.0: {"spend", "spent", "spending", "expenditure", "expenses", "outgoings"},
			0.7: {"paid out", "costs", "budget"},
			0.5: {"bills", "how much have we", "cost", "costing"},
			0.3: {"invoice"},
		},
		IntentRaiseTicket: {
			1.0: {"new ticket", "raise a ticket", "open a ticket", "log a ticket", "create a ticket",
				"no hot water", "no heating", "not working", "doesnt work", "isnt working", "stopped working",
				"won't work", "out of order", "report a", "want to report", "need a repair", "smell of gas", "smell gas", "gas leak"},
			0.9: {"leak", "leaking", "leaks", "burst", "flooding", "flood", "broken", "broke"},
			0.8: {"repair", "damp", "mould", "mold", "blocked", "smashed", "report", "reporting",
				"dripping", "send someone", "sparking", "locked out"},
			0.7: {"fix", "noise", "noisy", "complaint", "complain", "graffiti", "pest", "mice", "rats",
				"cockroaches", "antisocial", "asb", "problem", "drugs", "plumber", "electrician", "raise", "log", "crack"},
			0.6: {"smoking", "issue", "damaged", "damage", "cracked", "maintenance", "wasps", "beeping", "fixing"},
			0.5: {"smell", "rubbish", "boiler", "look at", "come and", "fire alarm", "loud", "neighbour", "neighbours"},
			0.4: {"request", "lift", "heating", "sort", "ticket", "fixed", "faulty", "coming through",
				"gas", "is out", "are out", "won't", "keeps", "flush", "weed", "every night", "is down", "are down", "gone down", "dumped"},
			// Things that break: evidence only with another word.
			0.3: {"water", "ceiling", "wall", "walls", "window", "windows", "door", "light", "lights", "tap",
				"toilet", "sink", "shower", "roof", "radiator", "intercom", "lock", "gate", "bins", "stairs",
				"hallway", "floor", "kitchen", "bathroom", "bedroom", "drain", "gutter", "pipe", "carpet"},
		},
		IntentTicketStatus: {
			1.5: {"still waiting", "still not", "still no"},
			1.2: {"nobody came", "no one came", "nobody come", "no one come", "nobody turned up", "no one turned up"},
			1.0: {"any update", "any news", "any progress", "happening with", "update on my", "status of my"},
			0.9: {"when will", "when is someone", "when are you"},
			0.8: {"someone coming", "anyone coming", "coming to fix", "coming to look", "my ticket", "heard back", "heard anything", "chase up", "following up"},
			0.6: {"update on", "status", "my request", "my repair", "my complaint", "my report",
				"been fixed", "reported", "what happening", "has anyone", "looked at", "anyone been", "did anyone",
				"nobody has", "no one has", "i reported"},
			0.4: {"progress", "ticket", "update", "news", "yet", "read my"},
		},
		IntentCompleteWorkOrder: {
			1.0: {"complete", "completed", "finished", "done", "job done", "all done", "work done", "sign off",
				"signed off", "wrapped up"},
			0.7: {"finish", "completion", "sorted", "mark", "close", "closed"},
			0.5: {"fixed", "repaired"},
		},
		IntentAcceptWorkOrder: {
			1.0: {"accept", "accepted", "accepting", "i'll take", "take the job", "count me in", "i'll do it",
				"sign me up", "i can do it", "can take it", "i'll do the job"},
			0.7: {"take it", "can do", "interested", "happy to", "i'm in", "yes i can"},
			0.4: {"available", "do it"},
		},
		IntentDeclineWorkOrder: {
			1.3: {"not available", "unavailable", "not interested", "too busy", "fully booked", "booked up",
				"can't do", "cannot do", "can't take", "cannot take", "won't be able", "unable to", "not for me",
				"can't make", "cannot make", "can't accept", "cannot accept", "have to decline", "not this time",
				"not this one"},
			1.0: {"decline", "declined", "declining", "reject", "turn down", "turn * down", "turn * * down",
				"pass on"},
			0.5: {"busy", "no thanks"},
		},
		IntentWorkOrderUpdate: {
			1.2: {"nearly done", "almost done", "nearly finished", "almost finished", "half done", "not done",
				"not finished", "still working", "working on"},
			1.0: {"on site", "onsite", "arrived", "on my way", "en route", "running late", "waiting for parts",
				"no access", "no one in", "nobody in", "couldnt get in", "need to come back", "at the property",
				"started", "begun", "halfway", "half way", "here now", "i'm here", "be there", "status update",
				"mins late", "minutes late", "min late", "hour late"},
			0.8: {"starting", "delayed", "eta", "no answer", "parts", "come back", "more time", "progress",
				"update", "waiting on", "will return", "back on"},
			0.4: {"part", "return"},
			0.6: {"late", "delay"},
			0.5: {"outside", "waiting", "tomorrow", "today"},
		},
		IntentUploadPhoto: {
			0.9: {"photo", "photos", "picture", "pictures", "image", "images"},
			0.7: {"upload", "uploading", "uploaded", "before and after"},
			0.3: {"attached", "attaching", "here are", "evidence", "sending"},
		},
		IntentListWorkOrders: {
			1.0: {"my jobs", "what jobs", "any jobs", "my work orders", "work orders", "what work", "open jobs",
				"jobs today", "jobs for me", "anything for me", "got for me", "my work"},
			0.8: {"my list", "my schedule"},
			0.6: {"jobs", "assigned", "schedule", "list", "any work"},
			0.4: {"what on"},
		},
		IntentNextDemand: {
			1.0: {"demand", "demands", "service charge", "ground rent", "next bill", "next payment",
				"when do i pay", "my balance", "me balance", "i owe", "payment due", "when is it due",
				"how much do you want", "how much do i owe"},
			0.6: {"bill", "bills", "due", "charges", "how much do i"},
			0.5: {"have to pay", "need to pay"},
			0.4: {"when"},
			0.3: {"owe", "next"},
		},
		IntentPayInvoice: {
			1.0: {"payment link", "make a payment", "pay my", "pay the", "pay this", "pay it", "pay online",
				"pay now", "how do i pay", "how can i pay", "pay by card", "settle"},
			0.8: {"pay", "paying"},
			0.6: {"invoice", "direct debit", "bank transfer", "card"},
			0.4: {"link"},
		},
		IntentTalkToStaff: {
			1.0: {"human", "call me", "ring me", "phone me", "call back", "callback", "real person",
				"speak to someone", "talk to someone", "contact me", "not a bot", "operator"},
			0.8: {"speak to", "talk to", "speak with", "agent", "person"},
			0.6: {"manager", "someone", "staff", "office"},
		},
		IntentConfirmYes: {
			0.6: {"yes", "yeah", "yep", "confirm", "go ahead", "ok"},
		},
		IntentConfirmNo: {
			0.6: {"cancel", "cancel that", "never mind", "nevermind"},
			0.4: {"no", "nope"},
		},
		IntentUnlink: {
			1.2: {"unlink", "disconnect", "remove my number", "remove this number", "unpair", "delink",
				"stop linking", "unregister", "deregister"},
			0.8: {"log out", "logout", "sign out"},
		},
	})
})

// injection are the marks of text trying to steer the assistant rather than ask it something.
var injection = phrases("ignore", "disregard", "instructions", "system prompt", "prompt", "pretend",
	"you are now", "jailbreak", "act as", "developer mode", "admin mode", "override", "bypass", "sudo",
	"forget your", "forget everything", "reveal", "roleplay", "previous instructions")

// bulkData are the marks of a request for many people's records at once, which no intent is.
var bulkData = phrases("all tenants", "all residents", "all leaseholders", "every tenant",
	"every resident", "everyone", "all contacts", "all balances", "all the balances", "everyones",
	"list all", "dump", "database", "sql", "select", "drop table", "api key", "password",
	"other residents", "other tenants", "phone numbers", "all the tenants", "all the residents",
	"every leaseholder", "all units", "all flats", "every job", "all jobs", "all work orders",
	"every work order", "every contractor", "all contractors")

// Penalties subtracted from every intent's score when a message bears these marks.
const (
	injectionPenalty = 0.5
	bulkPenalty      = 0.7
	foreignPenalty   = 0.6
)
