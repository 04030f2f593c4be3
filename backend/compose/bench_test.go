package compose

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"text/template"
	"time"

	"commhub/backend/store/storetest"
)

// benchRecipients are 10,000 loaded partners; loading is the database's cost, not rendering's.
func benchRecipients(n int) []*recipient {
	rs := make([]*recipient, n)
	for i := range rs {
		id := int64(i + 1)
		rs[i] = &recipient{Kind: KindPartner, ID: id, Found: true, Name: fmt.Sprintf("Partner %d & Sons <Ltd>", id),
			FirstName: fmt.Sprintf("Alex%d", id), Company: "Blue Fox Media", Email: fmt.Sprintf("p%d@example.com", id),
			Status: "active", EncodedID: fmt.Sprintf("E%05d", id), AMName: "Jamie Lee", AMEmail: "jamie@northwind.example",
			approvals: map[int64]string{}, links: map[int64]string{}}
	}
	return rs
}

var macroRe = regexp.MustCompile(`\{([a-z][a-z0-9_]*)(?::([1-9][0-9]*))?(?:\|([^{}\r\n]*))?\}`)

// toTextTemplate rewrites our macros into text/template actions over a map, so the
// baseline fills exactly the same precompiled document.
func toTextTemplate(t testing.TB, name, src string) (*template.Template, []string) {
	var keys []string
	seen := map[string]bool{}
	out := macroRe.ReplaceAllStringFunc(src, func(m string) string {
		p := macroRe.FindStringSubmatch(m)
		key := strings.TrimSuffix(p[1]+"_"+p[2], "_")
		if !seen[key] {
			seen[key] = true
			keys = append(keys, p[1]+":"+p[2])
		}
		return "{{." + key + "}}"
	})
	tpl, err := template.New(name).Parse(strings.ReplaceAll(out, "{{{", "{ {{"))
	if err != nil {
		t.Fatal(err)
	}
	return tpl, keys
}

// BenchmarkRender10000 renders subject, HTML and text for 10,000 recipients, then fills
// the same values into the same precompiled document with text/template, and reports
// the ratio. Both sides compute the values with the same code (values.Value); the
// difference is the template engine and the context-aware escaping.
func BenchmarkRender10000(b *testing.B) {
	st := storetest.Open(b)
	saveSettings(b, st.DB, nil)
	seedNetwork(b, st.DB)
	m := offerMessage(101, 102, 103)
	m.Subject = "{partner_first_name|Hi}, three offers picked by {account_manager_name|us}"
	m.Body = `<h1>Hello {partner_first_name|there}</h1><p>{partner_name} at {partner_company|your company}: ` +
		`<a href="https://northwind.example/p?id={partner_id}&n={partner_name}">your profile</a></p>` +
		`<p>Questions? Write to <a href="mailto:{account_manager_email}">{account_manager_name}</a>.</p>`
	c := mustCompile(b, st.DB, saveMessage(b, st.DB, m))
	rs := benchRecipients(10000)

	subjT, subjKeys := toTextTemplate(b, "s", c.msg.Subject)
	htmlSrc, textSrc := templateSources(c)
	htmlT, htmlKeys := toTextTemplate(b, "h", htmlSrc)
	textT, textKeys := toTextTemplate(b, "t", textSrc)
	type key struct {
		name, mapKey string
		offer        int64
	}
	var keys []key
	for _, k := range append(append(subjKeys, htmlKeys...), textKeys...) {
		name, id, _ := strings.Cut(k, ":")
		var oid int64
		if id != "" {
			fmt.Sscan(id, &oid)
		}
		keys = append(keys, key{name: name, mapKey: strings.TrimSuffix(name+"_"+id, "_"), offer: oid})
	}

	ours := func() int {
		n := 0
		for _, r := range rs {
			out := c.fill(r)
			n += len(out.Subject) + len(out.HTML) + len(out.Text)
		}
		return n
	}
	base := func() int {
		n := 0
		var sb strings.Builder
		for _, r := range rs {
			v := c.valuesFor(r)
			data := make(map[string]string, len(keys))
			for _, k := range keys {
				data[k.mapKey] = v.Value(k.name, k.offer)
			}
			for _, tpl := range []*template.Template{subjT, htmlT, textT} {
				sb.Reset()
				if err := tpl.Execute(&sb, data); err != nil {
					b.Fatal(err)
				}
				n += sb.Len()
			}
		}
		return n
	}
	var oursTime, baseTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		ours()
		oursTime += time.Since(t0)
		t0 = time.Now()
		base()
		baseTime += time.Since(t0)
	}
	b.StopTimer()
	b.ReportMetric(float64(oursTime.Milliseconds())/float64(b.N), "ms/10k-ours")
	b.ReportMetric(float64(baseTime.Milliseconds())/float64(b.N), "ms/10k-text/template")
	b.ReportMetric(float64(oursTime)/float64(baseTime), "ratio")
}

// templateSources returns the inlined HTML and text documents the compiled message
// renders from (compile keeps only their parsed form).
func templateSources(c *Compiled) (string, string) {
	h, t, err := c.documents()
	if err != nil {
		panic(err)
	}
	return h, t
}
