package revdiff

import (
	"reflect"
	"strings"
	"testing"

	"casebook/content"
)

func join(segs []Segment, skip Op) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Op != skip {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestWords(t *testing.T) {
	got := Words("the quick brown fox", "the slow brown fox")
	want := []Segment{{Equal, "the "}, {Delete, "quick"}, {Insert, "slow"}, {Equal, " brown fox"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	got = Words("считает Александра политзаключённым", "считает Александра Акимушкина политзаключённым")
	var ins []string
	for _, s := range got {
		if s.Op == Delete {
			t.Errorf("deleted %q", s.Text)
		}
		if s.Op == Insert {
			ins = append(ins, s.Text)
		}
	}
	if len(ins) != 1 || strings.TrimSpace(ins[0]) != "Акимушкина" {
		t.Errorf("inserted %q, want the whole word", ins)
	}
}

var pairs = [][2]string{
	{"", ""}, {"", "new text"}, {"old text", ""}, {"same", "same"},
	{"## Heading\n\nParagraph one.\n\nTwo.", "## Heading\n\nParagraph 1.\n\nTwo and three."},
	{"Акимушкин осуждён", "Akimushkin осуждён на 20 месяцев"},
	{"a,b,,c", "a,,b,c"}, {"  spaced  out ", " spaced out"}, {"emoji 🙂 here", "emoji 🙃 here"},
}

func TestWordsRoundTrip(t *testing.T) {
	for _, p := range pairs {
		segs := Words(p[0], p[1])
		if a := join(segs, Insert); a != p[0] {
			t.Errorf("%q: old side %q", p, a)
		}
		if b := join(segs, Delete); b != p[1] {
			t.Errorf("%q: new side %q", p, b)
		}
		for i := 1; i < len(segs); i++ {
			if segs[i].Op == segs[i-1].Op {
				t.Errorf("%q: adjacent segments with one op: %+v", p, segs)
			}
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, p := range pairs {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		segs := Words(a, b)
		// Invalid UTF-8 is replaced on the way through runes; compare
		// what a string of runes of the input gives.
		wa, wb := string([]rune(a)), string([]rune(b))
		if got := join(segs, Insert); got != wa {
			t.Fatalf("old side %q, want %q", got, wa)
		}
		if got := join(segs, Delete); got != wb {
			t.Fatalf("new side %q, want %q", got, wb)
		}
	})
}

func TestCompare(t *testing.T) {
	a := &content.Case{
		Articles: []string{"280.3"},
		EN:       content.Text{Name: "Aleksandr", Headline: "A blogger sentenced"},
		Timeline: []content.TimelineEntry{{Date: "2024-05", EN: "Detained"}},
	}
	b := a.Clone()
	b.EN.Headline = "A blogger sentenced to prison"
	b.Articles = []string{"280.3", "207.3"}
	b.Timeline[0].EN = "Detained in Arkhangelsk"
	got := Compare(a, b)
	var keys []string
	for _, f := range got {
		keys = append(keys, f.Key+"/"+f.Lang)
	}
	if want := []string{"articles/", "headline_en/en", "timeline/"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("changed fields %v, want %v", keys, want)
	}
	if len(Compare(a, a.Clone())) != 0 {
		t.Error("identical cases differ")
	}
	if got := Compare(nil, b); len(got) != 4 || got[0].Key != "articles" || got[0].Segments[0].Op != Insert {
		t.Errorf("Compare(nil, b) = %+v", got)
	}
}
