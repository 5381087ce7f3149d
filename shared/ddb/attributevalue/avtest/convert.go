// Package avtest checks shared/ddb/attributevalue against the SDK's attributevalue package: it
// converts between the SDK's and ddb's attribute values, builds representative values of any Go
// type, and compares what both packages make of them. Only tests import it: it links the SDK.
package avtest

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/proplink/chat/shared/ddb"
)

// FromSDK converts the SDK's attribute value to ddb's, member for member (nil stays nil).
func FromSDK(av types.AttributeValue) ddb.AttributeValue {
	switch v := av.(type) {
	case nil:
		return nil
	case *types.AttributeValueMemberB:
		return &ddb.AttributeValueMemberB{Value: v.Value}
	case *types.AttributeValueMemberBOOL:
		return &ddb.AttributeValueMemberBOOL{Value: v.Value}
	case *types.AttributeValueMemberBS:
		return &ddb.AttributeValueMemberBS{Value: v.Value}
	case *types.AttributeValueMemberL:
		var l []ddb.AttributeValue
		if v.Value != nil {
			l = make([]ddb.AttributeValue, len(v.Value))
		}
		for i, e := range v.Value {
			l[i] = FromSDK(e)
		}
		return &ddb.AttributeValueMemberL{Value: l}
	case *types.AttributeValueMemberM:
		return &ddb.AttributeValueMemberM{Value: FromSDKMap(v.Value)}
	case *types.AttributeValueMemberN:
		return &ddb.AttributeValueMemberN{Value: v.Value}
	case *types.AttributeValueMemberNS:
		return &ddb.AttributeValueMemberNS{Value: v.Value}
	case *types.AttributeValueMemberNULL:
		return &ddb.AttributeValueMemberNULL{Value: v.Value}
	case *types.AttributeValueMemberS:
		return &ddb.AttributeValueMemberS{Value: v.Value}
	case *types.AttributeValueMemberSS:
		return &ddb.AttributeValueMemberSS{Value: v.Value}
	default:
		panic(fmt.Sprintf("avtest: no ddb member for %T", av))
	}
}

// FromSDKMap converts an item of the SDK's attribute values (nil stays nil).
func FromSDKMap(m map[string]types.AttributeValue) map[string]ddb.AttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]ddb.AttributeValue, len(m))
	for k, e := range m {
		out[k] = FromSDK(e)
	}
	return out
}

// ToSDK converts ddb's attribute value to the SDK's, member for member (nil stays nil).
func ToSDK(av ddb.AttributeValue) types.AttributeValue {
	switch v := av.(type) {
	case nil:
		return nil
	case *ddb.AttributeValueMemberB:
		return &types.AttributeValueMemberB{Value: v.Value}
	case *ddb.AttributeValueMemberBOOL:
		return &types.AttributeValueMemberBOOL{Value: v.Value}
	case *ddb.AttributeValueMemberBS:
		return &types.AttributeValueMemberBS{Value: v.Value}
	case *ddb.AttributeValueMemberL:
		var l []types.AttributeValue
		if v.Value != nil {
			l = make([]types.AttributeValue, len(v.Value))
		}
		for i, e := range v.Value {
			l[i] = ToSDK(e)
		}
		return &types.AttributeValueMemberL{Value: l}
	case *ddb.AttributeValueMemberM:
		return &types.AttributeValueMemberM{Value: ToSDKMap(v.Value)}
	case *ddb.AttributeValueMemberN:
		return &types.AttributeValueMemberN{Value: v.Value}
	case *ddb.AttributeValueMemberNS:
		return &types.AttributeValueMemberNS{Value: v.Value}
	case *ddb.AttributeValueMemberNULL:
		return &types.AttributeValueMemberNULL{Value: v.Value}
	case *ddb.AttributeValueMemberS:
		return &types.AttributeValueMemberS{Value: v.Value}
	case *ddb.AttributeValueMemberSS:
		return &types.AttributeValueMemberSS{Value: v.Value}
	default:
		panic(fmt.Sprintf("avtest: no SDK member for %T", av))
	}
}

// ToSDKMap converts an item of ddb's attribute values (nil stays nil).
func ToSDKMap(m map[string]ddb.AttributeValue) map[string]types.AttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]types.AttributeValue, len(m))
	for k, e := range m {
		out[k] = ToSDK(e)
	}
	return out
}
