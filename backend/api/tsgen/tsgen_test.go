package tsgen

import (
	"encoding/json"
	"image"
	"reflect"
	"strings"
	"testing"
	"time"
)

type base struct{ Hidden int }

type Stamp struct {
	CreatedAt time.Time `json:"createdAt"`
	Note      string    `json:"note,omitempty"`
}

type Shadowed struct {
	Label string
	Size  int
	Kind  string `json:"kind"`
}

type Labelled struct {
	Label  string
	Weight int `json:"Size"`
}

type Row struct {
	Stamp
	ID       int64             `json:"id"`
	Parent   *int64            `json:"parent"`
	Tags     []string          `json:"tags"`
	Raw      []byte            `json:"raw"`
	Meta     map[string]any    `json:"meta"`
	ByDay    map[int64]float64 `json:"byDay"`
	Big      int64             `json:"big,string"`
	Skipped  string            `json:"-"`
	Untagged bool
	Inline   struct {
		A string `json:"a"`
	} `json:"inline"`
	Status  string          `json:"status"`
	Payload json.RawMessage `json:"payload"`
	secret  string
}

type Mixed struct {
	Shadowed
	Labelled
	ID   int `json:"id"`
	Kind int `json:"kind"`
}

type svc struct{}

func (svc) Get(id int64, q *Row) (Row, error)          { return Row{}, nil }
func (svc) List() ([]Mixed, error)                     { return nil, nil }
func (svc) Delete(ids []int64) error                   { return nil }
func (svc) Find(name string) (*Stamp, error)           { return nil, nil }
func (svc) Group(m map[string][]Row) (base, error)     { return base{}, nil }
func (svc) Wide(a, b string, c bool, d float64) error  { return nil }
func (svc) unexported() error                          { return nil }
func (svc) Counts() (map[string]int, error)            { return nil, nil }
func (svc) Nested() ([][]Stamp, error)                 { return nil, nil }
func (svc) Times(t time.Time) ([]time.Time, error)     { return nil, nil }
func (svc) Anything(v any) (json.RawMessage, error)    { return nil, nil }
func (svc) Pointers(p **Stamp) (*[]Shadowed, error)    { return nil, nil }
func (svc) Struct() (struct{ X int }, error)           { return struct{ X int }{}, nil }
func (svc) Shadow(s Shadowed) (Shadowed, error)        { return s, nil }
func (svc) Empty() (struct{}, error)                   { return struct{}{}, nil }
func (svc) Skip(_ int) error                           { return nil }
func (svc) Keys(m map[int]string) (map[int]int, error) { return nil, nil }

type Svc struct{ svc }

type services struct {
	Svc      *Svc
	internal *Svc
}

func generate(t *testing.T, c Config) string {
	t.Helper()
	if c.Services == nil {
		c.Services = reflect.TypeFor[services]()
	}
	out, err := Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func wantLines(t *testing.T, src string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(src, l) {
			t.Errorf("missing %q in:\n%s", l, src)
		}
	}
}

func TestTypesFollowEncodingJSON(t *testing.T) {
	src := generate(t, Config{})
	wantLines(t, src,
		"export interface Row extends Stamp {\n",
		"  id: number;\n",
		"  parent: number | null;\n",
		"  tags: string[];\n",
		"  raw: string;\n", // []byte is base64 text
		"  meta: Record<string, unknown>;\n",
		"  byDay: Record<number, number>;\n",
		"  big: string;\n", // ,string quotes the number
		"  Untagged: boolean;\n",
		"  inline: { a: string };\n",
		"  payload: unknown;\n",
		"export interface Stamp {\n  createdAt: string;\n  note?: string;\n}\n",
	)
	for _, bad := range []string{"Skipped", "secret"} {
		if strings.Contains(src, bad) {
			t.Errorf("%s is not in the JSON but was written:\n%s", bad, src)
		}
	}
	// Two untagged Labels equally deep cancel out, a tagged Size beats an untagged one, and
	// Mixed's own kind hides Shadowed's: so Mixed extends neither and lists what is left.
	wantLines(t, src, "export interface Mixed {\n  Size: number;\n  id: number;\n  kind: number;\n}\n")
}

func TestServicesAndMethods(t *testing.T) {
	src := generate(t, Config{})
	wantLines(t, src,
		"  Svc: {\n",
		"    Get: { args: [number, Input<Row | null>]; result: Row };\n",
		"    Delete: { args: [number[]]; result: null };\n",
		"    Find: { args: [string]; result: Stamp };\n", // (*T, error) returns a T when there is no error
		"    Wide: { args: [string, string, boolean, number]; result: null };\n",
		"    Nested: { args: []; result: Stamp[][] };\n",
		"    Times: { args: [string]; result: string[] };\n",
		"    Pointers: { args: [Input<Stamp | null | null>]; result: Shadowed[] };\n",
		"    Struct: { args: []; result: { X: number } };\n",
		"    Empty: { args: []; result: Record<string, never> };\n",
		"    Keys: { args: [Record<number, string>]; result: Record<number, number> };\n",
	)
	if strings.Contains(src, "unexported") || strings.Contains(src, "internal") {
		t.Errorf("unexported methods or services were written:\n%s", src)
	}
}

func TestEnumsOverridesAndEvents(t *testing.T) {
	row := reflect.TypeFor[Row]()
	src := generate(t, Config{
		Enums:  []Enum{{Name: "RowStatus", Values: []string{"new", "it's done"}}},
		Fields: []Field{{Struct: row, Name: "Status", TS: "RowStatus"}, {Struct: row, Name: "Tags", Nullable: true}},
		Events: []Event{{Name: "row.changed", Payload: row}, {Name: "stamp.seen", Payload: reflect.TypeFor[Stamp]()}},
	})
	wantLines(t, src,
		"export type RowStatus = 'new' | 'it\\'s done';\n",
		"export const RowStatusValues: readonly RowStatus[] = ['new', 'it\\'s done'];\n",
		"  status: RowStatus;\n",
		"  tags: string[] | null;\n",
		"  RowChanged: 'row.changed',\n",
		"  'row.changed': Row;\n  'stamp.seen': Stamp;\n",
	)
}

type unused struct{ X int }

type Point struct{ Z int }

// Two packages' types of one name: both get their package's name in front.
func TestNameCollisionsArePrefixed(t *testing.T) {
	type both struct {
		A image.Point
		B Point
	}
	src := generate(t, Config{Events: []Event{{Name: "a.b", Payload: reflect.TypeFor[both]()}}})
	wantLines(t, src, "export interface ImagePoint {\n  X: number;\n  Y: number;\n}\n", "export interface TsgenPoint {\n  Z: number;\n}\n",
		"export interface both {\n  A: ImagePoint;\n  B: TsgenPoint;\n}\n")
}

func TestMistakesAreReported(t *testing.T) {
	row := reflect.TypeFor[Row]()
	type withChan struct{ C chan int }
	type withKey struct{ M map[[2]int]string }
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown field", Config{Fields: []Field{{Struct: row, Name: "Nope", TS: "string"}}}, "has no field Nope"},
		{"unused override", Config{Fields: []Field{{Struct: reflect.TypeFor[unused](), Name: "X", TS: "number"}}}, "matches no field"},
		{"channel", Config{Events: []Event{{Name: "x.y", Payload: reflect.TypeFor[withChan]()}}}, "which JSON cannot carry"},
		{"map key", Config{Events: []Event{{Name: "x.y", Payload: reflect.TypeFor[withKey]()}}}, "keys must be strings or integers"},
		{"empty enum", Config{Enums: []Enum{{Name: "E"}}}, "enum E has no values"},
		{"not a struct", Config{Services: reflect.TypeFor[int]()}, "Services must be a struct"},
		{"same name twice", Config{Events: []Event{{Name: "x.y", Payload: reflect.TypeFor[struct{ A, B any }]()}, {Name: "x.z", Payload: localStamp()}}}, "two types named TsgenStamp"},
	} {
		if c := tc.cfg; c.Services == nil {
			tc.cfg.Services = reflect.TypeFor[services]()
		}
		_, err := Generate(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}

// localStamp is a type of the same package and name as Stamp, declared in a function.
func localStamp() reflect.Type {
	type Stamp struct{ At string }
	return reflect.TypeFor[struct {
		S Stamp
		T Row
	}]()
}

type badReturn struct{}

func (badReturn) Two() (int, int) { return 0, 0 }

func TestMethodsMustReturnAnError(t *testing.T) {
	type s struct{ B *badReturn }
	_, err := Generate(Config{Services: reflect.TypeFor[s]()})
	if err == nil || !strings.Contains(err.Error(), "badReturn.Two must return (T, error) or error") {
		t.Fatalf("got %v", err)
	}
}
