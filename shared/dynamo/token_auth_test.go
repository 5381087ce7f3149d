package dynamo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/proplink/chat/shared/ddb"
	"github.com/proplink/chat/shared/messaging"
)

// keyLimitDB answers GetItem as DynamoDB does for a table holding no token: a key that is not
// valid UTF-8 or whose partition key passes 2048 bytes is a ValidationException, any other key
// is not found. Every other call is unused.
type keyLimitDB struct {
	api
	reads int
}

func (d *keyLimitDB) GetItem(_ context.Context, in *ddb.GetItemInput, _ ...func(*ddb.Options)) (*ddb.GetItemOutput, error) {
	d.reads++
	pk := in.Key["PK"].(*ddb.AttributeValueMemberS).Value
	if len(pk) > 2048 || !utf8.ValidString(pk) {
		return nil, errors.New("ValidationException: One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of 2048 bytes")
	}
	return &ddb.GetItemOutput{}, nil
}

// TestAuthenticateMalformedBearerTokens: whatever a caller puts after "Bearer", the answer is
// unauthenticated (401), never a storage error (500); a malformed token costs no read at all.
func TestAuthenticateMalformedBearerTokens(t *testing.T) {
	hex64 := strings.Repeat("ab", 32)
	tests := map[string]struct {
		token string
		reads int
	}{
		"empty":                      {"", 0},
		"wrong prefix":               {"pk_o1_" + hex64, 0},
		"bad characters":             {"plk_o1_" + strings.Repeat("zz", 32), 0},
		"10 KB":                      {strings.Repeat("A", 10<<10), 0},
		"10 KB organisation":         {"plk_" + strings.Repeat("a", 10<<10) + "_" + hex64, 0},
		"non-ASCII organisation":     {"plk_örg_" + hex64, 0},
		"invalid UTF-8 organisation": {"plk_\xff_" + hex64, 0},
		"reserved character":         {"plk_o#1_" + hex64, 0},
		"well formed, unknown":       {"plk_o1_" + hex64, 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			db := &keyLimitDB{}
			_, err := newStore(db, "T").Authenticate(context.Background(), tt.token, time.Now())
			if code := messaging.ErrorCode(err); code != messaging.CodeUnauthenticated {
				t.Errorf("code = %q (%v), want %q", code, err, messaging.CodeUnauthenticated)
			}
			if db.reads != tt.reads {
				t.Errorf("reads = %d, want %d", db.reads, tt.reads)
			}
		})
	}
}

// FuzzAuthenticate: any bearer token is refused as unauthenticated, never with another error,
// and only a token NewToken could have minted reaches the table.
func FuzzAuthenticate(f *testing.F) {
	hex64 := strings.Repeat("ab", 32)
	for _, s := range []string{"", "plk_o1_" + hex64, "plk___", "plk_" + strings.Repeat("a", 3000) + "_" + hex64, "plk_\xff_" + hex64, "Bearer x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		db := &keyLimitDB{}
		_, err := newStore(db, "T").Authenticate(context.Background(), token, time.Now())
		if code := messaging.ErrorCode(err); code != messaging.CodeUnauthenticated {
			t.Fatalf("Authenticate(%q): code %q (%v), want unauthenticated", token, code, err)
		}
		if org, ok := parseToken(token); db.reads > 0 && (!ok || !validTokenOrg(org)) {
			t.Fatalf("Authenticate(%q) read the table for a malformed token", token)
		}
	})
}
