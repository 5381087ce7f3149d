package dynamo

import (
	"context"
	"fmt"

	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/property"
)

// Balance returns a unit's statement balance, or not found.
func (s *Store) Balance(ctx context.Context, orgID, unitID string) (property.Balance, error) {
	r, err := s.GetRecord(ctx, orgID, property.CollBalances, unitID)
	if err != nil {
		return property.Balance{}, err
	}
	return r.(property.Balance), nil
}

// Arrears returns a unit's arrears case, or not found when the unit has none.
func (s *Store) Arrears(ctx context.Context, orgID, unitID string) (property.ArrearsCase, error) {
	r, err := s.GetRecord(ctx, orgID, property.CollArrears, unitID)
	if err != nil {
		return property.ArrearsCase{}, err
	}
	return r.(property.ArrearsCase), nil
}

// Demands returns a unit's demands, newest due date first, from the unit's demand index.
func (s *Store) Demands(ctx context.Context, orgID, unitID string) ([]property.Demand, error) {
	items, err := s.index(ctx, demandsGSI1PK(orgID, unitID), "", true)
	if err != nil {
		return nil, fmt.Errorf("dynamo: demands of %s/%s: %w", orgID, unitID, err)
	}
	out := make([]property.Demand, 0, len(items))
	for _, item := range items {
		r, err := decodeRecord(property.CollDemands, item)
		if err != nil {
			return nil, fmt.Errorf("dynamo: demands of %s/%s: %w", orgID, unitID, err)
		}
		out = append(out, r.(property.Demand))
	}
	return out, nil
}

// Spend adds up a site's bills and work-order costs dated in month (YYYY-MM), and its budgets
// for the month, from the site's spend index.
func (s *Store) Spend(ctx context.Context, orgID, siteID, month string) (property.Spend, error) {
	if !property.ValidMonth(month) {
		return property.Spend{}, messaging.Errorf(messaging.CodeInvalid, "Invalid or missing required parameter: month (YYYY-MM)")
	}
	items, err := s.index(ctx, spendGSI1PK(orgID, siteID), month, false)
	if err != nil {
		return property.Spend{}, fmt.Errorf("dynamo: spend of %s/%s in %s: %w", orgID, siteID, month, err)
	}
	sp := property.Spend{SiteID: siteID, Month: month}
	for _, item := range items {
		r, err := decodeRecord(collectionOf(item), item)
		if err != nil {
			return property.Spend{}, fmt.Errorf("dynamo: spend of %s/%s in %s: %w", orgID, siteID, month, err)
		}
		property.AddToSpend(&sp, r)
	}
	return sp, nil
}
