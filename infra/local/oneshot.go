package local

import (
	"context"
	"path/filepath"
)

// InvokeOnce builds one function, makes the template's resources and runs the function once with
// event, like `sam local invoke -e`. When o.MotoURL is empty and the dev stack's file
// (Root/.local/stack.json) names a moto that answers, that moto, stack name and parameters are
// reused so the function sees the dev stack's data; otherwise a private moto lives for the call.
func InvokeOnce(ctx context.Context, o Options, logicalID string, event []byte) ([]byte, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if o.MotoURL == "" {
		path := o.StackFile
		if path == "-" {
			path = filepath.Join(o.Root, ".local", "stack.json")
		}
		if sf, live, err := ReadStackFile(ctx, path); err == nil && live {
			o.MotoURL, o.SQSURL, o.StackName = sf.MotoURL, sf.SQSURL, sf.StackName
			if o.Parameters == nil {
				o.Parameters = sf.Parameters
			}
		}
	}
	o.Functions = []string{logicalID}
	o.Instances = 1
	o.StackFile = "-"
	s, err := start(ctx, o, false)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Invoke(ctx, logicalID, event)
}
