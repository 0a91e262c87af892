// Package markdown turns a case body written in Markdown into HTML that is
// safe to put on a page: goldmark renders it, bluemonday keeps only the
// elements a profile needs.
package markdown

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Renderer renders and sanitises Markdown. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer.
func New() *Renderer {
	// goldmark already drops raw HTML unless told otherwise; the policy is
	// the second lock. Images are not allowed at all: an image from another
	// host would tell that host who reads the profile, and photos come
	// through the upload, which strips their metadata.
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del",
		"blockquote", "ul", "ol", "li", "code", "pre", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoReferrerOnLinks(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return &Renderer{
		md:     goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)),
		policy: p,
	}
}

// HTML renders src. A body that cannot be rendered yields nothing rather
// than anything unsanitised.
func (r *Renderer) HTML(src string) string {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return ""
	}
	return r.policy.Sanitize(buf.String())
}
