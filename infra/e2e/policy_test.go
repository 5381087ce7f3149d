//go:build e2e

package e2e

import (
	"fmt"
	"io"
	"sync"

	"github.com/proplink/chat/infra/local"
)

// policed holds every stack the tests started; after the run each function's AWS calls are
// checked against its IAM policy in template.yaml, since moto itself checks no IAM.
var policed struct {
	mu     sync.Mutex
	stacks []*local.Stack
}

// police adds a stack to the after-run IAM policy check.
func police(s *local.Stack) {
	policed.mu.Lock()
	policed.stacks = append(policed.stacks, s)
	policed.mu.Unlock()
}

// checkPolicies prints every call a function made that its template policy does not allow on
// the resource it named (table or index, queue, parameter, bucket or object) and returns how
// many kinds of such calls there were (the same call in two stacks counts once).
func checkPolicies(w io.Writer) (int, error) {
	policed.mu.Lock()
	defer policed.mu.Unlock()
	seen := map[string]bool{}
	n, checked := 0, map[string]bool{}
	for _, s := range policed.stacks {
		policies, err := s.Policies()
		if err != nil {
			return 0, fmt.Errorf("policy check: %w", err)
		}
		calls := s.CallsByFunction()
		addSocialCalls(calls, policies)
		for fn, byCall := range calls {
			for c := range byCall {
				if fn != local.TestCaller {
					checked[fn+" "+c.Operation+" "+c.Action+" "+c.Resource] = true
				}
			}
		}
		for _, v := range local.CheckPolicies(calls, policies) {
			k := v.Function + " " + v.Operation + " " + v.Resource
			if seen[k] {
				continue
			}
			seen[k] = true
			n++
			fmt.Fprintln(w, "e2e: IAM:", v)
		}
	}
	if len(policed.stacks) > 0 && len(checked) == 0 {
		return 0, fmt.Errorf("policy check: no AWS call was attributed to any function, so nothing was checked")
	}
	fmt.Fprintf(w, "e2e: IAM: %d kinds of AWS call (operation and resource) by the functions checked against template.yaml's policies\n", len(checked))
	return n, nil
}
