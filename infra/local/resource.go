package local

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Call is one kind of AWS request a function made, as IAM sees it: the operation as counted,
// the IAM action one part of it needs when that is not simply the operation's (the items of a
// DynamoDB transaction), and the ARN of the resource it named (a table or one of its indexes, a
// queue, an SSM parameter, a bucket or an object); Resource is empty when the request names none
// the runner can read.
type Call struct {
	Operation string
	Action    string
	Resource  string
}

// transactActions maps the kinds of item of a DynamoDB transaction to the IAM action each needs.
var transactActions = map[string]string{
	"Put":            "dynamodb:PutItem",
	"Update":         "dynamodb:UpdateItem",
	"Delete":         "dynamodb:DeleteItem",
	"ConditionCheck": "dynamodb:ConditionCheckItem",
	"Get":            "dynamodb:GetItem",
}

// callsOf lists what one request named op touches: one Call per resource (a batch names several
// tables, a transaction one per item), or one Call with no resource. body is the request body
// of a JSON or query protocol request (nil for S3, whose resource is in the path).
func callsOf(r *http.Request, op string, body []byte, proxyHost string) []Call {
	service, _, _ := strings.Cut(op, ":")
	var calls []Call
	switch service {
	case "dynamodb":
		calls = dynamoCalls(op, body)
	case "sqs":
		if q := sqsQueue(r, body); q != "" {
			calls = []Call{{Operation: op, Resource: "arn:aws:sqs:" + Region + ":" + AccountID + ":" + q}}
		}
	case "ssm":
		calls = ssmCalls(op, body)
	case "s3":
		bucket, key := s3Target(r, proxyHost)
		switch {
		case bucket == "":
		case key == "":
			calls = []Call{{Operation: op, Resource: "arn:aws:s3:::" + bucket}}
		default:
			calls = []Call{{Operation: op, Resource: "arn:aws:s3:::" + bucket + "/" + key}}
		}
	}
	if len(calls) == 0 {
		return []Call{{Operation: op}}
	}
	return calls
}

// dynamoCalls reads the table (and index) a DynamoDB request names; a batch names each table it
// touches and a transaction each item, with the action that item needs.
func dynamoCalls(op string, body []byte) []Call {
	var in struct {
		TableName     string
		IndexName     string
		RequestItems  map[string]json.RawMessage
		TransactItems []map[string]struct{ TableName string }
	}
	if json.Unmarshal(body, &in) != nil {
		return nil
	}
	arn := func(table string) string { return "arn:aws:dynamodb:" + Region + ":" + AccountID + ":table/" + table }
	var out []Call
	switch {
	case in.TableName != "" && in.IndexName != "":
		out = append(out, Call{Operation: op, Resource: arn(in.TableName) + "/index/" + in.IndexName})
	case in.TableName != "":
		out = append(out, Call{Operation: op, Resource: arn(in.TableName)})
	}
	tables := make([]string, 0, len(in.RequestItems))
	for t := range in.RequestItems {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		out = append(out, Call{Operation: op, Resource: arn(t)})
	}
	for _, item := range in.TransactItems {
		for kind, target := range item {
			out = append(out, Call{Operation: op, Action: transactActions[kind], Resource: arn(target.TableName)})
		}
	}
	return out
}

// sqsQueue is the name of the queue an SQS request names by URL (JSON or query protocol) or by
// name (GetQueueUrl, CreateQueue).
func sqsQueue(r *http.Request, body []byte) string {
	var in struct{ QueueUrl, QueueName string }
	if json.Unmarshal(body, &in) != nil {
		if v, err := url.ParseQuery(string(body)); err == nil {
			in.QueueUrl, in.QueueName = v.Get("QueueUrl"), v.Get("QueueName")
		}
	}
	if q := r.URL.Query(); in.QueueUrl == "" && in.QueueName == "" {
		in.QueueUrl, in.QueueName = q.Get("QueueUrl"), q.Get("QueueName")
	}
	if in.QueueUrl != "" {
		u := strings.TrimRight(in.QueueUrl, "/")
		return u[strings.LastIndex(u, "/")+1:]
	}
	return in.QueueName
}

// ssmCalls reads the parameters (or the path) an SSM request names.
func ssmCalls(op string, body []byte) []Call {
	var in struct {
		Name  string
		Names []string
		Path  string
	}
	if json.Unmarshal(body, &in) != nil {
		return nil
	}
	names := in.Names
	for _, n := range []string{in.Name, in.Path} {
		if n != "" {
			names = append(names, n)
		}
	}
	var out []Call
	for _, n := range names {
		out = append(out, Call{Operation: op, Resource: "arn:aws:ssm:" + Region + ":" + AccountID + ":parameter/" + strings.TrimPrefix(n, "/")})
	}
	return out
}

// s3Target is the bucket and object key of an S3 request, path-style or virtual-hosted.
func s3Target(r *http.Request, proxyHost string) (bucket, key string) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ = strings.Cut(path, "/")
	if host := r.Host; host != proxyHost && strings.HasSuffix(host, "."+proxyHost) {
		bucket, key = strings.TrimSuffix(host, "."+proxyHost), path
	}
	return bucket, key
}
