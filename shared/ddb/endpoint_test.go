package ddb

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// TestEndpointAsTheSDKResolvesIt holds DynamoDB's endpoint, for each partition's region and
// each FIPS and dual-stack setting, to the SDK's endpoint rules (account-ID endpoints off).
func TestEndpointAsTheSDKResolvesIt(t *testing.T) {
	t.Setenv(EndpointEnv, "")
	sdk := dynamodb.NewDefaultEndpointResolverV2()
	for _, region := range []string{"eu-west-2", "us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-5"} {
		for _, fips := range []bool{false, true} {
			for _, dual := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s fips=%v dualstack=%v", region, fips, dual), func(t *testing.T) {
					want, err := sdk.ResolveEndpoint(context.Background(), dynamodb.EndpointParameters{
						Region: aws.String(region), UseFIPS: aws.Bool(fips), UseDualStack: aws.Bool(dual), AccountIdEndpointMode: aws.String("disabled")})
					if err != nil {
						t.Skipf("the SDK resolves none: %v", err)
					}
					c := NewFromConfig(aws.Config{Region: region}, func(o *Options) {
						if fips {
							o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
						}
						if dual {
							o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
						}
					})
					if got := c.json.Endpoint(); got != want.URI.String()+"/" {
						t.Errorf("got %q, want %q", got, want.URI.String()+"/")
					}
				})
			}
		}
	}
}

// TestEndpointSettingsFromTheConfigsSources: the SDK's client takes FIPS and dual-stack from
// the config's sources (AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, the shared config
// file), as config.LoadDefaultConfig fills them; so does ours. An endpoint set explicitly wins.
func TestEndpointSettingsFromTheConfigsSources(t *testing.T) {
	tests := []struct {
		name    string
		sources []any
		base    *string
		want    string
	}{
		{"none", nil, nil, "https://dynamodb.eu-west-2.amazonaws.com/"},
		{"fips", []any{config.EnvConfig{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled}}, nil, "https://dynamodb-fips.eu-west-2.amazonaws.com/"},
		{"dual-stack", []any{config.EnvConfig{UseDualStackEndpoint: aws.DualStackEndpointStateEnabled}}, nil, "https://dynamodb.eu-west-2.api.aws/"},
		{"first source that sets it wins", []any{config.EnvConfig{}, config.EnvConfig{UseFIPSEndpoint: aws.FIPSEndpointStateDisabled}, config.EnvConfig{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled}}, nil, "https://dynamodb.eu-west-2.amazonaws.com/"},
		{"explicit endpoint wins", []any{config.EnvConfig{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled}}, aws.String("http://localhost:4566"), "http://localhost:4566/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EndpointEnv, "")
			c := NewFromConfig(aws.Config{Region: "eu-west-2", ConfigSources: tt.sources, BaseEndpoint: tt.base})
			if got := c.json.Endpoint(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
