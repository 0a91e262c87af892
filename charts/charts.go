// Package charts draws horizontal bar charts as SVG on the server, each
// with the same numbers as a table for screen readers: the statistics page
// needs no script and no chart service.
package charts

import (
	"context"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// Bar is one bar. Label comes from editable data and is always escaped.
type Bar struct {
	Label string
	Value int
	// Href, a relative address, makes the label a link; anything else
	// (another host, a script) is ignored.
	Href string
}

// Chart is one chart with its accessible table.
type Chart struct {
	ID                       string
	Title                    string
	Caption                  string
	Bars                     []Bar
	LabelHeader, ValueHeader string
	// Max limits the bars drawn; the table lists them all. 0: no limit.
	Max int
}

const (
	width      = 640
	labelWidth = 220
	barX       = 230
	barMax     = 360
	rowHeight  = 24
	labelRunes = 32
)

func esc(s string) string { return html.EscapeString(s) }

func validHref(h string) bool {
	return strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "//") && !strings.ContainsAny(h, "\\\r\n")
}

func short(s string) string {
	if r := []rune(s); len(r) > labelRunes {
		return string(r[:labelRunes-1]) + "…"
	}
	return s
}

// Render writes the figure: caption, SVG and table.
func Render(c Chart) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var b strings.Builder
		id := esc(c.ID)
		b.WriteString(`<figure class="chart" aria-labelledby="` + id + `-title">`)
		b.WriteString(`<figcaption id="` + id + `-title">` + esc(c.Title) + `</figcaption>`)
		if len(c.Bars) == 0 {
			b.WriteString(`<p class="empty">` + esc(c.Caption) + `</p></figure>`)
			_, err := io.WriteString(w, b.String())
			return err
		}
		drawn := c.Bars
		if c.Max > 0 && len(drawn) > c.Max {
			drawn = drawn[:c.Max]
		}
		maxValue := 0
		for _, bar := range drawn {
			maxValue = max(maxValue, bar.Value)
		}
		height := len(drawn)*rowHeight + 8
		hs := strconv.Itoa(height)
		b.WriteString(`<svg class="chart-svg" role="img" aria-labelledby="` + id + `-svg-title ` + id + `-svg-desc" viewBox="0 0 ` +
			strconv.Itoa(width) + ` ` + hs + `" width="100%" height="` + hs + `" xmlns="http://www.w3.org/2000/svg">`)
		b.WriteString(`<title id="` + id + `-svg-title">` + esc(c.Title) + `</title>`)
		b.WriteString(`<desc id="` + id + `-svg-desc">` + esc(c.Caption) + `</desc>`)
		for i, bar := range drawn {
			v := max(bar.Value, 0)
			bw := 0
			if maxValue > 0 {
				bw = v * barMax / maxValue
			}
			y := 4 + i*rowHeight
			mid := strconv.Itoa(y + rowHeight/2)
			b.WriteString(`<text class="bar-label" x="` + strconv.Itoa(labelWidth) + `" y="` + mid + `" text-anchor="end" dominant-baseline="middle" font-size="13">`)
			b.WriteString(`<title>` + esc(bar.Label) + `</title>` + esc(short(bar.Label)) + `</text>`)
			b.WriteString(`<rect class="bar" x="` + strconv.Itoa(barX) + `" y="` + strconv.Itoa(y+3) + `" width="` + strconv.Itoa(bw) +
				`" height="` + strconv.Itoa(rowHeight-6) + `" fill="#7a1f1f"></rect>`)
			b.WriteString(`<text class="bar-value" x="` + strconv.Itoa(barX+bw+6) + `" y="` + mid + `" dominant-baseline="middle" font-size="13">` +
				strconv.Itoa(v) + `</text>`)
		}
		b.WriteString(`</svg>`)
		b.WriteString(`<table class="chart-table"><caption>` + esc(c.Caption) + `</caption>`)
		b.WriteString(`<thead><tr><th scope="col">` + esc(c.LabelHeader) + `</th><th scope="col">` + esc(c.ValueHeader) + `</th></tr></thead><tbody>`)
		for _, bar := range c.Bars {
			label := esc(bar.Label)
			if validHref(bar.Href) {
				label = `<a href="` + esc(bar.Href) + `">` + label + `</a>`
			}
			b.WriteString(`<tr><td>` + label + `</td><td>` + strconv.Itoa(max(bar.Value, 0)) + `</td></tr>`)
		}
		b.WriteString(`</tbody></table></figure>`)
		_, err := io.WriteString(w, b.String())
		return err
	})
}
