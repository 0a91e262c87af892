package wordpress

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	xhtml "golang.org/x/net/html"
)

// mdConverter turns a post's HTML into the Markdown the case editor
// writes: headings, lists, links, emphasis, quotes, tables and images
// kept. What it writes goes through Casebook's renderer and sanitiser
// like any body, so nothing here needs to be trusted.
var mdConverter = converter.NewConverter(converter.WithPlugins(
	base.NewBasePlugin(),
	commonmark.NewCommonmarkPlugin(commonmark.WithListEndComment(false)),
	table.NewTablePlugin(),
	strikethrough.NewStrikethroughPlugin(),
))

var (
	// A page has one h1, the person's name: a heading of the text starts
	// at h2, as the editor's `##` sections do.
	h1Tag = regexp.MustCompile(`(?i)<(/?)h1\b`)
	// The caption shortcode of classic content wraps an image and its
	// caption; the block editor writes a figure instead.
	captionCode = regexp.MustCompile(`\[/?caption[^\]]*\]`)
	blockTags   = `(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|address|dl|section|article|aside|form|iframe|script|style)`
	blockStart  = regexp.MustCompile(`(?i)^</?` + blockTags + `\b`)
	blockOpen   = regexp.MustCompile(`(?i)(<` + strings.ReplaceAll(blockTags, "|li|", "|") + `\b[^>]*>)`)
	blockClose  = regexp.MustCompile(`(?i)(</` + strings.ReplaceAll(blockTags, "|li|", "|") + `>)`)
	blankLines  = regexp.MustCompile(`\n[ \t]*\n+`)
)

// ToMarkdown converts a post's content, as the model holds it (see
// Post.Content), to Markdown.
func ToMarkdown(content string) (string, error) {
	src := h1Tag.ReplaceAllString(content, "<${1}h2")
	md, err := mdConverter.ConvertString(src)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(md), nil
}

// autop gives raw classic content its paragraphs as WordPress's wpautop
// does when it shows the post: a blank line ends a paragraph, a line
// break is a <br>, and text that starts with a block element is left as
// it is. Content of the block editor (it carries <!-- wp: --> comments)
// has its paragraphs written out and is returned as it is.
func autop(content string) string {
	if strings.Contains(content, "<!-- wp:") {
		return content
	}
	content = strings.ReplaceAll(strings.ReplaceAll(content, "\r\n", "\n"), "\r", "\n")
	content = captionCode.ReplaceAllString(content, "")
	// As wpautop: a block element stands apart from the text around it.
	content = blockOpen.ReplaceAllString(content, "\n\n$1")
	content = blockClose.ReplaceAllString(content, "$1\n\n")
	var b strings.Builder
	for _, chunk := range blankLines.Split(strings.TrimSpace(content), -1) {
		chunk = strings.TrimSpace(chunk)
		if chunk == "" {
			continue
		}
		if blockStart.MatchString(chunk) {
			b.WriteString(chunk)
		} else {
			b.WriteString("<p>" + strings.ReplaceAll(chunk, "\n", "<br>\n") + "</p>")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// plainText is the text of an HTML fragment: tags dropped, entities
// decoded, whitespace made single spaces.
func plainText(fragment string) string {
	if !strings.ContainsAny(fragment, "<&") {
		return strings.Join(strings.Fields(fragment), " ")
	}
	z := xhtml.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6":
				b.WriteByte(' ')
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			case "p", "div", "li":
				b.WriteByte(' ')
			}
		}
	}
}

// firstParagraph is the text of the content's first paragraph that says
// something, cut to at most max runes at a word: the headline of a post
// whose author wrote no excerpt, as WordPress's own lists show the start
// of the text instead.
func firstParagraph(content string, max int) string {
	doc, err := xhtml.Parse(strings.NewReader(content))
	if err != nil {
		return ""
	}
	var found string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if found != "" {
			return
		}
		if n.Type == xhtml.ElementNode && n.Data == "p" {
			var b strings.Builder
			var text func(*xhtml.Node)
			text = func(m *xhtml.Node) {
				if m.Type == xhtml.TextNode {
					b.WriteString(m.Data)
				}
				for c := m.FirstChild; c != nil; c = c.NextSibling {
					text(c)
				}
			}
			text(n)
			if t := strings.Join(strings.Fields(b.String()), " "); t != "" {
				found = t
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return cutWords(found, max)
}

// cutWords cuts s to at most max runes, at a space, with an ellipsis.
func cutWords(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := max - 1
	for i := cut; i > max/2; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) }) + "…"
}
