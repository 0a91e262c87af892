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
	labelRunes = 26
	lineHeight = 15
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

// wrap breaks a label into at most two lines at spaces; what does not fit
// on the second is cut with an ellipsis. Only the drawing is shortened:
// the bar's <title> and the table keep the whole label.
func wrap(s string) []string {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) <= labelRunes {
		return []string{s}
	}
	words := strings.Fields(s)
	first := ""
	i := 0
	for ; i < len(words); i++ {
		next := words[i]
		if first != "" {
			next = first + " " + words[i]
		}
		if len([]rune(next)) > labelRunes {
			break
		}
		first = next
	}
	if first == "" {
		return []string{short(s)}
	}
	return []string{first, short(strings.Join(words[i:], " "))}
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
		lines := make([][]string, len(drawn))
		height := 8
		for i, bar := range drawn {
			lines[i] = wrap(bar.Label)
			height += rowHeight + (len(lines[i])-1)*lineHeight
		}
		hs := strconv.Itoa(height)
		b.WriteString(`<svg class="chart-svg" role="img" aria-labelledby="` + id + `-svg-title ` + id + `-svg-desc" viewBox="0 0 ` +
			strconv.Itoa(width) + ` ` + hs + `" width="100%" height="` + hs + `" xmlns="http://www.w3.org/2000/svg">`)
		b.WriteString(`<title id="` + id + `-svg-title">` + esc(c.Title) + `</title>`)
		b.WriteString(`<desc id="` + id + `-svg-desc">` + esc(c.Caption) + `</desc>`)
		y := 4
		for i, bar := range drawn {
			v := max(bar.Value, 0)
			bw := 0
			if maxValue > 0 {
				bw = v * barMax / maxValue
			}
			extra := (len(lines[i]) - 1) * lineHeight
			mid := strconv.Itoa(y + (rowHeight+extra)/2)
			b.WriteString(`<text class="bar-label" x="` + strconv.Itoa(labelWidth) + `" y="` + strconv.Itoa(y+rowHeight/2) + `" text-anchor="end" dominant-baseline="middle" font-size="13">`)
			b.WriteString(`<title>` + esc(bar.Label) + `</title>`)
			for j, line := range lines[i] {
				dy := "0"
				if j > 0 {
					dy = strconv.Itoa(lineHeight)
				}
				b.WriteString(`<tspan x="` + strconv.Itoa(labelWidth) + `" dy="` + dy + `">` + esc(line) + `</tspan>`)
			}
			b.WriteString(`</text>`)
			top := y + extra/2
			b.WriteString(`<rect class="bar" x="` + strconv.Itoa(barX) + `" y="` + strconv.Itoa(top+3) + `" width="` + strconv.Itoa(bw) +
				`" height="` + strconv.Itoa(rowHeight-6) + `" fill="#7a1f1f"></rect>`)
			b.WriteString(`<text class="bar-value" x="` + strconv.Itoa(barX+bw+6) + `" y="` + mid + `" dominant-baseline="middle" font-size="13">` +
				strconv.Itoa(v) + `</text>`)
			y += rowHeight + extra
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
