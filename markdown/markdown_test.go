package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestHTML(t *testing.T) {
	r := New()
	cases := []struct {
		src          string
		want, absent []string
	}{
		{"## Who is he\n\nA *blogger*.", []string{"<h2>Who is he</h2>", "<em>blogger</em>"}, nil},
		{"<script>alert(1)</script>\n\ntext", []string{"text"}, []string{"<script", "alert(1)"}},
		{"[click](javascript:alert(1))", nil, []string{"javascript:", "href"}},
		{"[click](JaVaScRiPt:alert(1))", nil, []string{"alert", "href"}},
		{"<a href=\"https://x\" onclick=\"alert(1)\">x</a>", nil, []string{"onclick"}},
		{"![tracker](https://evil.example/pixel.gif)", nil, []string{"<img", "evil.example"}},
		{"<img src=x onerror=alert(1)>", nil, []string{"<img", "onerror"}},
		{"[source](https://example.org/a)", []string{`href="https://example.org/a"`, `rel="nofollow noreferrer"`}, nil},
		{"<iframe src=\"https://evil.example\"></iframe>", nil, []string{"iframe"}},
	}
	for _, c := range cases {
		got := r.HTML(c.src)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q: %q lacks %q", c.src, got, w)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(strings.ToLower(got), strings.ToLower(a)) {
				t.Errorf("%q: %q contains %q", c.src, got, a)
			}
		}
	}
}

// FuzzHTML: whatever Markdown comes in, the HTML has no element that runs
// or loads anything, no event handler and no address but http, https,
// mailto or a relative one.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"## Heading\n\nText with *emphasis* and [a link](https://example.org).",
		"<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
		"![x](https://evil.example/p.gif)", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
		"| a | b |\n|---|---|\n| <b onmouseover=alert(1)>x</b> | y |", "~~del~~ `code` <svg onload=alert(1)>",
	} {
		f.Add(s)
	}
	r := New()
	allowed := map[string]bool{}
	for _, e := range []string{"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "blockquote", "ul", "ol", "li", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "a"} {
		allowed[e] = true
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := r.HTML(src)
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if !allowed[tok.Data] {
				t.Fatalf("%q renders a <%s>: %q", src, tok.Data, out)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Fatalf("%q renders an event handler: %q", src, out)
				}
				if a.Key == "href" {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if i := strings.Index(v, ":"); i >= 0 && !strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "mailto:") && !strings.ContainsAny(v[:i], "/?#") {
						t.Fatalf("%q renders href %q", src, a.Val)
					}
				}
			}
		}
	})
}
