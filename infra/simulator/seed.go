package simulator

import (
	"slices"
	"strconv"

	"github.com/proplink/chat/shared/messaging"
)

// SeedTemplates returns the four templates of the send API's seed (job_created,
// contractor_assigned, appointment_reminder, job_completed), approved, en_GB, UTILITY, with
// named parameters whose BODY uses exactly the seed's variables in order, plus gas_safety_notice,
// still PENDING, so tests can show a template that is not approved is refused, and the
// assistant's two: ticket_update (a staff reply on a ticket, outside the window) and
// work_order_invitation (with Accept and Decline quick-reply buttons).
func SeedTemplates() []messaging.Template {
	body := func(text string) []messaging.Component {
		return []messaging.Component{{Type: "BODY", Text: text}}
	}
	tpls := []messaging.Template{
		{
			Name: "job_created", Description: "Notify the tenant that a new job has been raised for their property",
			Components: body("A new job, reference {{job_ref}}, has been raised for {{property_address}}: {{job_type}}. We will be in touch to arrange a visit."),
		},
		{
			Name: "contractor_assigned", Description: "Inform the tenant of the contractor who will attend",
			Components: body("{{contractor_name}} will attend your repair. You can reach them on {{contractor_phone}}. The visit is scheduled for {{scheduled_date}}."),
		},
		{
			Name: "appointment_reminder", Description: "Remind the tenant of an upcoming appointment the day before",
			Components: body("Hi {{tenant_first_name}}, a reminder of your appointment on {{appointment_date}} between {{time_window}}. Reply to this message if you need to rearrange."),
		},
		{
			Name: "job_completed", Description: "Notify the tenant that their repair has been completed",
			Components: body("Your repair {{job_ref}} was completed on {{completion_date}}. Thank you for your patience."),
		},
		{
			Name: "gas_safety_notice", Description: "Tell the tenant their annual gas safety check is due",
			Status:     messaging.TemplatePending,
			Components: body("Your annual gas safety check at {{property_address}} is due on {{scheduled_date}}."),
		},
		{
			Name: "ticket_update", Description: "Tell a resident staff replied on their ticket, outside the 24-hour window",
			Components: body("There is a reply on your ticket {{ticket_ref}}: \"{{excerpt}}\" Reply to this message to read it in full or to answer."),
		},
		{
			Name: "work_order_invitation", Description: "Invite a contractor to a work order, with Accept and Decline buttons",
			Components: append(body("You are invited to work order {{work_order_ref}}: {{title}} at {{site}}, to be done by {{deadline}}. Would you like to take it on?"),
				messaging.Component{Type: "BUTTONS", Buttons: []messaging.Button{{Type: "QUICK_REPLY", Text: "Accept"}, {Type: "QUICK_REPLY", Text: "Decline"}}}),
		},
	}
	displayNames := []string{"Job Created Notification", "Contractor Assigned", "Appointment Reminder", "Job Completed", "Gas Safety Notice",
		"Ticket Update", "Work Order Invitation"}
	for i := range tpls {
		t := &tpls[i]
		t.DisplayName = displayNames[i]
		t.Language = "en_GB"
		t.Category = "UTILITY"
		if t.Status == "" {
			t.Status = messaging.TemplateApproved
		}
		t.ParameterFormat = messaging.FormatNamed
		t.ProviderID = strconv.Itoa(1320454865689500 + i + 1)
		t.Variables = messaging.DeriveVariables(t.Components)
	}
	return slices.Clip(tpls)
}
