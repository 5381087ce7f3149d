//go:build integration

package attachments_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/proplink/chat/infra/motoserver"
	"github.com/proplink/chat/infra/simulator"
	"github.com/proplink/chat/shared/attachments"
	"github.com/proplink/chat/shared/egress"
	"github.com/proplink/chat/shared/lambdaenv"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/s3store"
	"github.com/proplink/chat/shared/whatsapp"
	"github.com/proplink/chat/shared/whatsapp/meta"
)

// memStore keeps records in memory; the S3 and provider sides are real (moto, simulator).
type memStore struct {
	atts map[string]attachments.Attachment
}

func (m *memStore) PutAttachment(_ context.Context, a attachments.Attachment) error {
	m.atts[a.OrgID+"/"+a.ID] = a
	return nil
}

func (m *memStore) GetAttachment(_ context.Context, org, id string) (attachments.Attachment, error) {
	a, ok := m.atts[org+"/"+id]
	if !ok {
		return a, messaging.Errorf(messaging.CodeNotFound, "Attachment not found")
	}
	return a, nil
}

func (m *memStore) UpsertCaseNote(context.Context, messaging.CaseNote) error { return nil }

type settingsFor struct {
	*memStore
	url string
}

func (s settingsFor) GetSettings(_ context.Context, org string) (messaging.Settings, error) {
	return messaging.Settings{OrgID: org, Provider: messaging.ProviderMeta, APIURL: s.url, PhoneNumberID: simulator.DefaultAccount.PhoneNumberID,
		TokenProvider: messaging.ProviderMeta, TokenURL: s.url}, nil
}

type token struct{}

func (token) Get(context.Context, string) (string, error) { return simulator.DefaultAccount.Token, nil }

// rig is a service over moto and the simulator.
type rig struct {
	svc    *attachments.Service
	sim    *simulator.Simulator
	blobs  *s3store.Store
	store  *memStore
	s3     *s3.Client
	bucket string
}

func newRig(t testing.TB) *rig {
	srv := motoserver.MustStart(t)
	c := s3.NewFromConfig(srv.Config(), func(o *s3.Options) { o.UsePathStyle = true })
	bucket := "att-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(motoserver.Region)}}); err != nil {
		t.Fatal(err)
	}
	sim := simulator.New(simulator.Options{})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	store := &memStore{atts: map[string]attachments.Attachment{}}
	provider := meta.New(egress.New(egress.Config{Stage: lambdaenv.LocalStage, Timeout: 2 * time.Minute}), "")
	blobs := s3store.New(c, bucket)
	return &rig{sim: sim, blobs: blobs, store: store, s3: c, bucket: bucket, svc: &attachments.Service{
		Source: provider, Uploader: provider, Blobs: blobs, Store: settingsFor{store, url}, Secrets: token{},
		Now: time.Now, NewID: func() string { return strconv.FormatInt(time.Now().UnixNano(), 10) },
	}}
}

// peakHeap samples HeapInuse every millisecond while f runs and returns the peak, the bytes
// allocated in all, and the time taken.
func peakHeap(f func()) (peak, total uint64, took time.Duration) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var p atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > p.Load() {
				p.Store(m.HeapInuse)
			}
		}
	}()
	start := time.Now()
	f()
	took = time.Since(start)
	close(done)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return p.Load(), after.TotalAlloc - before.TotalAlloc, took
}

// TestIngestMemory streams 1, 16 and 100 MB documents provider → S3 and holds the heap peak
// under 64 MB. It logs the figures (go test -v).
func TestIngestMemory(t *testing.T) {
	r := newRig(t)
	for _, size := range []int64{1 << 20, 16 << 20, 100 << 20} {
		t.Run(fmt.Sprintf("%dMB", size>>20), func(t *testing.T) {
			id, sha := r.sim.AddGeneratedMedia(size, "application/pdf", []byte("%PDF-1.7\n"))
			j := attachments.MediaJob{OrgID: "org-mem", MessageID: "wamid.mem" + id, Kind: attachments.KindDocument,
				Media: whatsapp.Media{ID: id, MimeType: "application/pdf", Filename: "big.pdf"}, ReceivedAt: time.Now()}
			var a attachments.Attachment
			var err error
			peak, total, took := peakHeap(func() { a, err = r.svc.Ingest(context.Background(), j) })
			if err != nil {
				t.Fatal(err)
			}
			if a.SHA256 != sha || a.Size != size {
				t.Errorf("got sha %s size %d, want %s %d", a.SHA256, a.Size, sha, size)
			}
			t.Logf("%d MB: peak heap in use %.1f MB, allocated %.1f MB in all, %s (in-process: simulator and service share the heap)",
				size>>20, float64(peak)/(1<<20), float64(total)/(1<<20), took.Round(time.Millisecond))
			if peak > 64<<20 {
				t.Errorf("peak heap %d MB, want under 64 MB", peak>>20)
			}
		})
	}
}
