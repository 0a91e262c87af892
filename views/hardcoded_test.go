package views

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// allowed are the texts a template may write as they are: the name of the
// site (the same in both languages) and the names of formats.
var allowed = map[string]bool{
	"Casebook": true,
	"Atom":     true,
	"JSON":     true,
	"CSV":      true,
}

// goLine matches a line of a templ body that is Go, not markup.
var goLine = regexp.MustCompile(`^(?:if |else|} else|for |switch |case |default:|}|@|\{\{|//)`)

// attrLine matches an attribute of a tag that spans lines.
var attrLine = regexp.MustCompile(`^[a-z][a-z-]*\??=\{`)

// textAttr are the attributes whose values readers see or hear.
var textAttr = regexp.MustCompile(`(?i)\b(title|aria-label|aria-description|aria-roledescription|placeholder|alt|label|content|value)="([^"]*)"`)

// metaText matches a meta tag whose content readers see (in search
// results and shared links).
var metaText = regexp.MustCompile(`<meta (?:name|property)="(?:description|og:title|og:description|og:site_name|og:image:alt|twitter:title|twitter:description|twitter:image:alt)"`)

// shownValue matches a button input, whose value is its label.
var shownValue = regexp.MustCompile(`<input[^>]*type="(?:submit|button|reset)"`)

// words finds the words in a piece of text.
var words = regexp.MustCompile(`\p{L}[\p{L}'’-]*`)

// hardCoded returns the words of s that are not allowed.
func hardCoded(s string) []string {
	var out []string
	for _, w := range words.FindAllString(s, -1) {
		if !allowed[w] {
			out = append(out, w)
		}
	}
	return out
}

// stripExpr removes the { ... } Go expressions of templ markup, minding
// the braces and quotes inside them.
func stripExpr(s string) string {
	var b strings.Builder
	depth := 0
	var quote rune
	for _, r := range s {
		switch {
		case depth == 0 && r == '{':
			depth = 1
			b.WriteRune(' ')
		case depth == 0:
			b.WriteRune(r)
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '`' || r == '\'':
			quote = r
		case r == '{':
			depth++
		case r == '}':
			depth--
		}
	}
	return b.String()
}

// templTexts returns the text nodes and the values of text attributes
// that a templ file writes literally, each with its line.
func templTexts(src string) (found []struct {
	line int
	text string
}) {
	lines := strings.Split(src, "\n")
	in := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !in {
			in = strings.HasPrefix(line, "templ ") && strings.HasSuffix(line, "{")
			continue
		}
		if line == "}" {
			in = false
			continue
		}
		t := strings.TrimSpace(line)
		if goLine.MatchString(t) || attrLine.MatchString(t) {
			continue
		}
		markup := stripExpr(t)
		// Inside <style> or <script>, nothing is text.
		if strings.HasPrefix(t, "<style") || strings.HasPrefix(t, "<script") {
			for ; i < len(lines) && !strings.Contains(lines[i], "</style>") && !strings.Contains(lines[i], "</script>"); i++ {
			}
			continue
		}
		for _, m := range textAttr.FindAllStringSubmatch(markup, -1) {
			if strings.EqualFold(m[1], "content") && !metaText.MatchString(markup) {
				continue // the content of a meta tag that is not read, like the viewport
			}
			if strings.EqualFold(m[1], "value") && !shownValue.MatchString(markup) {
				continue // a form value is a code, not a text
			}
			if w := hardCoded(m[2]); len(w) > 0 {
				found = append(found, struct {
					line int
					text string
				}{i + 1, m[1] + "=" + m[2]})
			}
		}
		// Text nodes: what lies outside the tags.
		var text strings.Builder
		inTag := false
		var quote rune
		for _, r := range markup {
			switch {
			case inTag && quote != 0:
				if r == quote {
					quote = 0
				}
			case inTag && (r == '"' || r == '\''):
				quote = r
			case inTag && r == '>':
				inTag = false
				text.WriteRune(' ')
			case r == '<':
				inTag = true
			case !inTag:
				text.WriteRune(r)
			}
		}
		if strings.HasPrefix(t, "<") || !strings.Contains(t, "=\"") {
			if w := hardCoded(text.String()); len(w) > 0 {
				found = append(found, struct {
					line int
					text string
				}{i + 1, strings.TrimSpace(text.String())})
			}
		}
	}
	return found
}

// TestNoHardCodedText reads every template for words written in it
// rather than taken from the message catalogs: text between tags outside
// { ... } expressions, and the values of title, aria-label, placeholder,
// alt, label and button value attributes. Every text a reader sees must
// come from the catalogs in both languages; the allow-list above is all
// that may stand as it is.
func TestNoHardCodedText(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) < 5 {
		t.Fatalf("templates: %v %v", files, err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range templTexts(string(src)) {
			t.Errorf("%s:%d: hard-coded text %q", f, h.line, h.text)
		}
	}
}

// TestHardCodedTextScan checks that the scan sees what it must.
func TestHardCodedTextScan(t *testing.T) {
	src := "templ x() {\n\t<p>Hello { p.T(\"a\") }</p>\n\t<img alt=\"A portrait\" src={ u }/>\n\t<a title={ p.T(\"b\") } href=\"/\">{ p.T(\"c\") }</a>\n\tif x {\n\t\tStray words\n\t}\n\t<span>Casebook · { v }</span>\n\t<input type=\"submit\" value=\"Send\"/>\n\t<option value=\"ru\">{ n }</option>\n}\n"
	got := templTexts(src)
	var texts []string
	for _, h := range got {
		texts = append(texts, h.text)
	}
	want := []string{"Hello", "alt=A portrait", "Stray words", "value=Send"}
	if len(texts) != len(want) {
		t.Fatalf("found %q, want %q", texts, want)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Errorf("found %q, want %q", texts[i], want[i])
		}
	}
}
