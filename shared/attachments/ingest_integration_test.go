//go:build integration

package attachments_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/whatsapp"
)

// TestIngestStoresWhatTheBytesAre runs media from the simulator into S3 on moto: bytes of no
// known type land as application/octet-stream (object and record) whatever the sender
// declared, and a page or SVG is refused with nothing kept.
func TestIngestStoresWhatTheBytesAre(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	unknown := append([]byte("\x00\x01\x02\x03\xfe\x10\x99"), bytes.Repeat([]byte{0x00, 0x9c}, 3000)...)
	tests := []struct {
		name, declared, file string
		data                 []byte
		wantType, refusal    string
	}{
		{"unknown declared as html", "text/html", "notes.bin", unknown, attachments.TypeUnknown, ""},
		{"unknown declared as pdf", "application/pdf", "contract.pdf", unknown, attachments.TypeUnknown, ""},
		{"pdf", "application/pdf", "contract.pdf", []byte("%PDF-1.7\n1 0 obj << >> endobj\n"), "application/pdf", ""},
		{"svg", "image/svg+xml", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", "SVG image"},
		{"html by name", "application/pdf", "invoice.htm", []byte("%PDF-1.7\n"), "", "file name .htm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := r.sim.AddMedia(tt.data, tt.declared)
			j := attachments.MediaJob{OrgID: "org-types", MessageID: "wamid.types" + id, Kind: attachments.KindDocument,
				Media: whatsapp.Media{ID: id, MimeType: tt.declared, Filename: tt.file}, ReceivedAt: time.Now()}
			a, err := r.svc.Ingest(ctx, j)
			if tt.refusal != "" {
				reason, final := attachments.IsRefusal(err)
				if !final || !strings.Contains(reason, tt.refusal) {
					t.Fatalf("got %v, want a refusal naming %q", err, tt.refusal)
				}
				out, err := r.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(r.bucket), Prefix: aws.String(attachments.OrgPrefix(j.OrgID) + "attachments/" + a.ID)})
				if err != nil || len(out.Contents) != 0 {
					t.Errorf("S3: got %d objects (%v), want none kept", len(out.Contents), err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			head, err := r.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(r.bucket), Key: aws.String(a.Key)})
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(head.ContentType); got != tt.wantType || r.store.atts[j.OrgID+"/"+a.ID].ContentType != tt.wantType {
				t.Errorf("S3 Content-Type %q, record %q; want both %q", got, r.store.atts[j.OrgID+"/"+a.ID].ContentType, tt.wantType)
			}
		})
	}
}
