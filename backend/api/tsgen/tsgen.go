// Package tsgen writes the TypeScript side of the bridge from the Go types: every type a
// bound service takes or returns, each service's methods, and the event names. The frontend
// imports what it writes instead of copying the JSON shapes by hand, so a Go change that the
// UI has not caught up with fails the TypeScript build rather than a user's click.
//
// It reads types by reflection and follows encoding/json: json tags (names, "-", omitempty,
// omitzero and ",string"), promoted fields of embedded structs, time.Time and []byte as
// strings, maps as records and pointers as "| null". Go cannot say which values a string
// field takes, so Config names the enums and the fields whose TypeScript type is narrower
// than their Go type.
package tsgen

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Config is the whole contract to write.
type Config struct {
	// Services is the struct type whose exported fields are the bound services (pointers to
	// structs); a field's type name is the service's name, as in the bridge.
	Services reflect.Type
	// Enums are string unions, written as a type and a list of values.
	Enums []Enum
	// Fields give single struct fields a TypeScript type of their own (an enum's name, or a
	// nullable list), overriding what reflection would write.
	Fields []Field
	// Events are the event names with their payload types.
	Events []Event
}

// Enum is a TypeScript string union, e.g. RunStatus = 'running' | 'paused'.
type Enum struct {
	Name   string
	Values []string
	// Type, when set, is a named Go type written as this enum wherever it appears.
	Type reflect.Type
}

// Field overrides how the Go field Name of the struct Struct is written.
type Field struct {
	Struct reflect.Type
	Name   string
	// TS, when set, is the field's TypeScript type, e.g. an enum's name.
	TS string
	// Nullable adds "| null": for a list Go may leave nil, which JSON writes as null.
	Nullable bool
}

// Event is one event name and the type of its payload.
type Event struct {
	Name    string
	Payload reflect.Type
}

// Command is what regenerates the file; error messages and the file's header name it.
const Command = "CGO_ENABLED=0 go run ./cmd/tsgen"

// named is one Go struct type written as a TypeScript interface.
type named struct {
	t    reflect.Type
	name string
}

type generator struct {
	cfg      Config
	enums    map[reflect.Type]string
	fields   map[reflect.Type]map[string]Field
	used     map[[2]string]bool // struct fields overridden, to report overrides that match nothing
	seen     map[reflect.Type]bool
	order    []reflect.Type
	names    map[reflect.Type]string
	building []string // the path to the type being read, for error messages
}

// Generate returns the TypeScript source for cfg.
func Generate(cfg Config) ([]byte, error) {
	g := &generator{cfg: cfg, enums: map[reflect.Type]string{}, fields: map[reflect.Type]map[string]Field{},
		used: map[[2]string]bool{}, seen: map[reflect.Type]bool{}, names: map[reflect.Type]string{}}
	for _, e := range cfg.Enums {
		if e.Type != nil {
			g.enums[e.Type] = e.Name
		}
	}
	for _, f := range cfg.Fields {
		if _, ok := f.Struct.FieldByName(f.Name); !ok || f.Struct.Kind() != reflect.Struct {
			return nil, fmt.Errorf("tsgen: %v has no field %s to override", f.Struct, f.Name)
		}
		if g.fields[f.Struct] == nil {
			g.fields[f.Struct] = map[string]Field{}
		}
		g.fields[f.Struct][f.Name] = f
	}
	services, err := g.services()
	if err != nil {
		return nil, err
	}
	for _, e := range cfg.Events {
		if err := g.collect(e.Payload, "event "+e.Name); err != nil {
			return nil, err
		}
	}
	for _, f := range cfg.Fields {
		if !g.used[[2]string{f.Struct.String(), f.Name}] {
			return nil, fmt.Errorf("tsgen: the override of %v.%s matches no field the services use", f.Struct, f.Name)
		}
	}
	if err := g.assignNames(); err != nil {
		return nil, err
	}
	return g.write(services)
}

type service struct {
	name    string
	methods []method
}

type method struct {
	name   string
	in     []reflect.Type
	result reflect.Type // nil for error-only methods
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// services lists every bound service and its methods, and collects the types they use.
func (g *generator) services() ([]service, error) {
	st := g.cfg.Services
	if st == nil || st.Kind() != reflect.Struct {
		return nil, fmt.Errorf("tsgen: Services must be a struct type, got %v", st)
	}
	var out []service
	for i := range st.NumField() {
		f := st.Field(i)
		if !f.IsExported() {
			continue
		}
		t := f.Type
		if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
			return nil, fmt.Errorf("tsgen: service field %s must be a pointer to a struct, it is %v", f.Name, t)
		}
		svc := service{name: t.Elem().Name()}
		for j := range t.NumMethod() {
			m := t.Method(j)
			ft := m.Type // includes the receiver as the first input
			where := svc.name + "." + m.Name
			mt := method{name: m.Name}
			for k := 1; k < ft.NumIn(); k++ {
				mt.in = append(mt.in, ft.In(k))
				if err := g.collect(ft.In(k), where); err != nil {
					return nil, err
				}
			}
			switch {
			case ft.NumOut() == 1 && ft.Out(0) == errorType:
			case ft.NumOut() == 2 && ft.Out(1) == errorType:
				mt.result = ft.Out(0)
				if err := g.collect(mt.result, where); err != nil {
					return nil, err
				}
			default:
				return nil, fmt.Errorf("tsgen: %s must return (T, error) or error, it returns %v", where, ft)
			}
			svc.methods = append(svc.methods, mt)
		}
		out = append(out, svc)
	}
	return out, nil
}

func isTime(t reflect.Type) bool { return t.PkgPath() == "time" && t.Name() == "Time" }

func isRaw(t reflect.Type) bool { return t.PkgPath() == "encoding/json" && t.Name() == "RawMessage" }

// collect walks t and records every named struct type it reaches.
func (g *generator) collect(t reflect.Type, where string) error {
	if _, ok := g.enums[t]; ok || isTime(t) || isRaw(t) {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return g.collect(t.Elem(), where)
	case reflect.Map:
		if err := g.mapKey(t, where); err != nil {
			return err
		}
		return g.collect(t.Elem(), where)
	case reflect.Struct:
		if t.Name() != "" {
			if g.seen[t] {
				return nil
			}
			g.seen[t] = true
			g.order = append(g.order, t)
		}
		parents, own := split(t)
		if t.Name() == "" {
			parents, own = nil, jsonFields(t)
		}
		for _, p := range parents {
			if err := g.collect(p, where); err != nil {
				return err
			}
		}
		for _, f := range own {
			if o, ok := g.fields[f.owner][f.goName]; ok {
				g.used[[2]string{f.owner.String(), f.goName}] = true
				if o.TS != "" {
					continue
				}
			}
			if err := g.collect(f.typ, where+" → "+t.String()+"."+f.goName); err != nil {
				return err
			}
		}
		return nil
	case reflect.Chan, reflect.Func, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return fmt.Errorf("tsgen: %s uses %v, which JSON cannot carry", where, t)
	}
	return nil
}

func (g *generator) mapKey(t reflect.Type, where string) error {
	switch t.Key().Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return nil
	}
	return fmt.Errorf("tsgen: %s uses %v: JSON object keys must be strings or integers", where, t)
}

// assignNames gives each struct its Go name, or, when two packages use one name, the
// package's name in front of it (delivery.RecipientPage becomes DeliveryRecipientPage).
func (g *generator) assignNames() error {
	byName := map[string][]reflect.Type{}
	for _, t := range g.order {
		byName[t.Name()] = append(byName[t.Name()], t)
	}
	for name, ts := range byName {
		for _, t := range ts {
			if len(ts) == 1 {
				g.names[t] = name
				continue
			}
			pkg := t.PkgPath()
			pkg = pkg[strings.LastIndex(pkg, "/")+1:]
			g.names[t] = strings.ToUpper(pkg[:1]) + pkg[1:] + name
		}
	}
	taken := map[string]reflect.Type{}
	for _, t := range g.order {
		if o, dup := taken[g.names[t]]; dup {
			return fmt.Errorf("tsgen: two types named %s (%v and %v): rename one of them", g.names[t], o, t)
		}
		taken[g.names[t]] = t
	}
	sort.Slice(g.order, func(i, j int) bool { return g.names[g.order[i]] < g.names[g.order[j]] })
	return nil
}

// tsType is the TypeScript expression for t.
func (g *generator) tsType(t reflect.Type) string {
	if name, ok := g.enums[t]; ok {
		return name
	}
	if isTime(t) {
		return "string"
	}
	if isRaw(t) {
		return "unknown"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Interface:
		return "unknown"
	case reflect.Pointer:
		return g.tsType(t.Elem()) + " | null"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			return "string" // encoding/json writes []byte as base64
		}
		el := g.tsType(t.Elem())
		if strings.ContainsAny(el, " |&") {
			el = "(" + el + ")"
		}
		return el + "[]"
	case reflect.Map:
		key := "string"
		if t.Key().Kind() != reflect.String {
			key = "number"
		}
		return "Record<" + key + ", " + g.tsType(t.Elem()) + ">"
	case reflect.Struct:
		if t.Name() != "" {
			return g.names[t]
		}
		return g.inline(t)
	}
	return "unknown"
}

// inline writes an anonymous struct as an object type.
func (g *generator) inline(t reflect.Type) string {
	var parts []string
	for _, f := range jsonFields(t) {
		parts = append(parts, g.member(f))
	}
	if len(parts) == 0 {
		return "Record<string, never>"
	}
	return "{ " + strings.Join(parts, "; ") + " }"
}

func (g *generator) member(f jsonField) string {
	o := g.fields[f.owner][f.goName]
	ts := o.TS
	if ts == "" {
		ts = g.tsType(f.typ)
		if f.quoted {
			ts = "string"
		}
	}
	if o.Nullable && !strings.HasSuffix(ts, " | null") {
		ts += " | null"
	}
	opt := ""
	if f.optional {
		opt = "?"
	}
	return propName(f.name) + opt + ": " + ts
}

// propName quotes a property name TypeScript would not take bare.
func propName(n string) string {
	for i, r := range n {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return "'" + strings.ReplaceAll(n, "'", "\\'") + "'"
		}
	}
	if n == "" {
		return "''"
	}
	return n
}
