package charts

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func render(t *testing.T, c Chart) (*goquery.Document, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(c).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "style=") || d.Find("style, script").Length() > 0 {
		t.Errorf("inline style or script in %s", buf.String())
	}
	return d, buf.String()
}

func TestBars(t *testing.T) {
	d, _ := render(t, Chart{ID: "years", Title: "Per year", Caption: "Cases per year", LabelHeader: "Year", ValueHeader: "Cases",
		Bars: []Bar{{Label: "2023", Value: 4, Href: "/ru/cases?year=2023"}, {Label: "2024", Value: 2}, {Label: "2025", Value: 0}}})
	svg := d.Find("svg")
	if svg.Length() != 1 || svg.AttrOr("role", "") != "img" || svg.Find("title").Length() < 1 || svg.Find("desc").Length() != 1 {
		t.Fatal("svg without role, title or desc")
	}
	var widths []string
	d.Find("rect.bar").Each(func(_ int, s *goquery.Selection) { widths = append(widths, s.AttrOr("width", "")) })
	if strings.Join(widths, ",") != "360,180,0" {
		t.Errorf("bar widths %v", widths)
	}
	rows := d.Find("table tbody tr")
	if rows.Length() != 3 || rows.First().Find("td").Last().Text() != "4" || rows.First().Find("a").AttrOr("href", "") != "/ru/cases?year=2023" {
		t.Errorf("table: %d rows", rows.Length())
	}
}

func TestHostileLabelsAndLinks(t *testing.T) {
	hostile := `<script>alert(1)</script> "&`
	d, _ := render(t, Chart{ID: "x", Title: hostile, Caption: hostile, Bars: []Bar{
		{Label: hostile, Value: 1, Href: "https://evil.example"},
		{Label: "b", Value: 1, Href: "//evil.example"},
		{Label: "c", Value: 1, Href: "javascript:alert(1)"},
	}})
	if d.Find("script").Length() != 0 {
		t.Fatal("a script element")
	}
	if got := d.Find("table tbody tr td").First().Text(); got != hostile {
		t.Errorf("label %q", got)
	}
	if d.Find("a").Length() != 0 {
		t.Error("a link to another host or a script")
	}
}

func TestMaxAndEmpty(t *testing.T) {
	bars := []Bar{{"a", 5, ""}, {"b", 4, ""}, {"c", 3, ""}, {"d", 2, ""}, {"e", -1, ""}}
	d, _ := render(t, Chart{ID: "m", Bars: bars, Max: 2})
	if d.Find("rect").Length() != 2 || d.Find("tbody tr").Length() != 5 {
		t.Errorf("max: %d rects, %d rows", d.Find("rect").Length(), d.Find("tbody tr").Length())
	}
	d, _ = render(t, Chart{ID: "e", Caption: "Nothing yet"})
	if d.Find("svg").Length() != 0 || d.Find("p.empty").Text() != "Nothing yet" {
		t.Error("empty chart")
	}
	d, _ = render(t, Chart{ID: "z", Bars: []Bar{{"a", 0, ""}}})
	if d.Find("rect").AttrOr("width", "") != "0" {
		t.Error("all-zero chart")
	}
}

// TestLongLabelsWrap: a long label is drawn in two lines at most, cut with
// an ellipsis; its <title> and the table keep it whole.
func TestLongLabelsWrap(t *testing.T) {
	long := "Art. 207.3: Public dissemination of knowingly false information about the use of the Armed Forces"
	d, _ := render(t, Chart{ID: "a", Bars: []Bar{{Label: long, Value: 3}, {Label: "Short", Value: 1}}})
	label := d.Find("text.bar-label").First()
	if label.Find("title").Text() != long || d.Find("table td").First().Text() != long {
		t.Errorf("the whole label is lost: %q", label.Find("title").Text())
	}
	lines := label.Find("tspan")
	if lines.Length() != 2 || lines.First().Text() != "Art. 207.3: Public" || !strings.HasSuffix(lines.Last().Text(), "…") {
		t.Errorf("drawn as %d lines %q", lines.Length(), lines.Text())
	}
	if d.Find("text.bar-label").Last().Find("tspan").Length() != 1 {
		t.Error("a short label wrapped")
	}
	for _, w := range [][]string{wrap("x"), wrap(strings.Repeat("y", 50))} {
		if len(w) != 1 || len([]rune(w[0])) > labelRunes {
			t.Errorf("wrap %q", w)
		}
	}
}
