package dynamo

import (
	"fmt"
	"strconv"

	"github.com/proplink/chat/shared/ddb"
)

// The sort keys and prefixes of the table's items (see the table in doc.go).
const (
	skToken         = "TOKEN"
	skSettings      = "SETTINGS#WHATSAPP"
	skRoute         = "ROUTE"
	skTemplatePfx   = "TEMPLATE#"
	skTplNamePfx    = "TPLNAME#"
	skTemplateCount = "COUNTER#TEMPLATE"
	skJob           = "JOB"
	skNotePfx       = "NOTE#"
	skMessage       = "MSG"
)

// key is the primary key of one item.
type key struct {
	PK string `dynamodbav:"PK"`
	SK string `dynamodbav:"SK"`
}

// av returns the key as DynamoDB attribute values.
func (k key) av() map[string]ddb.AttributeValue {
	return map[string]ddb.AttributeValue{
		"PK": &ddb.AttributeValueMemberS{Value: k.PK},
		"SK": &ddb.AttributeValueMemberS{Value: k.SK},
	}
}

func orgPK(org string) string { return "ORG#" + org }

func tokenKey(org, hash string) key { return key{orgPK(org) + "#TOKEN#" + hash, skToken} }

// tokenListPK is the GSI1 partition that lists an organisation's API tokens (GSI1SK is the
// token's id).
func tokenListPK(org string) string { return orgPK(org) + "#TOKENS" }

func settingsKey(org string) key { return key{orgPK(org), skSettings} }

func routeKey(phoneNumberID string) key { return key{"PHONE#" + phoneNumberID, skRoute} }

func wabaRouteKey(wabaID string) key { return key{"WABA#" + wabaID, skRoute} }

// configuredOrgsPK is the GSI1 partition that lists every organisation whose WhatsApp settings
// are configured (GSI1SK is the organisation id).
const configuredOrgsPK = "ORGS#WHATSAPP"

// templateSK zero-pads the id so that the sort key orders templates by id.
func templateSK(id int) string { return fmt.Sprintf("%s%010d", skTemplatePfx, id) }

func templateKey(org string, id int) key { return key{orgPK(org), templateSK(id)} }

func templateNameKey(org, name, lang string) key {
	return key{orgPK(org), skTplNamePfx + lang + "#" + name}
}

func templateCounterKey(org string) key { return key{orgPK(org), skTemplateCount} }

func jobPK(org string, job int64) string { return orgPK(org) + "#JOB#" + strconv.FormatInt(job, 10) }

func jobKey(org string, job int64) key { return key{jobPK(org, job), skJob} }

func noteKey(org string, job int64, note string) key { return key{jobPK(org, job), skNotePfx + note} }

func messageKey(org, message string) key { return key{orgPK(org) + "#MSG#" + message, skMessage} }
