package attributevalue

import (
	"reflect"
	"sort"
	"strings"
	"sync"
)

// defaultTagKey is the struct tag read for every field, before EncoderOptions.TagKey.
const defaultTagKey = "dynamodbav"

// field is one encodable field of a struct type, possibly inside embedded structs.
type field struct {
	tag

	Name        string
	NameFromTag bool

	Index []int
	Type  reflect.Type
}

// fieldCacheKey keys the cache of a struct type's fields read with one tag key.
type fieldCacheKey struct {
	typ    reflect.Type
	tagKey string
}

// cachedFields is a struct type's visible fields in index order, with a lookup by name.
type cachedFields struct {
	fields       []field
	fieldsByName map[string]int
}

// fieldCache holds every struct type's fields once worked out: this is on every request's path.
var fieldCache sync.Map // fieldCacheKey -> *cachedFields

// fieldByName finds the field of the exact name, else the first whose name matches ignoring
// case, as the SDK's decoder does.
func (f *cachedFields) fieldByName(name string) (field, bool) {
	if i, ok := f.fieldsByName[name]; ok {
		return f.fields[i], true
	}
	for _, fl := range f.fields {
		if strings.EqualFold(fl.Name, name) {
			return fl, true
		}
	}
	return field{}, false
}

// unionStructFields returns t's visible fields read with tagKey, worked out once per type.
func unionStructFields(t reflect.Type, tagKey string) *cachedFields {
	key := fieldCacheKey{typ: t, tagKey: tagKey}
	if cached, ok := fieldCache.Load(key); ok {
		return cached.(*cachedFields)
	}
	f := enumFields(t, tagKey)
	sort.Sort(fieldsByName(f))
	f = visibleFields(f)
	fs := &cachedFields{fields: f, fieldsByName: make(map[string]int, len(f))}
	for i, fl := range fs.fields {
		fs.fieldsByName[fl.Name] = i
	}
	cached, _ := fieldCache.LoadOrStore(key, fs)
	return cached.(*cachedFields)
}

// enumFields lists t's fields and those of its embedded structs, breadth first, as
// encoding/json (and the SDK) do.
func enumFields(t reflect.Type, tagKey string) []field {
	current := []field{}
	next := []field{{Type: t}}
	var count map[reflect.Type]int
	nextCount := map[reflect.Type]int{}
	visited := map[reflect.Type]struct{}{}
	fields := []field{}

	for len(next) > 0 {
		current, next = next, current[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}

		for _, f := range current {
			if _, ok := visited[f.Type]; ok {
				continue
			}
			visited[f.Type] = struct{}{}

			for i := 0; i < f.Type.NumField(); i++ {
				sf := f.Type.Field(i)
				if sf.PkgPath != "" && !sf.Anonymous {
					continue // unexported and not embedded
				}
				fieldTag := tag{}
				fieldTag.parseStructTag(defaultTagKey, sf.Tag)
				if tagKey != "" && tagKey != defaultTagKey {
					fieldTag.parseStructTag(tagKey, sf.Tag)
				}
				if fieldTag.Ignore {
					continue
				}

				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				structField := buildField(f.Index, i, sf, fieldTag)
				structField.Type = ft

				if !sf.Anonymous || fieldTag.Name != "" || ft.Kind() != reflect.Struct {
					fields = append(fields, structField)
					if count[f.Type] > 1 {
						// Two copies annihilate each other in visibleFields.
						fields = append(fields, structField)
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, structField)
				}
			}
		}
	}
	return fields
}

func buildField(pIdx []int, i int, sf reflect.StructField, fieldTag tag) field {
	f := field{Name: sf.Name, Type: sf.Type, tag: fieldTag}
	if fieldTag.Name != "" {
		f.NameFromTag = true
		f.Name = fieldTag.Name
	}
	f.Index = make([]int, len(pIdx)+1)
	copy(f.Index, pIdx)
	f.Index[len(pIdx)] = i
	return f
}

// visibleFields keeps, of fields sorted by name, the dominant one of each name, in index order.
func visibleFields(fields []field) []field {
	out := fields[:0]
	for advance, i := 0, 0; i < len(fields); i += advance {
		fi := fields[i]
		for advance = 1; i+advance < len(fields); advance++ {
			if fields[i+advance].Name != fi.Name {
				break
			}
		}
		if advance == 1 {
			out = append(out, fi)
			continue
		}
		if dominant, ok := dominantField(fields[i : i+advance]); ok {
			out = append(out, dominant)
		}
	}
	sort.Sort(fieldsByIndex(out))
	return out
}

// dominantField applies Go's rules for which of several same-named fields is seen: the
// shallowest, then the tagged one; a tie hides them all.
func dominantField(fields []field) (field, bool) {
	length := len(fields[0].Index)
	tagged := -1
	for i, f := range fields {
		if len(f.Index) > length {
			fields = fields[:i]
			break
		}
		if f.NameFromTag {
			if tagged >= 0 {
				return field{}, false
			}
			tagged = i
		}
	}
	if tagged >= 0 {
		return fields[tagged], true
	}
	if len(fields) > 1 {
		return field{}, false
	}
	return fields[0], true
}

type fieldsByName []field

func (x fieldsByName) Len() int      { return len(x) }
func (x fieldsByName) Swap(i, j int) { x[i], x[j] = x[j], x[i] }
func (x fieldsByName) Less(i, j int) bool {
	if x[i].Name != x[j].Name {
		return x[i].Name < x[j].Name
	}
	if len(x[i].Index) != len(x[j].Index) {
		return len(x[i].Index) < len(x[j].Index)
	}
	if x[i].NameFromTag != x[j].NameFromTag {
		return x[i].NameFromTag
	}
	return fieldsByIndex(x).Less(i, j)
}

type fieldsByIndex []field

func (x fieldsByIndex) Len() int      { return len(x) }
func (x fieldsByIndex) Swap(i, j int) { x[i], x[j] = x[j], x[i] }
func (x fieldsByIndex) Less(i, j int) bool {
	for k, xik := range x[i].Index {
		if k >= len(x[j].Index) {
			return false
		}
		if xik != x[j].Index[k] {
			return xik < x[j].Index[k]
		}
	}
	return len(x[i].Index) < len(x[j].Index)
}
