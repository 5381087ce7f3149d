package attachments

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"sync"
	"time"

	"github.com/proplink/chat/shared/fakes"
	"github.com/proplink/chat/shared/memstore"
	"github.com/proplink/chat/shared/messaging"
	"github.com/proplink/chat/shared/whatsapp"
)

// fakeSource serves media from memory; expireFirst downloads answer 404 first.
type fakeSource struct {
	data        map[string][]byte
	mime        map[string]string
	sha         map[string]string // overrides the digest announced
	expireFirst int
	infos       int
	infoErr     error // every MediaInfo fails with it when set
}

func (f *fakeSource) MediaInfo(_ context.Context, _ whatsapp.Account, id string) (whatsapp.MediaInfo, error) {
	f.infos++
	if f.infoErr != nil {
		return whatsapp.MediaInfo{}, f.infoErr
	}
	d, ok := f.data[id]
	if !ok {
		return whatsapp.MediaInfo{}, &whatsapp.Error{HTTPStatus: 400, Code: 100, Message: "unknown media"}
	}
	sum := sha256.Sum256(d)
	sha := hex.EncodeToString(sum[:])
	if s, ok := f.sha[id]; ok {
		sha = s
	}
	return whatsapp.MediaInfo{ID: id, URL: "https://media.example/" + id, MimeType: f.mime[id], SHA256: sha, FileSize: int64(len(d))}, nil
}

func (f *fakeSource) Download(_ context.Context, _ whatsapp.Account, info whatsapp.MediaInfo) (io.ReadCloser, int64, error) {
	if f.expireFirst > 0 {
		f.expireFirst--
		return nil, 0, &whatsapp.Error{HTTPStatus: 404, Message: "not found"}
	}
	d := f.data[info.ID]
	return io.NopCloser(bytes.NewReader(d)), int64(len(d)), nil
}

// fakeUploader records uploads and the types they were sent as.
type fakeUploader struct {
	got   [][]byte
	mimes []string
	keys  []string
}

func (f *fakeUploader) UploadMedia(_ context.Context, acct whatsapp.Account, m whatsapp.MediaUpload) (string, error) {
	var b []byte
	if !whatsapp.UploadsFromBucket(acct.Provider) { // that provider reads the object, not the body
		b, _ = io.ReadAll(m.Body)
	}
	f.got, f.mimes, f.keys = append(f.got, b), append(f.mimes, m.MimeType), append(f.keys, m.Key)
	return "media-" + string(rune('0'+len(f.got))), nil
}

// fakeBlobs keeps objects and their content types in memory.
type fakeBlobs struct {
	mu      sync.Mutex
	objects map[string][]byte
	types   map[string]string
}

func (f *fakeBlobs) Put(_ context.Context, key string, body io.Reader, contentType string) (string, error) {
	b, err := io.ReadAll(body)
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.objects[key], f.types[key] = b, contentType
	return "v1", nil
}

func (f *fakeBlobs) Open(_ context.Context, key string) (io.ReadCloser, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.objects[key]
	if !ok {
		return nil, 0, messaging.Errorf(messaging.CodeNotFound, "no object")
	}
	return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
}

func (f *fakeBlobs) Delete(_ context.Context, key, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.objects, key)
	return nil
}

func (f *fakeBlobs) PresignGet(_ context.Context, key string, ttl time.Duration, _, _ string) (string, error) {
	return "https://s3.example/" + key + "?ttl=" + ttl.String(), nil
}

func (f *fakeBlobs) PresignPut(_ context.Context, key, _ string, _ int64, ttl time.Duration) (string, error) {
	return "https://s3.example/" + key + "?put&ttl=" + ttl.String(), nil
}

// newTestService returns a service over fakes.
func newTestService() (*Service, *fakeSource, *fakeBlobs, *memstore.Store, *fakeUploader) {
	src := &fakeSource{data: map[string][]byte{}, mime: map[string]string{}, sha: map[string]string{}}
	blobs := &fakeBlobs{objects: map[string][]byte{}, types: map[string]string{}}
	store := memstore.New()
	_ = store.PutSettings(context.Background(), messaging.Settings{OrgID: "org-1", Provider: messaging.ProviderMeta, APIURL: "https://graph.example",
		PhoneNumberID: "106", TokenProvider: messaging.ProviderMeta, TokenURL: "https://graph.example"})
	up := &fakeUploader{}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	n := 0
	return &Service{Source: src, Uploader: up, Blobs: blobs, Store: store, Secrets: fakes.Secrets{messaging.OrgSecret("org-1", "", messaging.SecretAPIToken): "tok"},
		Now: func() time.Time { return now }, NewID: func() string {
			n++
			return "01JAAAAAAAAAAAAAAAAAAAAAA" + string(rune('0'+n))
		}}, src, blobs, store, up
}
