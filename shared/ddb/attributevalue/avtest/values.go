package avtest

import (
	"math"
	"math/rand/v2"
	"reflect"
	"time"
)

// Edge values the generator draws from, besides random ones.
var (
	edgeStrings = []string{"", "a", "ORG#acme#CONV#+447700900123", "héllo wörld ✓", "日本語のテキスト", "emoji 😀👍🏽",
		" padded ", "with\nnewline\tand \"quotes\"", "nul\x00byte", "2026-03-04T05:06:07Z", "12", "-0", "true"}
	edgeInts   = []int64{0, 1, -1, 42, -42, math.MaxInt8, math.MinInt8, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64, 1e15}
	edgeUints  = []uint64{0, 1, 255, math.MaxUint16, math.MaxUint32, math.MaxUint64}
	edgeFloats = []float64{0, 1, -1, 0.5, -2.25, 0.1, 1.0 / 3, 3.14159265358979, 1e21, 1e-7, 123456789.125, -1e-300,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxFloat32, 100, 1e100}
	edgeZones = []*time.Location{time.UTC, time.FixedZone("IST", 5*3600+1800), time.FixedZone("", -7*3600), time.FixedZone("NPT", 5*3600+45*60)}
	timeType  = reflect.TypeOf(time.Time{})
)

// Values returns representative values of t: its zero value, then n values with fields drawn
// from edge cases (empty strings, nil and empty slices and maps, unicode, extreme and
// fractional numbers, times in several zones and with nanoseconds) and at random; seed fixes
// the draw.
func Values(t reflect.Type, n int, seed uint64) []reflect.Value {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	out := []reflect.Value{reflect.New(t).Elem()}
	for range n {
		v := reflect.New(t).Elem()
		g.fill(v, 0)
		out = append(out, v)
	}
	return out
}

type gen struct{ r *rand.Rand }

func (g *gen) fill(v reflect.Value, depth int) {
	if depth > 6 {
		return
	}
	r := g.r
	if v.Type() == timeType || v.Type().ConvertibleTo(timeType) && v.Kind() == reflect.Struct {
		v.Set(reflect.ValueOf(g.time()).Convert(v.Type()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if r.IntN(3) == 0 {
			v.SetString(randomString(r))
		} else {
			v.SetString(edgeStrings[r.IntN(len(edgeStrings))])
		}
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := edgeInts[r.IntN(len(edgeInts))]
		if r.IntN(3) == 0 {
			i = r.Int64() >> r.IntN(63)
			if r.IntN(2) == 0 {
				i = -i
			}
		}
		if v.OverflowInt(i) {
			i %= 100
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u := edgeUints[r.IntN(len(edgeUints))]
		if r.IntN(3) == 0 {
			u = r.Uint64() >> r.IntN(64)
		}
		if v.OverflowUint(u) {
			u %= 200
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		f := edgeFloats[r.IntN(len(edgeFloats))]
		if r.IntN(3) == 0 {
			f = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
		}
		if v.OverflowFloat(f) {
			f = float64(float32(r.Float64()))
		}
		v.SetFloat(f)
	case reflect.Pointer:
		if r.IntN(3) > 0 {
			p := reflect.New(v.Type().Elem())
			g.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		pick := r.IntN(5)
		if v.Type().Elem().Kind() == reflect.Uint8 && pick == 0 && r.IntN(6) > 0 {
			pick = 2 // a nil []byte in a binary set fails both: rarely
		}
		switch pick {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			s := reflect.MakeSlice(v.Type(), 1+r.IntN(3), 4)
			for i := range s.Len() {
				g.fill(s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Array:
		for i := range v.Len() {
			g.fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		switch r.IntN(5) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			m := reflect.MakeMap(v.Type())
			for range 1 + r.IntN(3) {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				g.fill(k, depth+1)
				if k.Kind() == reflect.String && k.Len() == 0 && r.IntN(20) > 0 {
					k.SetString("k") // an empty key fails both: rarely
				}
				g.fill(e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Interface:
		if v.NumMethod() == 0 {
			if x := g.anyValue(depth); x != nil {
				v.Set(reflect.ValueOf(x))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			sf, fv := v.Type().Field(i), v.Field(i)
			if fv.CanSet() || sf.Anonymous && fv.Kind() == reflect.Struct {
				g.fill(fv, depth+1)
			}
		}
	}
}

// anyValue is what an interface{} field might hold: what decoding into any gives, and more.
func (g *gen) anyValue(depth int) any {
	switch g.r.IntN(9) {
	case 0:
		return nil
	case 1:
		return edgeStrings[g.r.IntN(len(edgeStrings))]
	case 2:
		return edgeFloats[g.r.IntN(len(edgeFloats))]
	case 3:
		return g.r.IntN(2) == 0
	case 4:
		return edgeInts[g.r.IntN(len(edgeInts))]
	case 5:
		return []byte("bytes")
	case 6:
		if depth < 4 {
			return []any{g.anyValue(depth + 1), g.anyValue(depth + 1)}
		}
		return []any{}
	case 7:
		if depth < 4 {
			return map[string]any{"k": g.anyValue(depth + 1), "日本": g.anyValue(depth + 1)}
		}
		return map[string]any{}
	default:
		return []string{"x", "y"}
	}
}

func (g *gen) time() time.Time {
	r := g.r
	switch r.IntN(6) {
	case 0:
		return time.Time{}
	case 1:
		return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	default:
		sec := r.Int64N(4102444800) - 86400*365*5 // 1965 … 2100
		nsec := []int64{0, 123000000, 123456789, 1, 500}[r.IntN(5)]
		return time.Unix(sec, nsec).In(edgeZones[r.IntN(len(edgeZones))])
	}
}

func randomString(r *rand.Rand) string {
	runes := []rune("aZ09 #-_.+/é✓日😀\u00a0\u200b")
	b := make([]rune, r.IntN(20))
	for i := range b {
		b[i] = runes[r.IntN(len(runes))]
	}
	return string(b)
}
