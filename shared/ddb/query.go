package ddb

import (
	"context"
	"errors"
)

// QueryInput is Query's request.
type QueryInput struct {
	TableName                 *string
	ConsistentRead            *bool
	ExclusiveStartKey         map[string]AttributeValue
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
	FilterExpression          *string
	IndexName                 *string
	KeyConditionExpression    *string
	Limit                     *int32
	ProjectionExpression      *string
	ScanIndexForward          *bool
	Select                    Select
}

// QueryOutput is one page of Query's answer; LastEvaluatedKey is nil on the last page.
type QueryOutput struct {
	Count            int32
	Items            []map[string]AttributeValue
	LastEvaluatedKey map[string]AttributeValue
	ScannedCount     int32
}

// Query reads one page of the items of a partition (of the table or IndexName).
func (c *Client) Query(ctx context.Context, in *QueryInput, optFns ...func(*Options)) (*QueryOutput, error) {
	if in == nil {
		in = &QueryInput{}
	}
	w := &writer{}
	w.open('{')
	w.optStr("TableName", in.TableName)
	w.optStr("IndexName", in.IndexName)
	w.optStr("KeyConditionExpression", in.KeyConditionExpression)
	w.optStr("FilterExpression", in.FilterExpression)
	w.optStr("ProjectionExpression", in.ProjectionExpression)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.values("ExpressionAttributeValues", in.ExpressionAttributeValues)
	w.item("ExclusiveStartKey", in.ExclusiveStartKey)
	w.optBool("ConsistentRead", in.ConsistentRead)
	w.optInt("Limit", in.Limit)
	w.optBool("ScanIndexForward", in.ScanIndexForward)
	w.enum("Select", string(in.Select))
	w.close('}')
	out := &QueryOutput{}
	if err := c.call(ctx, "Query", w, page(&out.Items, &out.LastEvaluatedKey, &out.Count, &out.ScannedCount), optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// ScanInput is Scan's request.
type ScanInput struct {
	TableName                 *string
	ConsistentRead            *bool
	ExclusiveStartKey         map[string]AttributeValue
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
	FilterExpression          *string
	IndexName                 *string
	Limit                     *int32
	ProjectionExpression      *string
	Segment                   *int32
	Select                    Select
	TotalSegments             *int32
}

// ScanOutput is one page of Scan's answer; LastEvaluatedKey is nil on the last page.
type ScanOutput struct {
	Count            int32
	Items            []map[string]AttributeValue
	LastEvaluatedKey map[string]AttributeValue
	ScannedCount     int32
}

// Scan reads one page of a table's (or IndexName's) items.
func (c *Client) Scan(ctx context.Context, in *ScanInput, optFns ...func(*Options)) (*ScanOutput, error) {
	if in == nil {
		in = &ScanInput{}
	}
	w := &writer{}
	w.open('{')
	w.optStr("TableName", in.TableName)
	w.optStr("IndexName", in.IndexName)
	w.optStr("FilterExpression", in.FilterExpression)
	w.optStr("ProjectionExpression", in.ProjectionExpression)
	w.names("ExpressionAttributeNames", in.ExpressionAttributeNames)
	w.values("ExpressionAttributeValues", in.ExpressionAttributeValues)
	w.item("ExclusiveStartKey", in.ExclusiveStartKey)
	w.optBool("ConsistentRead", in.ConsistentRead)
	w.optInt("Limit", in.Limit)
	w.optInt("Segment", in.Segment)
	w.optInt("TotalSegments", in.TotalSegments)
	w.enum("Select", string(in.Select))
	w.close('}')
	out := &ScanOutput{}
	if err := c.call(ctx, "Scan", w, page(&out.Items, &out.LastEvaluatedKey, &out.Count, &out.ScannedCount), optFns); err != nil {
		return nil, err
	}
	return out, nil
}

// page reads a Query or Scan answer's members.
func page(items *[]map[string]AttributeValue, last *map[string]AttributeValue, count, scanned *int32) func(r *reader, name string) error {
	return func(r *reader, name string) error {
		var err error
		switch name {
		case "Items":
			*items, err = r.items()
		case "LastEvaluatedKey":
			*last, err = r.item(1)
		case "Count":
			*count, err = r.int32()
		case "ScannedCount":
			*scanned, err = r.int32()
		default:
			err = r.skip(0)
		}
		return err
	}
}

// QueryAPIClient is a client that implements the Query operation.
type QueryAPIClient interface {
	Query(context.Context, *QueryInput, ...func(*Options)) (*QueryOutput, error)
}

var _ QueryAPIClient = (*Client)(nil)

// QueryPaginatorOptions is the paginator's options: Limit is each page's Limit (the input's
// when 0).
type QueryPaginatorOptions struct {
	Limit int32
}

// QueryPaginator reads a Query's pages in turn, as the SDK's does.
type QueryPaginator struct {
	options   QueryPaginatorOptions
	client    QueryAPIClient
	params    *QueryInput
	nextToken map[string]AttributeValue
	firstPage bool
}

// NewQueryPaginator returns a paginator over in's pages, from in.ExclusiveStartKey on.
func NewQueryPaginator(client QueryAPIClient, params *QueryInput, optFns ...func(*QueryPaginatorOptions)) *QueryPaginator {
	if params == nil {
		params = &QueryInput{}
	}
	options := QueryPaginatorOptions{}
	if params.Limit != nil {
		options.Limit = *params.Limit
	}
	for _, fn := range optFns {
		fn(&options)
	}
	return &QueryPaginator{options: options, client: client, params: params, firstPage: true, nextToken: params.ExclusiveStartKey}
}

// HasMorePages says whether NextPage has a page to read: the first, or one after a page that
// gave a LastEvaluatedKey (an empty one ends the pages too).
func (p *QueryPaginator) HasMorePages() bool {
	return p.firstPage || len(p.nextToken) > 0
}

// errNoMorePages is NextPage called after the last page.
var errNoMorePages = errors.New("no more pages available")

// NextPage reads the next page.
func (p *QueryPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*QueryOutput, error) {
	if !p.HasMorePages() {
		return nil, errNoMorePages
	}
	params := *p.params
	params.ExclusiveStartKey = p.nextToken
	params.Limit = nil
	if p.options.Limit > 0 {
		limit := p.options.Limit
		params.Limit = &limit
	}
	result, err := p.client.Query(ctx, &params, optFns...)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	p.nextToken = result.LastEvaluatedKey
	return result, nil
}
