package local

// TestCaller is the CountsByFunction entry for requests no function signed: the tests' own
// clients (AWSConfig), and unsigned or foreign-key requests.
const TestCaller = ""

// FunctionAccessKey is the access key id a function's processes sign with, so the counting proxy
// can tell which function made a request (moto accepts any key).
func FunctionAccessKey(logicalID string) string { return "AKID" + logicalID }

// CountsByFunction returns, for each function logical id, how many AWS requests of each kind
// ("dynamodb:PutItem", ...) it signed since Start; requests signed with any other key (the tests'
// own clients) are under TestCaller. A presigned URL counts for the function that signed it,
// whoever uses it. ResetCounts does not clear these counts.
func (s *Stack) CountsByFunction() map[string]map[string]int {
	owner := s.owners()
	out := map[string]map[string]int{}
	for key, ops := range s.counter.snapshotByKey() {
		id, ok := owner[key]
		if !ok {
			id = TestCaller
		}
		if out[id] == nil {
			out[id] = map[string]int{}
		}
		for op, n := range ops {
			out[id][op] += n
		}
	}
	return out
}

// CallsByFunction is CountsByFunction by Call: for each function, how many of its requests (or,
// for batches and transactions, of their tables and items) named each resource with each
// operation, for checking against the resources its policy grants.
func (s *Stack) CallsByFunction() map[string]map[Call]int {
	owner := s.owners()
	out := map[string]map[Call]int{}
	for key, calls := range s.counter.snapshotCalls() {
		id, ok := owner[key]
		if !ok {
			id = TestCaller
		}
		if out[id] == nil {
			out[id] = map[Call]int{}
		}
		for call, n := range calls {
			out[id][call] += n
		}
	}
	return out
}

// owners maps each function's access key id to its logical id.
func (s *Stack) owners() map[string]string {
	owner := map[string]string{}
	for _, id := range s.tmpl.OfType("AWS::Serverless::Function") {
		owner[FunctionAccessKey(id)] = id
	}
	return owner
}
