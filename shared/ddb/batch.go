package ddb

import "context"

// BatchGetItemInput is BatchGetItem's request: per table, the keys to read (up to 100 in all).
type BatchGetItemInput struct {
	RequestItems map[string]KeysAndAttributes
}

// BatchGetItemOutput is BatchGetItem's answer: per table, the items read, and the keys left
// unread, to ask again.
type BatchGetItemOutput struct {
	Responses       map[string][]map[string]AttributeValue
	UnprocessedKeys map[string]KeysAndAttributes
}

// BatchGetItem reads items of one or more tables by their keys.
func (c *Client) BatchGetItem(ctx context.Context, in *BatchGetItemInput, optFns ...func(*Options)) (*BatchGetItemOutput, error) {
	if in == nil {
		in = &BatchGetItemInput{}
	}
	w := &writer{}
	w.open('{')
	if in.RequestItems != nil {
		w.key("RequestItems")
		w.open('{')
		for table, k := range in.RequestItems {
			w.key(table)
			w.keysAndAttributes(k)
		}
		w.close('}')
	}
	w.close('}')
	out := &BatchGetItemOutput{}
	err := c.call(ctx, "BatchGetItem", w, func(r *reader, name string) error {
		switch name {
		case "Responses":
			out.Responses = map[string][]map[string]AttributeValue{}
			return r.object(func(table string) error {
				items, err := r.items()
				out.Responses[table] = items
				return err
			})
		case "UnprocessedKeys":
			out.UnprocessedKeys = map[string]KeysAndAttributes{}
			return r.object(func(table string) error {
				k, err := r.keysAndAttributes()
				out.UnprocessedKeys[table] = k
				return err
			})
		}
		return r.skip(0)
	}, optFns)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BatchWriteItemInput is BatchWriteItem's request: per table, the puts and deletes (up to 25
// in all).
type BatchWriteItemInput struct {
	RequestItems map[string][]WriteRequest
}

// BatchWriteItemOutput is BatchWriteItem's answer: the writes left undone, to send again.
type BatchWriteItemOutput struct {
	UnprocessedItems map[string][]WriteRequest
}

// BatchWriteItem puts and deletes items of one or more tables, each write on its own.
func (c *Client) BatchWriteItem(ctx context.Context, in *BatchWriteItemInput, optFns ...func(*Options)) (*BatchWriteItemOutput, error) {
	if in == nil {
		in = &BatchWriteItemInput{}
	}
	w := &writer{}
	w.open('{')
	if in.RequestItems != nil {
		w.key("RequestItems")
		w.open('{')
		for table, reqs := range in.RequestItems {
			w.key(table)
			w.open('[')
			for _, q := range reqs {
				w.elem()
				w.writeRequest(q)
			}
			w.close(']')
		}
		w.close('}')
	}
	w.close('}')
	out := &BatchWriteItemOutput{}
	err := c.call(ctx, "BatchWriteItem", w, func(r *reader, name string) error {
		if name != "UnprocessedItems" {
			return r.skip(0)
		}
		out.UnprocessedItems = map[string][]WriteRequest{}
		return r.object(func(table string) error {
			reqs := []WriteRequest{}
			err := r.array(func() error {
				q, err := r.writeRequest()
				reqs = append(reqs, q)
				return err
			})
			out.UnprocessedItems[table] = reqs
			return err
		})
	}, optFns)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// TransactWriteItemsInput is TransactWriteItems' request: up to 100 actions, all done or
// none. A nil ClientRequestToken gets a random one (as the SDK's client does), which makes
// the call's retries idempotent.
type TransactWriteItemsInput struct {
	TransactItems      []TransactWriteItem
	ClientRequestToken *string
}

// TransactWriteItemsOutput is TransactWriteItems' answer.
type TransactWriteItemsOutput struct{}

// TransactWriteItems does its actions atomically; a failed condition cancels them all with a
// *TransactionCanceledException.
func (c *Client) TransactWriteItems(ctx context.Context, in *TransactWriteItemsInput, optFns ...func(*Options)) (*TransactWriteItemsOutput, error) {
	if in == nil {
		in = &TransactWriteItemsInput{}
	}
	w := &writer{}
	w.open('{')
	if in.TransactItems != nil {
		w.key("TransactItems")
		w.open('[')
		for _, t := range in.TransactItems {
			w.elem()
			w.transactItem(t)
		}
		w.close(']')
	}
	token := in.ClientRequestToken
	if token == nil {
		t, err := c.token()
		if err != nil {
			return nil, err
		}
		token = &t
	}
	w.optStr("ClientRequestToken", token)
	w.close('}')
	if err := c.call(ctx, "TransactWriteItems", w, func(r *reader, _ string) error { return r.skip(0) }, optFns); err != nil {
		return nil, err
	}
	return &TransactWriteItemsOutput{}, nil
}
