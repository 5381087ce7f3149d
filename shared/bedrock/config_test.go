package bedrock

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		on, bad bool
	}{
		{name: "off without a model", env: map[string]string{DailyTokensEnv: "1000"}},
		{name: "on with a model and a budget", env: map[string]string{ModelEnv: "amazon.nova-micro-v1:0", RegionEnv: "us-east-1", DailyTokensEnv: "200000"}, on: true},
		{name: "a model without a budget", env: map[string]string{ModelEnv: "m"}, bad: true},
		{name: "a budget of zero", env: map[string]string{ModelEnv: "m", DailyTokensEnv: "0"}, bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromEnv(aws.Config{}, func(k string) string { return tt.env[k] }, nil, nil)
			if (err != nil) != tt.bad {
				t.Fatalf("err = %v, want an error %v", err, tt.bad)
			}
			if (got != nil) != tt.on {
				t.Errorf("layer = %v, want on %v", got, tt.on)
			}
		})
	}
}
