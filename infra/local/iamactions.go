package local

import (
	"fmt"
	"sort"
	"strings"
)

// Requirement is what IAM needs to authorise one kind of counted request: every action in All,
// and at least one of AnyOf when it is set.
type Requirement struct {
	All   []string
	AnyOf []string
}

// requirements maps counted requests whose IAM action is not simply "service:Operation".
var requirements = map[string]Requirement{
	// TransactWriteItems is authorised per item (PutItem, UpdateItem, DeleteItem,
	// ConditionCheckItem); the counter records each item's own action (Call.Action), and a
	// transaction whose items it could not read needs at least one of them.
	"dynamodb:TransactWriteItems": {AnyOf: []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"}},
	"dynamodb:TransactGetItems":   {All: []string{"dynamodb:GetItem"}},

	"sqs:SendMessageBatch":             {All: []string{"sqs:SendMessage"}},
	"sqs:DeleteMessageBatch":           {All: []string{"sqs:DeleteMessage"}},
	"sqs:ChangeMessageVisibilityBatch": {All: []string{"sqs:ChangeMessageVisibility"}},

	"s3:HeadObject":              {All: []string{"s3:GetObject"}},
	"s3:HeadObjectVersion":       {All: []string{"s3:GetObjectVersion"}},
	"s3:CreateMultipartUpload":   {All: []string{"s3:PutObject"}},
	"s3:UploadPart":              {All: []string{"s3:PutObject"}},
	"s3:CompleteMultipartUpload": {All: []string{"s3:PutObject"}},
	"s3:PostObject":              {All: []string{"s3:PutObject"}},
	"s3:CopyObject":              {All: []string{"s3:PutObject", "s3:GetObject"}},
	"s3:UploadPartCopy":          {All: []string{"s3:PutObject", "s3:GetObject"}},
	"s3:ListParts":               {All: []string{"s3:ListMultipartUploadParts"}},
	"s3:ListObjects":             {All: []string{"s3:ListBucket"}},
	"s3:ListObjectsV2":           {All: []string{"s3:ListBucket"}},
	"s3:HeadBucket":              {All: []string{"s3:ListBucket"}},
	"s3:ListObjectVersions":      {All: []string{"s3:ListBucketVersions"}},
	"s3:ListMultipartUploads":    {All: []string{"s3:ListBucketMultipartUploads"}},
	"s3:ListBuckets":             {All: []string{"s3:ListAllMyBuckets"}},
	"s3:DeleteObjects":           {All: []string{"s3:DeleteObject"}},
}

// RequiredActions names the IAM actions that authorise a counted request "service:Operation"
// (as Counts and CountsByFunction name them): the operation itself unless IAM names it otherwise
// (batch SQS calls, S3 multipart and head requests, DynamoDB transactions).
func RequiredActions(op string) Requirement {
	if r, ok := requirements[op]; ok {
		return r
	}
	return Requirement{All: []string{op}}
}

// Violation is one kind of request a function made that its policy does not allow.
type Violation struct {
	Function  string
	Operation string   // as counted, e.g. "s3:HeadObject"
	Resource  string   // the ARN it named; empty when the request names none the runner reads
	Count     int      // how many such requests (or transaction items) it made
	Missing   []string // the IAM actions the policy lacks on Resource (for AnyOf, all of its choices)
	NoPolicy  bool     // the function has no modelled policy at all
}

// String reads e.g. "RemindersFunction called dynamodb:BatchGetItem on arn:aws:dynamodb:...,
// which its policy does not allow (12 requests)".
func (v Violation) String() string {
	call := v.Operation
	if v.Resource != "" {
		call += " on " + v.Resource
	}
	if v.NoPolicy {
		return fmt.Sprintf("%s called %s, but the template gives it no policy (%d requests)", v.Function, call, v.Count)
	}
	if len(v.Missing) == 1 && v.Missing[0] == v.Operation {
		return fmt.Sprintf("%s called %s, which its policy does not allow (%d requests)", v.Function, call, v.Count)
	}
	return fmt.Sprintf("%s called %s, which needs %s, which its policy does not allow (%d requests)", v.Function, call, strings.Join(v.Missing, " or "), v.Count)
}

// CheckPolicies compares what each function called (CallsByFunction) with what its policy
// allows on the resource each call named, and lists every kind of call not allowed, sorted;
// TestCaller's requests are not checked.
func CheckPolicies(calls map[string]map[Call]int, policies map[string]Policy) []Violation {
	var out []Violation
	for fn, byCall := range calls {
		if fn == TestCaller {
			continue
		}
		pol, ok := policies[fn]
		for c, n := range byCall {
			if n == 0 {
				continue
			}
			v := Violation{Function: fn, Operation: c.Operation, Resource: c.Resource, Count: n}
			if !ok {
				v.NoPolicy = true
				out = append(out, v)
				continue
			}
			req := RequiredActions(c.Operation)
			if c.Action != "" {
				req = Requirement{All: []string{c.Action}}
			}
			if v.Missing = pol.missing(req, c.Resource); len(v.Missing) > 0 {
				out = append(out, v)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Function != b.Function {
			return a.Function < b.Function
		}
		if a.Operation != b.Operation {
			return a.Operation < b.Operation
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return strings.Join(a.Missing, ",") < strings.Join(b.Missing, ",")
	})
	return out
}

// missing lists the actions of r that p does not allow on resource (all of AnyOf when none is).
func (p Policy) missing(r Requirement, resource string) []string {
	var out []string
	for _, a := range r.All {
		if !p.AllowsOn(a, resource) {
			out = append(out, a)
		}
	}
	if len(r.AnyOf) > 0 {
		allowed := false
		for _, a := range r.AnyOf {
			allowed = allowed || p.AllowsOn(a, resource)
		}
		if !allowed {
			out = append(out, r.AnyOf...)
		}
	}
	return out
}
