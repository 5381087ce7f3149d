package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/proplink/chat/shared/ddb"
)

// SetTemplateStatus refreshes the status of the template named name in language lang, as a
// provider's template status update reports it: 1 GetItem (the name claim) + 1 conditional
// UpdateItem. It reports whether the template is known; an unknown one is left for the next
// sync.
func (s *Store) SetTemplateStatus(ctx context.Context, orgID, name, lang, status string) (bool, error) {
	var claim nameClaimItem
	found, err := s.get(ctx, templateNameKey(orgID, name, lang), true, &claim)
	if err != nil {
		return false, fmt.Errorf("dynamo: template status of %s/%s in %s: %w", name, lang, orgID, err)
	}
	if !found {
		return false, nil
	}
	_, err = s.db.UpdateItem(ctx, &ddb.UpdateItemInput{
		TableName:                 aws.String(s.table),
		Key:                       templateKey(orgID, claim.TemplateID).av(),
		UpdateExpression:          aws.String("SET #status = :status"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND #status <> :deleted"),
		ExpressionAttributeNames:  map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]ddb.AttributeValue{":status": sv(status), ":deleted": sv(TemplateDeleted)},
	})
	if _, failed := conditionFailed(err); failed {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("dynamo: set status of template %d of %s: %w", claim.TemplateID, orgID, err)
	}
	return true, nil
}
