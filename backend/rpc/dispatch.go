// Package rpc is the HTTP bridge: it serves the bound services at POST /rpc/<Service>.<Method>,
// streams events over SSE at GET /events, and serves the built UI, so a browser gets the
// same backend the desktop window does.
package rpc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
)

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// method is one callable service method, resolved once at start.
type method struct {
	full      string // "Network.ListPartners"
	fn        reflect.Value
	in        []reflect.Type
	hasResult bool
}

// Dispatcher calls service methods by name with JSON arguments. It holds no state besides the
// method table, so one dispatcher serves every request concurrently.
type Dispatcher struct {
	methods  map[string]*method
	services map[string][]string // service -> sorted method names
	// Logf records panics; nil means discard.
	Logf func(format string, args ...any)
}

// NewDispatcher indexes every exported method of every service. A service's Go type name is
// its RPC name. Methods must return (T, error) or error: anything else is a programming
// mistake reported here, at start, rather than on the first call.
func NewDispatcher(services []any) (*Dispatcher, error) {
	d := &Dispatcher{methods: map[string]*method{}, services: map[string][]string{}}
	for _, svc := range services {
		v := reflect.ValueOf(svc)
		t := v.Type()
		name := t.Name()
		if t.Kind() == reflect.Pointer {
			name = t.Elem().Name()
		}
		if name == "" {
			return nil, fmt.Errorf("rpc: service %v has no type name", t)
		}
		if _, dup := d.services[name]; dup {
			return nil, fmt.Errorf("rpc: service %s is bound twice", name)
		}
		names := []string{}
		for i := 0; i < t.NumMethod(); i++ {
			m, err := newMethod(name, t.Method(i), v.Method(i))
			if err != nil {
				return nil, err
			}
			d.methods[m.full] = m
			names = append(names, t.Method(i).Name)
		}
		sort.Strings(names)
		d.services[name] = names
	}
	return d, nil
}

func newMethod(service string, rm reflect.Method, fn reflect.Value) (*method, error) {
	full := service + "." + rm.Name
	ft := fn.Type()
	if ft.IsVariadic() {
		return nil, fmt.Errorf("rpc: %s is variadic: bound methods take a fixed list of arguments", full)
	}
	switch {
	case ft.NumOut() == 1 && ft.Out(0) == errorType:
	case ft.NumOut() == 2 && ft.Out(1) == errorType:
	default:
		return nil, fmt.Errorf("rpc: %s must return (T, error) or error, it returns %v", full, ft)
	}
	m := &method{full: full, fn: fn, hasResult: ft.NumOut() == 2}
	for i := 0; i < ft.NumIn(); i++ {
		m.in = append(m.in, ft.In(i))
	}
	return m, nil
}

// Services lists the bound service names, sorted.
func (d *Dispatcher) Services() []string {
	out := make([]string, 0, len(d.services))
	for s := range d.services {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Methods lists the methods of one service, sorted; nil when the service is unknown.
func (d *Dispatcher) Methods(service string) []string { return d.services[service] }

// Call runs service.method with a JSON array of arguments and returns the JSON result
// ("null" for error-only methods). Errors are *Error values ready for the wire.
func (d *Dispatcher) Call(service, name string, body []byte) ([]byte, *Error) {
	m, rerr := d.lookup(service, name)
	if rerr != nil {
		return nil, rerr
	}
	args, rerr := decodeArgs(m, body)
	if rerr != nil {
		return nil, rerr
	}
	return d.invoke(m, args)
}

func (d *Dispatcher) lookup(service, name string) (*method, *Error) {
	names, ok := d.services[service]
	if !ok {
		return nil, notFoundf("there is no service %q: the services are %s (call POST /rpc/<Service>.<Method>)",
			service, strings.Join(d.Services(), ", "))
	}
	m, ok := d.methods[service+"."+name]
	if !ok {
		hint := ""
		for _, n := range names {
			if strings.EqualFold(n, name) {
				hint = fmt.Sprintf(" (did you mean %s.%s? names are case-sensitive)", service, n)
			}
		}
		return nil, notFoundf("service %s has no method %q%s: its methods are %s",
			service, name, hint, strings.Join(names, ", "))
	}
	return m, nil
}

// invoke calls the method and encodes its result, turning a panic in either into an
// internal error: one broken method must not take the whole server, and with it the user's
// other work, down.
func (d *Dispatcher) invoke(m *method, args []reflect.Value) (body []byte, rerr *Error) {
	defer func() {
		if p := recover(); p != nil {
			if d.Logf != nil {
				d.Logf("rpc: %s panicked: %v\n%s", m.full, p, debug.Stack())
			}
			body, rerr = nil, internalf("%s failed unexpectedly (%v): this is a bug in CommHub, please report it", m.full, p)
		}
	}()
	out := m.fn.Call(args)
	if err, _ := out[len(out)-1].Interface().(error); err != nil {
		return nil, fromError(err)
	}
	if !m.hasResult {
		return []byte("null"), nil
	}
	b, err := json.Marshal(out[0].Interface())
	if err != nil {
		return nil, internalf("%s returned a result that cannot be sent as JSON: %v", m.full, err)
	}
	return b, nil
}

// decodeArgs turns the JSON array into one value per parameter, naming the argument and
// the type it expects when something does not fit.
func decodeArgs(m *method, body []byte) ([]reflect.Value, *Error) {
	var raw []json.RawMessage
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, bodyError(m, err)
		}
	}
	if len(raw) != len(m.in) {
		return nil, invalidf("%s takes %s, got %d: send them as a JSON array%s",
			m.full, describeParams(m.in), len(raw), exampleArgs(m.in))
	}
	args := make([]reflect.Value, len(m.in))
	for i, t := range m.in {
		// JSON null decodes into a struct as its zero value without a word, which would
		// turn "no object" into "an empty one" (an empty message saved as a new draft).
		if t.Kind() == reflect.Struct && bytes.Equal(bytes.TrimSpace(raw[i]), []byte("null")) {
			return nil, invalidf("%s argument %d (%s): got null: send the object itself", m.full, i+1, jsonKind(t))
		}
		p := reflect.New(t)
		if err := json.Unmarshal(raw[i], p.Interface()); err != nil {
			return nil, argError(m, i, t, err)
		}
		args[i] = p.Elem()
	}
	return args, nil
}

func bodyError(m *method, err error) *Error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return invalidf("the body of %s is not valid JSON (at byte %d: %v): send the arguments as a JSON array, e.g. []",
			m.full, syn.Offset, syn)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return invalidf("the body of %s must be a JSON array of arguments, got a JSON %s: wrap the arguments in [ ]",
			m.full, typ.Value)
	}
	return invalidf("the body of %s is not a JSON array of arguments: %v", m.full, err)
}

func argError(m *method, i int, t reflect.Type, err error) *Error {
	where := fmt.Sprintf("%s argument %d (%s)", m.full, i+1, jsonKind(t))
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		got := "a JSON " + typ.Value
		if lit, ok := strings.CutPrefix(typ.Value, "number "); ok && isInteger(typ.Type) && !strings.ContainsAny(lit, ".eE") {
			got = lit + ", which is out of range"
		}
		if typ.Field != "" {
			return invalidf("%s: field %q must be %s, got %s", where, jsonPath(t, typ.Field), jsonKind(typ.Type), got)
		}
		return invalidf("%s: expected %s, got %s", where, jsonKind(typ.Type), got)
	}
	return invalidf("%s: %v", where, err)
}

// isInteger says whether t holds whole numbers, so that a whole number it refuses is one
// too large (or negative for an unsigned type), not one of the wrong kind.
func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// jsonPath drops the Go names of embedded structs from a field path ("Paging.page" becomes
// "page"): the caller's JSON has no such level.
func jsonPath(t reflect.Type, path string) string {
	var out []string
	for _, part := range strings.Split(path, ".") {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			out = append(out, part)
			continue
		}
		if f, ok := t.FieldByName(part); ok && f.Anonymous && f.Tag.Get("json") == "" {
			t = f.Type
			continue
		}
		out = append(out, part)
		t = fieldByJSONName(t, part)
	}
	return strings.Join(out, ".")
}

// fieldByJSONName finds the type of the field that JSON calls name, or an empty struct
// type when there is none, which ends the walk harmlessly.
func fieldByJSONName(t reflect.Type, name string) reflect.Type {
	for _, f := range reflect.VisibleFields(t) {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name || (tag == "" && strings.EqualFold(f.Name, name)) {
			return f.Type
		}
	}
	return reflect.TypeOf(struct{}{})
}

func describeParams(in []reflect.Type) string {
	if len(in) == 0 {
		return "no arguments"
	}
	parts := make([]string, len(in))
	for i, t := range in {
		parts[i] = jsonKind(t)
	}
	word := "arguments"
	if len(in) == 1 {
		word = "argument"
	}
	return fmt.Sprintf("%d %s (%s)", len(in), word, strings.Join(parts, ", "))
}

func exampleArgs(in []reflect.Type) string {
	if len(in) == 0 {
		return ", e.g. []"
	}
	return ""
}

// jsonKind names a Go type the way a caller writing JSON thinks of it.
func jsonKind(t reflect.Type) string {
	name := t.String()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array (" + name + ")"
	case reflect.Map:
		return "an object (" + name + ")"
	case reflect.Struct:
		if t.PkgPath() == "time" && t.Name() == "Time" {
			return "an RFC 3339 time string"
		}
		return "an object (" + name + ")"
	}
	return name
}
