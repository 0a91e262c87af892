// Package markdown turns a case body written in Markdown into HTML that is
// safe to put on a page: goldmark renders it, bluemonday keeps only the
// elements a profile needs.
package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxSource is the most Markdown, in bytes, that one field may hold and
// HTML renders. A real profile body is a few tens of kilobytes; the bound
// keeps the cost of one render, and of the page it goes into, small
// whatever is typed or imported. Content validation refuses longer text at
// save time, so that nothing stored is cut here.
const MaxSource = 256 << 10

// MaxDepth is how deep block quotes and lists may nest. goldmark's work
// grows with the square of the depth (150,000 ">" took 15 s); no profile
// nests deeper than a few levels, and a marker beyond the limit stays text.
const MaxDepth = 8

// maxLinkOpeners bounds the "[" and "![" one paragraph may try as links:
// each try scans ahead in the paragraph, so that "[a](" repeated, or a
// long run of "[", costs the square of the paragraph's length. Beyond the
// bound a bracket is text; a real paragraph cites far fewer sources.
const maxLinkOpeners = 100

// maxDefinitionLines bounds the lines of a paragraph that goldmark reads
// link reference definitions from: it copies the rest of the paragraph
// for each definition it takes out, so a paragraph of n definitions costs
// n squared. A longer paragraph keeps its text as it is.
const maxDefinitionLines = 1000

// maxTableCells bounds the cells of a table. goldmark fills every row up
// to the header's width, so a wide header over many short lines turned
// 14 KB of Markdown into 50 MB of HTML. A paragraph that would make more
// cells stays text; a real table is far smaller.
const maxTableCells = 20000

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
		md:     goldmark.New(goldmark.WithParser(boundedParser()), goldmark.WithExtensions(boundedTable{}, extension.Strikethrough)),
		policy: p,
	}
}

// boundedParser is goldmark's default parser with the nesting of block
// quotes and lists, the link tries per paragraph and the link reference
// definitions per paragraph bounded.
func boundedParser() parser.Parser {
	nesting := map[parser.BlockParser]bool{parser.NewListParser(): true, parser.NewBlockquoteParser(): true}
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		if bp, ok := b.Value.(parser.BlockParser); ok && nesting[bp] {
			blocks[i] = util.Prioritized(shallow{bp}, b.Priority)
		}
	}
	link := parser.NewLinkParser()
	inlines := parser.DefaultInlineParsers()
	for i, ip := range inlines {
		if v, ok := ip.Value.(parser.InlineParser); ok && v == link {
			inlines[i] = util.Prioritized(fewLinks{v}, ip.Priority)
		}
	}
	paragraphs := parser.DefaultParagraphTransformers()
	for i, pt := range paragraphs {
		if v, ok := pt.Value.(parser.ParagraphTransformer); ok && v == parser.LinkReferenceParagraphTransformer {
			paragraphs[i] = util.Prioritized(shortParagraphs{v, maxDefinitionLines}, pt.Priority)
		}
	}
	return parser.NewParser(parser.WithBlockParsers(blocks...), parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(paragraphs...))
}

// shortParagraphs transforms only paragraphs of at most lines lines.
type shortParagraphs struct {
	parser.ParagraphTransformer
	lines int
}

func (s shortParagraphs) Transform(node *ast.Paragraph, r text.Reader, pc parser.Context) {
	if node.Lines().Len() <= s.lines {
		s.ParagraphTransformer.Transform(node, r, pc)
	}
}

// boundedTable is goldmark's table extension with tables of at most
// maxTableCells cells.
type boundedTable struct{}

func (boundedTable) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(smallTables{extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewTableHTMLRenderer(), 500)))
}

// smallTables makes a table of a paragraph only if its lines times its
// widest line's columns stay within maxTableCells: every row of a table
// gets as many cells as its header has.
type smallTables struct{ parser.ParagraphTransformer }

func (s smallTables) Transform(node *ast.Paragraph, r text.Reader, pc parser.Context) {
	lines := node.Lines()
	widest := 0
	for i := range lines.Len() {
		seg := lines.At(i)
		widest = max(widest, bytes.Count(seg.Value(r.Source()), []byte("|"))+1)
	}
	if lines.Len()*widest <= maxTableCells {
		s.ParagraphTransformer.Transform(node, r, pc)
	}
}

// shallow opens a block quote or a list only above MaxDepth; deeper, the
// line is left to the other parsers and becomes text.
type shallow struct{ parser.BlockParser }

func (s shallow) Open(parent ast.Node, r text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindList {
			depth++
		}
	}
	if depth >= MaxDepth {
		return nil, parser.NoChildren
	}
	return s.BlockParser.Open(parent, r, pc)
}

var linkOpenersKey = parser.NewContextKey()

// fewLinks lets a paragraph open at most maxLinkOpeners links.
type fewLinks struct{ parser.InlineParser }

func (f fewLinks) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 && (line[0] == '[' || line[0] == '!' && len(line) > 1 && line[1] == '[') {
		tries, _ := pc.Get(linkOpenersKey).(map[ast.Node]int)
		if tries == nil {
			tries = map[ast.Node]int{}
			pc.Set(linkOpenersKey, tries)
		}
		if tries[parent] >= maxLinkOpeners {
			return nil
		}
		tries[parent]++
	}
	return f.InlineParser.Parse(parent, block, pc)
}

// CloseBlock passes the end of a paragraph on: goldmark's link parser
// turns the brackets left open into text there, and a node it leaves
// behind would crash the renderer.
func (f fewLinks) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if tries, _ := pc.Get(linkOpenersKey).(map[ast.Node]int); tries != nil {
		delete(tries, parent)
	}
	if cb, ok := f.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// bounded cuts src to at most MaxSource bytes, on a character boundary.
func bounded(src string) string {
	if len(src) > MaxSource {
		cut := MaxSource
		for cut > 0 && !utf8.RuneStart(src[cut]) {
			cut--
		}
		src = src[:cut]
	}
	return src
}

// Text is the words of src that the page shows, without Markdown's marks:
// what a search quotes. It reads the same grammar as HTML, from the same
// parser, so that what a search finds in a passage is what a reader sees.
// Images and raw HTML, which the page leaves out, are left out here too;
// a link keeps its text, not its address.
func (r *Renderer) Text(src string) string {
	source := []byte(bounded(src))
	doc := r.md.Parser().Parse(text.NewReader(source))
	var b strings.Builder
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch v := n.(type) {
		case *ast.Image, *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				b.Write(v.Segment.Value(source))
				if v.SoftLineBreak() || v.HardLineBreak() {
					b.WriteByte('\n')
				}
			}
		case *ast.String:
			if entering {
				b.Write(v.Value)
			}
		case *ast.AutoLink:
			if entering {
				b.Write(v.Label(source))
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				lines := n.Lines()
				for i := range lines.Len() {
					seg := lines.At(i)
					b.Write(seg.Value(source))
				}
			}
		}
		if !entering && n.Type() == ast.TypeBlock && b.Len() > 0 {
			b.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// HTML renders src, of which it reads at most MaxSource bytes. A body that
// cannot be rendered yields nothing rather than anything unsanitised.
func (r *Renderer) HTML(src string) string {
	src = bounded(src)
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return ""
	}
	return r.policy.Sanitize(buf.String())
}
