package local

import "errors"

func asFunctionError(err error, target **FunctionError) bool { return errors.As(err, target) }
