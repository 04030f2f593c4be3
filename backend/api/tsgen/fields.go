package tsgen

import (
	"reflect"
	"strings"
)

// jsonField is one property of a struct's JSON object.
type jsonField struct {
	name     string       // the JSON name
	goName   string       // the Go field's name
	owner    reflect.Type // the struct that declares the field (an embedded one for promoted fields)
	typ      reflect.Type
	optional bool // omitempty or omitzero: the property may be absent
	quoted   bool // ",string": the value travels as a JSON string
	tagged   bool
	depth    int
	via      int // index of the embedded field of the outer struct it comes through; -1 for its own
}

// jsonFields lists the properties encoding/json writes for struct t, in field order, with
// its rules for embedded structs: a shallower field hides a deeper one of the same name,
// and of equally deep ones a tagged field wins, while two untagged ones cancel out.
func jsonFields(t reflect.Type) []jsonField {
	var all []jsonField
	var walk func(t reflect.Type, depth, via int, visiting map[reflect.Type]bool)
	walk = func(t reflect.Type, depth, via int, visiting map[reflect.Type]bool) {
		if visiting[t] {
			return
		}
		visiting[t] = true
		defer delete(visiting, t)
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					v := via
					if depth == 0 {
						v = i
					}
					walk(et, depth+1, v, visiting)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			jf := jsonField{name: name, goName: f.Name, owner: t, typ: ft, depth: depth, via: via, tagged: name != ""}
			if name == "" {
				jf.name = f.Name
			}
			for _, o := range strings.Split(opts, ",") {
				switch o {
				case "omitempty", "omitzero":
					jf.optional = true
				case "string":
					jf.quoted = quotable(ft)
				}
			}
			all = append(all, jf)
		}
	}
	walk(t, 0, -1, map[reflect.Type]bool{})
	return dominant(all)
}

// quotable says whether ",string" applies to a field of type t (scalars only).
func quotable(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64, reflect.String:
		return true
	}
	return false
}

func dominant(all []jsonField) []jsonField {
	byName := map[string][]int{}
	for i, f := range all {
		byName[f.name] = append(byName[f.name], i)
	}
	var out []jsonField
	for i, f := range all {
		if winner(all, byName[f.name]) == i {
			out = append(out, f)
		}
	}
	return out
}

// split returns the embedded structs t can extend in TypeScript, and the fields left to
// declare itself. An embedded struct is extended when it is exported and every one of its
// properties reaches t's JSON unchanged; otherwise its properties are written out in t.
func split(t reflect.Type) (parents []reflect.Type, own []jsonField) {
	fields := jsonFields(t)
	from := map[int]int{}
	for _, f := range fields {
		from[f.via]++
	}
	extend := map[int]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		et := f.Type
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if !f.Anonymous || f.Tag.Get("json") != "" || et.Kind() != reflect.Struct || !f.IsExported() {
			continue
		}
		if n := len(jsonFields(et)); n > 0 && from[i] == n {
			extend[i] = true
			parents = append(parents, et)
		}
	}
	for _, f := range fields {
		if f.via < 0 || !extend[f.via] {
			own = append(own, f)
		}
	}
	return parents, own
}

// winner is the index of the field that encoding/json keeps among those named alike, or
// -1 when they cancel out.
func winner(all []jsonField, idx []int) int {
	best := -1
	for _, i := range idx {
		if best < 0 || all[i].depth < all[best].depth {
			best = i
		}
	}
	var top []int
	for _, i := range idx {
		if all[i].depth == all[best].depth {
			top = append(top, i)
		}
	}
	if len(top) == 1 {
		return top[0]
	}
	tagged := -1
	for _, i := range top {
		if all[i].tagged {
			if tagged >= 0 {
				return -1
			}
			tagged = i
		}
	}
	return tagged
}
