package admin

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/proplink/chat/shared/console"
	"github.com/proplink/chat/shared/messaging"
)

// ConsoleLink mints a one-time sign-in link to the staff console at apiURL for the principal,
// valid for console.SignInTTL; only the code's hash is stored.
func ConsoleLink(ctx context.Context, store console.Store, apiURL string, p messaging.Principal, now time.Time) (string, error) {
	s := &console.Sessions{Store: store, Now: func() time.Time { return now }}
	code, _, err := s.Mint(ctx, p)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(apiURL, "/") + "/console/sign-in?code=" + url.QueryEscape(code), nil
}

// BucketCORS is the part of the S3 client AllowBrowserUploads uses.
type BucketCORS interface {
	PutBucketCors(ctx context.Context, in *s3.PutBucketCorsInput, opts ...func(*s3.Options)) (*s3.PutBucketCorsOutput, error)
}

// AllowBrowserUploads lets the console at origin PUT and GET attachments through presigned
// URLs: what the template's UploadAllowedOrigins does when deployed, for the local stack
// (its runner creates the bucket without CORS rules).
func AllowBrowserUploads(ctx context.Context, c BucketCORS, bucket, origin string) error {
	_, err := c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: aws.String(bucket),
		CORSConfiguration: &s3types.CORSConfiguration{CORSRules: []s3types.CORSRule{{
			AllowedOrigins: []string{origin}, AllowedMethods: []string{"PUT", "GET"},
			AllowedHeaders: []string{"content-type", "content-md5", "x-amz-*"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(3000),
		}}}})
	if err != nil {
		return fmt.Errorf("admin: bucket CORS for %s: %w", origin, err)
	}
	return nil
}
