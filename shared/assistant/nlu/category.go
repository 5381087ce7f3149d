package nlu

// Ticket categories and priorities, as the platform names them.
const (
	CategoryMaintenance = "Maintenance"
	CategoryComplaint   = "Complaint"
	CategoryQuery       = "Query"
	CategoryASB         = "Antisocial behaviour"
	CategoryCompliance  = "Compliance"
	CategoryInsurance   = "Insurance"
	CategoryAccount     = "Account"
	CategoryOther       = "Other"

	PriorityUrgent = "Urgent"
	PriorityHigh   = "High"
	PriorityMedium = "Medium"
	PriorityLow    = "Low"
)

// labelled is a value and the phrases that name it; the first list that matches wins, so the
// more specific lists come first.
type labelled struct {
	value string
	says  []phrase
}

// categories names each ticket category by the words residents and staff use for it.
var categories = []labelled{
	{CategoryCompliance, phrases("fire alarm", "smoke alarm", "fire door", "fire doors", "gas safety",
		"asbestos", "legionella", "fire risk", "compliance", "eicr", "emergency lighting", "sprinkler",
		"carbon monoxide", "co alarm", "fire extinguisher")},
	{CategoryInsurance, phrases("insurance", "insurer", "claim")},
	{CategoryASB, phrases("antisocial", "anti social", "asb", "noise", "noisy", "loud", "music",
		"party", "shouting", "harassment", "harassing", "drugs", "threatening", "neighbour", "neighbours",
		"fighting", "smoking weed", "smoking", "weed")},
	{CategoryAccount, phrases("account", "statement", "refund", "overcharged", "charged twice",
		"wrong charge", "direct debit", "payment", "paid", "charges")},
	{CategoryComplaint, phrases("complaint", "complain", "complaining", "unhappy", "rude", "disgusting",
		"not good enough", "unacceptable", "fed up", "disappointed")},
	{CategoryMaintenance, phrases("leak", "leaking", "leaks", "broken", "repair", "fix", "boiler",
		"heating", "hot water", "damp", "mould", "mold", "flush", "out of order", "buzzer", "blocked", "lift", "light", "lights", "window",
		"door", "roof", "drain", "toilet", "water", "electric", "electrics", "crack", "pest",
		"mice", "rats", "flood", "flooding", "ceiling", "tap", "shower", "radiator", "not working",
		"gutter", "bulb", "intercom", "entry", "gate", "lock", "graffiti", "rubbish", "bins",
		"smashed", "damage", "damaged", "cockroaches", "wasps", "pipe", "burst", "sink")},
	{CategoryQuery, phrases("question", "query", "wondering", "can i", "am i allowed", "permission",
		"how do i", "is it ok")},
}

// priorities names each priority; "not urgent" is read before "urgent".
var priorities = []labelled{
	{PriorityLow, phrases("not urgent", "no rush", "no hurry", "low priority", "whenever", "when you can",
		"when you get a chance", "low")},
	{PriorityUrgent, phrases("urgent", "urgently", "emergency", "asap", "as soon as possible",
		"immediately", "dangerous", "danger", "right now", "flooding", "sparking", "gas smell", "smell gas",
		"smell of gas")},
	{PriorityHigh, phrases("high priority", "high", "important", "quickly", "soon", "priority")},
	{PriorityMedium, phrases("medium", "normal priority", "medium priority")},
}

// findLabel returns the first value whose phrase occurs in ws, and the phrase.
func findLabel(ls []labelled, ws []string) (value string, said phrase, ok bool) {
	for _, l := range ls {
		for _, p := range l.says {
			if p.find(ws) >= 0 {
				return l.value, p, true
			}
		}
	}
	return "", nil, false
}
