package macro

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

type vals map[string]string

func (v vals) Value(name string, offer int64) string {
	if offer != 0 {
		if s, ok := v[name+":"+itoa(offer)]; ok {
			return s
		}
	}
	return v[name]
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestParse(t *testing.T) {
	cases := []struct {
		src  string
		want []string // literal text as-is, macros as <name:offer|default>
	}{
		{"", nil},
		{"plain", []string{"plain"}},
		{"Hi {partner_name}!", []string{"Hi ", "<partner_name>", "!"}},
		{"{offer_name:123}", []string{"<offer_name:123>"}},
		{"{partner_first_name|there}", []string{"<partner_first_name|there>"}},
		{"{offer_name:7|an offer}", []string{"<offer_name:7|an offer>"}},
		{"{partner_first_name|}", []string{"<partner_first_name|>"}},
		{"{ partner_name }", []string{"{ partner_name }"}},
		{"{Partner_name}", []string{"{Partner_name}"}},
		{"{}", []string{"{}"}},
		{"{a:b}", []string{"{a:b}"}},
		{"{a:0}", []string{"{a:0}"}},
		{"{a:}", []string{"{a:}"}},
		{"{1abc}", []string{"{1abc}"}},
		{"{{partner_id}}", []string{"{", "<partner_id>", "}"}},
		{"p {margin:0} {x", []string{"p {margin:0} {x"}},
		{"{a|x\ny}", []string{"{a|x\ny}"}},
		{"{a|{b}}", []string{"{a|", "<b>", "}"}},
		{"{a:12345678901234567890}", []string{"{a:12345678901234567890}"}},
		{"é{x}é", []string{"é", "<x>", "é"}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range Parse(c.src) {
			if s.Ref == nil {
				got = append(got, s.Text)
				continue
			}
			r := "<" + s.Ref.Name
			if s.Ref.OfferID != 0 {
				r += ":" + itoa(s.Ref.OfferID)
			}
			if s.Ref.HasDefault {
				r += "|" + s.Ref.Default
			}
			got = append(got, r+">")
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}

func TestPositionOf(t *testing.T) {
	src := "ab\ncdé{x}\n"
	p := PositionOf(src, strings.Index(src, "{"))
	if p.Line != 2 || p.Column != 4 {
		t.Fatalf("got line %d column %d, want 2:4", p.Line, p.Column)
	}
}

func TestRenderEscaping(t *testing.T) {
	html := Options{Context: HTML, Scope: ScopeOfferDetails, Offers: []int64{5}}
	subj := Options{Context: Subject, Scope: ScopeOfferDetails, Offers: []int64{5}}
	text := Options{Context: Text, Scope: ScopeOfferDetails, Offers: []int64{5}}
	cases := []struct {
		name, src string
		o         Options
		v         vals
		want      string
	}{
		{"html text", "<p>Hi {partner_name}</p>", html, vals{"partner_name": "<b>Bo & Co</b>"}, "<p>Hi &lt;b&gt;Bo &amp; Co&lt;/b&gt;</p>"},
		{"quoted attr", `<img alt="{partner_name}">`, html, vals{"partner_name": `x" onerror="alert(1)`}, `<img alt="x&#34; onerror=&#34;alert(1)">`},
		{"single quoted attr", `<img alt='{partner_name}'>`, html, vals{"partner_name": `x' onload='y`}, `<img alt='x&#39; onload=&#39;y'>`},
		{"bare attr", `<td title={partner_name}>`, html, vals{"partner_name": "a b>c"}, `<td title=a&#32;b&#62;c>`},
		{"url start ok", `<a href="{offer_tracking_link}">go</a>`, html, vals{"offer_tracking_link": "https://t.example/A/B/?x=1&y=2"}, `<a href="https://t.example/A/B/?x=1&amp;y=2">go</a>`},
		{"url start javascript", `<a href="{offer_preview_url}">go</a>`, html, vals{"offer_preview_url": "javascript:alert(1)"}, `<a href="#">go</a>`},
		{"url start obfuscated", `<a href="{offer_preview_url}">go</a>`, html, vals{"offer_preview_url": " JaVa\nScript:alert(1)"}, `<a href="#">go</a>`},
		{"url query", `<a href="https://x.example/?n={partner_name}&id={partner_id}">go</a>`, html, vals{"partner_name": `a&b "c"`, "partner_id": "7"}, `<a href="https://x.example/?n=a%26b+%22c%22&id=7">go</a>`},
		{"url path", `<a href="https://x.example/p/{partner_name}/">go</a>`, html, vals{"partner_name": "a/b c"}, `<a href="https://x.example/p/a%2Fb%20c/">go</a>`},
		{"style attr", `<p style="color:{partner_name}">x</p>`, html, vals{"partner_name": "red;background:url(javascript:x)"}, `<p style="color:">x</p>`},
		{"script", `<script>var a="{partner_name}"</script>`, html, vals{"partner_name": `";alert(1)//`}, `<script>var a=""</script>`},
		{"after script", `<script>x</script><p>{partner_name}</p>`, html, vals{"partner_name": `<i>`}, `<script>x</script><p>&lt;i&gt;</p>`},
		{"comment", `<!-- {partner_name} --><p>{partner_name}</p>`, html, vals{"partner_name": "n"}, `<!--  --><p>n</p>`},
		{"subject crlf", "Hello {partner_name}", subj, vals{"partner_name": "Eve\r\nBcc: victim@example.com"}, "Hello Eve  Bcc: victim@example.com"},
		{"subject unicode separators", "{partner_name}", subj, vals{"partner_name": "a\u2028b\u0085c"}, "a b c"},
		{"text keeps newlines", "Hi {partner_name}", text, vals{"partner_name": "a\nb\x00c"}, "Hi a\nbc"},
		{"text no html escape", "Hi {partner_name}", text, vals{"partner_name": "<b>&"}, "Hi <b>&"},
		{"default used", "Hi {partner_first_name|there}", subj, vals{}, "Hi there"},
		{"default not used", "Hi {partner_first_name|there}", subj, vals{"partner_first_name": "Ann"}, "Hi Ann"},
		{"html default decoded then escaped", "<p>{partner_first_name|Tom &amp; Jerry}</p>", html, vals{}, "<p>Tom &amp; Jerry</p>"},
		{"default in url query", `<a href="https://x.example/?n={partner_first_name|a b}">x</a>`, html, vals{}, `<a href="https://x.example/?n=a+b">x</a>`},
		{"bare offer macro", "{offer_name}", subj, vals{"offer_name:5": "Keto"}, "Keto"},
		{"scoped offer macro", "{offer_name:5}", subj, vals{"offer_name:5": "Keto"}, "Keto"},
		{"literal braces kept", `p { margin: 0 } {Name} {x:0}`, text, vals{}, `p { margin: 0 } {Name} {x:0}`},
		{"title is text", "<title>{partner_name}</title>", html, vals{"partner_name": "<x>"}, "<title>&lt;x&gt;</title>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := c.o
			if got := renderLenient(c.src, o, c.v); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func renderLenient(src string, o Options, v Values) string {
	tpl, _ := Compile(src, o)
	return tpl.Render(v)
}

func TestUnknownMacroRendersLiterally(t *testing.T) {
	got := renderLenient("a {nope} b", Options{Context: HTML}, vals{"nope": "X"})
	if got != "a {nope} b" {
		t.Fatalf("got %q", got)
	}
}

func TestValidate(t *testing.T) {
	gen := Options{Context: HTML, Scope: ScopeGeneral, Field: "body"}
	offers := Options{Context: HTML, Scope: ScopeOfferDetails, Offers: []int64{10, 20}, Field: "body"}
	one := Options{Context: HTML, Scope: ScopeOfferDetails, Offers: []int64{10}, Field: "body"}
	subj := Options{Context: Subject, Scope: ScopeGeneral, Field: "subject"}
	adv := Options{Context: HTML, Scope: ScopeAdvertiser, Field: "body"}
	cases := []struct {
		name, src string
		o         Options
		want      string // substring of the single problem, "" for none
		line, col int
	}{
		{"clean", "<p>Hi {partner_name|there}, {network_name}</p>", gen, "", 0, 0},
		{"unknown with suggestion", "<p>\nHi {partner_nme}</p>", gen, "did you mean {partner_name}", 2, 4},
		{"unknown no suggestion", "{zzzzzzzzzz}", gen, "Macros menu", 1, 1},
		{"unsub in subject", "Hi {unsub_link}", subj, "cannot be used in the subject line", 1, 4},
		{"offer macro in general", "x {offer_name}", gen, "only works in Offer Details", 1, 3},
		{"partner macro to advertisers", "{partner_name}", adv, "advertiser_* macros", 1, 1},
		{"advertiser macro to partners", "{advertiser_name}", gen, "only works in messages to advertisers", 1, 1},
		{"offer not carried", `<a href="{offer_tracking_link:99}">x</a>`, offers, "does not carry offer 99", 1, 10},
		{"offer carried", `<a href="{offer_tracking_link:20}">x</a>`, offers, "", 0, 0},
		{"ambiguous bare offer", "{offer_name}", offers, "carries 2 offers", 1, 1},
		{"bare offer single", "{offer_name}", one, "", 0, 0},
		{"no offers", "{offer_name}", Options{Context: HTML, Scope: ScopeOfferDetails}, "needs an offer", 1, 1},
		{"offer id on partner macro", "{partner_name:10}", offers, "does not take an offer ID", 1, 1},
		{"forbidden slot", `<p onclick="{partner_name}">`, gen, "cannot be filled safely", 1, 13},
		{"non-link macro starts href", `<a href="{partner_name}">x</a>`, gen, "is not a link", 1, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Compile(c.src, c.o)
			if c.want == "" {
				if len(probs) != 0 {
					t.Fatalf("unexpected problems: %+v", probs)
				}
				return
			}
			if len(probs) != 1 {
				t.Fatalf("want one problem containing %q, got %+v", c.want, probs)
			}
			p := probs[0]
			if !strings.Contains(p.Message, c.want) || p.Line != c.line || p.Column != c.col || p.Field != c.o.Field {
				t.Fatalf("got %q at %s %d:%d, want %q at %d:%d", p.Message, p.Field, p.Line, p.Column, c.want, c.line, c.col)
			}
		})
	}
}

func TestCheckLinks(t *testing.T) {
	src := `<a href="https://ok.example">a</a> <a href="javascript:alert(1)">b</a>
<a href='mailto:me@x.example'>c</a> <img src="/local.png"> <a href="{offer_tracking_link}">d</a> <a href="">e</a>`
	probs := CheckLinks(src, "body")
	if len(probs) != 3 {
		t.Fatalf("want 3 problems, got %+v", probs)
	}
	if !strings.Contains(probs[0].Message, "javascript:") || probs[0].Line != 1 {
		t.Errorf("first problem: %+v", probs[0])
	}
	if !strings.Contains(probs[1].Message, "/local.png") || probs[1].Line != 2 {
		t.Errorf("second problem: %+v", probs[1])
	}
}

func TestRegistryComplete(t *testing.T) {
	required := []string{"partner_id", "partner_name", "partner_first_name", "partner_company", "partner_email",
		"account_manager_name", "account_manager_email", "network_name", "offer_id", "offer_name", "offer_payout",
		"offer_preview_url", "offer_tracking_link", "unsub_link", "current_date", "advertiser_name"}
	got := map[string]Def{}
	for _, d := range Registry() {
		got[d.Name] = d
	}
	for _, n := range required {
		d, ok := got[n]
		if !ok || d.Description == "" || d.Example == "" || len(d.Contexts) == 0 || len(d.Scopes) == 0 {
			t.Errorf("macro %s missing or incomplete: %+v", n, d)
		}
	}
}

func TestDocsListEveryMacro(t *testing.T) {
	doc, err := os.ReadFile("../../docs/macros.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Registry() {
		if !strings.Contains(string(doc), "| `"+d.Name+"` | "+d.Description+" |") {
			t.Errorf("docs/macros.md does not list %s with its description", d.Name)
		}
	}
}
