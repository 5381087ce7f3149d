//go:build integration

package s3store

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/shared/messaging"
)

// mustStore starts moto and returns a store over a new versioned bucket.
func mustStore(t *testing.T) *Store {
	t.Helper()
	srv := motoserver.MustStart(t)
	c := s3.NewFromConfig(srv.Config(), func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	bucket := "att-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(motoserver.Region)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	return New(c, bucket)
}

func TestPutOpenDelete(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	for _, size := range []int{10, int(PartSize) + 1234} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			data := make([]byte, size)
			rand.Read(data)
			key := "orgs/o1/attachments/A/" + strconv.Itoa(size) + ".bin"
			// A non-seekable stream, as the provider download is.
			version, err := s.Put(ctx, key, io.MultiReader(bytes.NewReader(data)), "application/pdf")
			if err != nil {
				t.Fatal(err)
			}
			if version == "" {
				t.Error("version: got none from a versioned bucket")
			}
			body, n, err := s.Open(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(body)
			body.Close()
			if n != int64(size) || !bytes.Equal(got, data) {
				t.Errorf("got %d bytes (header %d), want %d equal bytes", len(got), n, size)
			}
			head, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
			if err != nil {
				t.Fatal(err)
			}
			if n, typ := aws.ToInt64(head.ContentLength), aws.ToString(head.ContentType); n != int64(size) || typ != "application/pdf" {
				t.Errorf("stored %d bytes of %s, want %d of application/pdf", n, typ, size)
			}
			if err := s.Delete(ctx, key, version); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Open(ctx, key); messaging.ErrorCode(err) != messaging.CodeNotFound {
				t.Errorf("after delete: got %v, want not found", err)
			}
		})
	}
}

func TestPresignedGetAndPut(t *testing.T) {
	s := mustStore(t)
	ctx := context.Background()
	key := "orgs/o1/attachments/B/contract.pdf"
	data := []byte("%PDF-1.7 presigned")
	put, err := s.PresignPut(ctx, key, "application/pdf", int64(len(data)), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(put, "X-Amz-Expires=900") {
		t.Errorf("put URL %q: want the TTL capped at 900 s", put)
	}
	req, _ := http.NewRequest("PUT", put, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/pdf")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("presigned PUT: got %d, want 200", resp.StatusCode)
	}
	get, err := s.PresignGet(ctx, key, 5*time.Minute, "contract.pdf", "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(get)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, data) {
		t.Errorf("presigned GET: got %d %q, want 200 %q", resp.StatusCode, got, data)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("Content-Disposition: got %q, want an attachment", cd)
	}
}
