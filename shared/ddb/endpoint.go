package ddb

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// EndpointOptions chooses among DynamoDB's regional endpoints, as the SDK client's
// EndpointOptions do.
type EndpointOptions struct {
	// UseFIPSEndpoint asks for the FIPS endpoint (dynamodb-fips.<region>...).
	UseFIPSEndpoint aws.FIPSEndpointState
	// UseDualStackEndpoint asks for the dual-stack (IPv4 and IPv6) endpoint (...<region>.api.aws).
	UseDualStackEndpoint aws.DualStackEndpointState
}

// fipsSource and dualStackSource are the config sources (config.EnvConfig,
// config.SharedConfig) that carry AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT.
type fipsSource interface {
	GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error)
}

type dualStackSource interface {
	GetUseDualStackEndpoint(context.Context) (aws.DualStackEndpointState, bool, error)
}

// endpointOptions reads the FIPS and dual-stack settings from cfg's sources, the first source
// that sets each winning, as the SDK's client does.
func endpointOptions(cfg aws.Config) EndpointOptions {
	var o EndpointOptions
	fipsFound, dualFound := false, false
	for _, s := range cfg.ConfigSources {
		if src, ok := s.(fipsSource); ok && !fipsFound {
			if v, found, err := src.GetUseFIPSEndpoint(context.Background()); err == nil && found {
				o.UseFIPSEndpoint, fipsFound = v, true
			}
		}
		if src, ok := s.(dualStackSource); ok && !dualFound {
			if v, found, err := src.GetUseDualStackEndpoint(context.Background()); err == nil && found {
				o.UseDualStackEndpoint, dualFound = v, true
			}
		}
	}
	return o
}

// regionalEndpoint is DynamoDB's endpoint in region as the SDK's endpoint rules give it for the
// aws, aws-cn and aws-us-gov partitions (whose FIPS endpoint without dual-stack is the plain one).
func regionalEndpoint(region string, o EndpointOptions) string {
	fips := o.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled
	dual := o.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled
	suffix := "amazonaws.com"
	switch {
	case strings.HasPrefix(region, "cn-") && dual:
		suffix = "api.amazonwebservices.com.cn"
	case strings.HasPrefix(region, "cn-"):
		suffix = "amazonaws.com.cn"
	case dual:
		suffix = "api.aws"
	}
	host := "dynamodb"
	if fips && (dual || !strings.HasPrefix(region, "us-gov-")) {
		host = "dynamodb-fips"
	}
	return "https://" + host + "." + region + "." + suffix
}
