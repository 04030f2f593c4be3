package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"commhub/backend/audience"
	tpl "commhub/backend/template"
)

func userTemplates(t *testing.T, b bridge) map[string]tpl.Content {
	t.Helper()
	var list []tpl.Summary
	b.must(&list, "Templates.List")
	out := map[string]tpl.Content{}
	for _, s := range list {
		if !s.BuiltIn {
			var full tpl.Template
			b.must(&full, "Templates.Get", s.ID)
			out[s.Name] = full.Content
		}
	}
	return out
}

func TestTemplatesExportImportRoundTrip(t *testing.T) {
	a, _ := demoBridge(t)
	var news []tpl.Summary
	a.must(&news, "Templates.List")
	var id1, id2 int64
	a.must(&id1, "Templates.Duplicate", findTemplate(t, news, "Partner re-engagement").ID)
	a.must(&id2, "Templates.Save", tpl.Template{Content: tpl.Content{Name: "Team “note” <b>", Category: "Team", Kind: "general",
		RecipientKind: "employees", Subject: "Note for {current_date}", Theme: "blank", Body: "<p>Hello team, ünïcode ✓</p>",
		Footer: "<p>— Management</p>"}})
	want := userTemplates(t, a)
	if len(want) != 2 {
		t.Fatalf("want 2 user templates, have %d", len(want))
	}
	var doc string
	a.must(&doc, "Templates.Export", []int64{})
	var parsed tpl.Document
	if err := json.Unmarshal([]byte(doc), &parsed); err != nil || parsed.Format != "commhub.templates" || len(parsed.Templates) != 2 {
		t.Fatalf("export %v %s", err, doc)
	}

	b, _ := demoBridge(t)
	var res tpl.ImportResult
	b.must(&res, "Templates.Import", doc)
	if res.Created != 2 || res.Updated != 0 || len(res.Errors) != 0 {
		t.Fatalf("import %+v", res)
	}
	got := userTemplates(t, b)
	for name, w := range want {
		g, _ := json.Marshal(got[name])
		wj, _ := json.Marshal(w)
		if string(g) != string(wj) {
			t.Fatalf("template %q changed on the way:\n got %s\nwant %s", name, g, wj)
		}
	}
	b.must(&res, "Templates.Import", doc)
	if res.Created != 0 || res.Updated != 2 {
		t.Fatalf("second import %+v", res)
	}
	// An export that includes built-ins imports too: identical built-ins are skipped.
	var all []tpl.Summary
	a.must(&all, "Templates.List")
	var withBuiltin string
	a.must(&withBuiltin, "Templates.Export", []int64{all[0].ID, id2})
	b.must(&res, "Templates.Import", withBuiltin)
	if res.Updated != 1 || res.Created != 0 || len(res.Errors) != 0 {
		t.Fatalf("import with a built-in %+v", res)
	}
}

func TestTemplatesImportRefusesABrokenFileWhole(t *testing.T) {
	b, _ := demoBridge(t)
	good := tpl.Content{Name: "Good one", Kind: "general", RecipientKind: "partners", Subject: "Hi {partner_first_name|there}",
		Body: "<p>Fine.</p>", Audience: &audience.Portable{Name: "Active", Rules: audience.Rules{Kind: "partners",
			Groups: []audience.Group{{Rules: []audience.Rule{{Field: "status", Values: []string{"active"}}}}}}}}
	badMacro := good
	badMacro.Name, badMacro.Body = "Typo", `<p>Hi {partner_nme}, <a href="javascript:alert(1)">here</a></p>`
	badKind := good
	badKind.Name, badKind.Kind = "Wrong kind", "newsletter"
	builtinName := good
	builtinName.Name = "Monthly Partner Newsletter"
	dup := good
	dup.Subject = "Other"
	file, _ := json.Marshal(tpl.Document{Format: "commhub.templates", Version: 1,
		Templates: []tpl.Content{good, badMacro, badKind, builtinName, dup}})

	var res tpl.ImportResult
	b.must(&res, "Templates.Import", string(file))
	if res.Created != 0 || res.Updated != 0 {
		t.Fatalf("a broken file was half-imported: %+v", res)
	}
	type problem struct {
		Index                    int
		Template, Field, Message string
	}
	want := []problem{
		{2, "Typo", "body", "line 1 column 7: unknown macro {partner_nme}: did you mean {partner_name}?"},
		{2, "Typo", "body", `line 1 column 31: the href address "javascript:alert(1)" is not an http(s) link`},
		{3, "Wrong kind", "kind", `"newsletter" is not a message kind (general, offer_details)`},
		{4, "Monthly Partner Newsletter", "name", "a built-in template has this name: rename yours to import it"},
		{5, "Good one", "name", "template 1 of the file has the same name: names must be unique"},
	}
	if len(res.Errors) != len(want) {
		t.Fatalf("errors %+v", res.Errors)
	}
	for i, w := range want {
		g := res.Errors[i]
		if g.Index != w.Index || g.Template != w.Template || g.Field != w.Field || !strings.HasPrefix(g.Message, w.Message) {
			t.Errorf("error %d: got %+v\nwant %+v", i, g, w)
		}
	}
	if n := len(userTemplates(t, b)); n != 0 {
		t.Fatalf("%d templates imported from a refused file", n)
	}

	for _, c := range []struct{ text, want string }{
		{"not json", "not a template export"},
		{`{"format":"commhub.audiences","version":1,"audiences":[]}`, "not a template export"},
		{`{"format":"commhub.banners","version":1,"templates":[]}`, `format is "commhub.banners"`},
		{`{"format":"commhub.templates","version":2,"templates":[]}`, "version 2"},
		{`{"format":"commhub.templates","version":1,"templates":[]}`, "holds no templates"},
		{`{"format":"commhub.templates","version":1,"templates":[{"name":"x","colour":"red"}]}`, `unknown field "colour"`},
	} {
		wantErr(t, b, "invalid", c.want, "Templates.Import", c.text)
	}
}
