package avtest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	sdkav "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/proplink/chat/shared/ddb/attributevalue"
)

// Options say how Check encodes and how many values it draws.
type Options struct {
	// TagKey is EncoderOptions.TagKey and DecoderOptions.TagKey ("" leaves the default).
	TagKey string
	// N is how many random values to draw besides the zero value and the samples (default 200).
	N int
	// Seed fixes the draw.
	Seed uint64
}

// Check encodes each sample and N values drawn for its type with both packages and fails t
// unless both give the same attribute value (or both fail alike), then decodes the SDK's
// attribute value into a new value of the type with both and fails t unless both give the
// same Go value (or both fail; what a failed decode left behind is not compared).
func Check(t testing.TB, opts Options, samples ...any) {
	t.Helper()
	if len(samples) == 0 {
		t.Fatal("avtest: Check needs a sample of the type")
	}
	if opts.N == 0 {
		opts.N = 200
	}
	typ := reflect.TypeOf(samples[0])
	vals := Values(typ, opts.N, opts.Seed)
	for _, s := range samples {
		vals = append(vals, reflect.ValueOf(s))
	}
	decoded := 0
	for i, v := range vals {
		ok, err := Compare(v.Interface(), opts.TagKey)
		if err != nil {
			t.Errorf("%s value %d %#v: %v", typ, i, v.Interface(), err)
		}
		if ok {
			decoded++
		}
	}
	// Values both fail alike on prove little: most must make the whole trip.
	if decoded < len(vals)/2 {
		t.Errorf("%s: only %d of %d values encoded and decoded without error", typ, decoded, len(vals))
	}
}

// Compare encodes in with both packages, then decodes the SDK's attribute value into a new
// value of in's type with both, and describes the first difference (nil when none); ok
// reports that both encoded and decoded without error.
func Compare(in any, tagKey string) (ok bool, err error) {
	enc := func(o *attributevalue.EncoderOptions) {
		if tagKey != "" {
			o.TagKey = tagKey
		}
	}
	sdkEnc := func(o *sdkav.EncoderOptions) {
		if tagKey != "" {
			o.TagKey = tagKey
		}
	}
	got, gotErr := attributevalue.MarshalWithOptions(in, enc)
	sdk, wantErr := sdkav.MarshalWithOptions(in, sdkEnc)
	if errString(gotErr) != errString(wantErr) {
		return false, fmt.Errorf("marshal: got error %v, want %v", gotErr, wantErr)
	}
	if d := cmp.Diff(FromSDK(sdk), got); d != "" {
		return false, fmt.Errorf("marshal: (-sdk +ours):\n%s", d)
	}
	if wantErr != nil {
		return false, nil
	}
	gotMap, _ := attributevalue.MarshalMapWithOptions(in, enc)
	sdkMap, _ := sdkav.MarshalMapWithOptions(in, sdkEnc)
	if d := cmp.Diff(FromSDKMap(sdkMap), gotMap); d != "" {
		return false, fmt.Errorf("marshal map: (-sdk +ours):\n%s", d)
	}
	if in == nil {
		return true, nil
	}
	return CompareDecode(sdk, reflect.TypeOf(in), tagKey)
}

// CompareDecode decodes the SDK's attribute value into a new value of type typ with both
// packages and describes the first difference in error or result (nil when none); ok
// reports that both decoded without error.
func CompareDecode(av types.AttributeValue, typ reflect.Type, tagKey string) (ok bool, err error) {
	dec := func(o *attributevalue.DecoderOptions) {
		if tagKey != "" {
			o.TagKey = tagKey
		}
	}
	sdkDec := func(o *sdkav.DecoderOptions) {
		if tagKey != "" {
			o.TagKey = tagKey
		}
	}
	gotOut, wantOut := reflect.New(typ), reflect.New(typ)
	gotErr := attributevalue.UnmarshalWithOptions(FromSDK(av), gotOut.Interface(), dec)
	wantErr := sdkav.UnmarshalWithOptions(av, wantOut.Interface(), sdkDec)
	if (gotErr == nil) != (wantErr == nil) {
		return false, fmt.Errorf("unmarshal %T: got error %v, want %v", av, gotErr, wantErr)
	}
	if wantErr != nil {
		// What was decoded before the error depends on map order: nothing to compare.
		return false, nil
	}
	if d := cmp.Diff(wantOut.Interface(), gotOut.Interface(), Exact); d != "" {
		return false, fmt.Errorf("unmarshal: (-sdk +ours):\n%s", d)
	}
	return true, nil
}

// Exact compares Go values field by field, unexported ones too, and times by instant and
// offset (not only by instant, as time.Time.Equal does).
var Exact = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.Comparer(func(a, b time.Time) bool {
		_, ao := a.Zone()
		_, bo := b.Zone()
		return a.Equal(b) && ao == bo && a.Location().String() == b.Location().String()
	}),
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
