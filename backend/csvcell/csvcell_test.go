package csvcell

import "testing"

func TestNeutralizeAndRestoreRoundTrip(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"plain":             "plain",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-2":                "'-2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tcmd":             "'\tcmd",
		"\rcmd":             "'\rcmd",
		"'quoted":           "'quoted",
		"=1+1@example.com":  "'=1+1@example.com",
		"ann@example.com":   "ann@example.com",
	} {
		got := Neutralize(in)
		if got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
		if back := Restore(got); back != in {
			t.Errorf("Restore(%q) = %q, want %q", got, back, in)
		}
	}
}
