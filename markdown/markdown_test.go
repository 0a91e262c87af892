package markdown

import (
	"strings"
	"testing"
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
