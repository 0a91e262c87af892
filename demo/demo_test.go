package demo

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"casebook/content"
	"casebook/store"
	"casebook/workflow"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out bytes.Buffer
	if err := Load(ctx, st, &out); err != nil {
		t.Fatal(err)
	}
	cases, err := st.StudioCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 5 {
		t.Fatalf("%d demo cases, want the seed and at least four more", len(cases))
	}
	states := map[workflow.State]int{}
	for _, c := range cases {
		states[c.State]++
	}
	for _, s := range []workflow.State{workflow.Draft, workflow.LegalReview, workflow.EditorialReview, workflow.Published} {
		if states[s] == 0 {
			t.Errorf("no demo case in %s", s)
		}
	}
	pc, err := st.PublicCaseBySlug(ctx, "aleksandr-akimushkin")
	if err != nil {
		t.Fatal(err)
	}
	if got := pc.Live.Content.CompleteLangs(); len(got) != 2 {
		t.Errorf("the seed profile is complete in %v", got)
	}
	if !strings.Contains(pc.Live.Content.EN.Body, "calls himself a ‘citizen of the USSR.’") {
		t.Errorf("the English seed text was not kept verbatim")
	}
	if pc.Live.Content.DetainedOn != content.Date("2024-05") || pc.Live.Content.SentencedOn != "2024-09-19" {
		t.Errorf("seed dates %s %s", pc.Live.Content.DetainedOn, pc.Live.Content.SentencedOn)
	}
	// Every account printed can sign in with the password printed.
	lines := regexp.MustCompile(`(?m)^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$`).FindAllStringSubmatch(out.String(), -1)
	if len(lines) != 4 {
		t.Fatalf("printed accounts:\n%s", out.String())
	}
	for _, l := range lines {
		u, err := st.Authenticate(ctx, l[2], l[3], true)
		if err != nil || string(u.Role) != l[1] {
			t.Errorf("%s cannot sign in as %s: %v", l[2], l[1], err)
		}
	}
	// Loading again keeps the content and prints new passwords.
	out.Reset()
	if err := Load(ctx, st, &out); err != nil {
		t.Fatal(err)
	}
	again, _ := st.StudioCases(ctx)
	if len(again) != len(cases) {
		t.Errorf("a second load added cases")
	}
	l2 := regexp.MustCompile(`(?m)^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$`).FindAllStringSubmatch(out.String(), -1)
	if len(l2) != 4 || l2[0][3] == lines[0][3] {
		t.Errorf("second load did not print new passwords:\n%s", out.String())
	}
	if _, err := st.Authenticate(ctx, l2[0][2], l2[0][3], true); err != nil {
		t.Errorf("new password does not work: %v", err)
	}
}

func TestDemoContentIsValid(t *testing.T) {
	cs, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if fe := c.Validate(); fe != nil {
			t.Errorf("%s: %v", c.Slug, fe)
		}
		if strings.Contains(c.RU.Body+c.EN.Body, "http") {
			t.Errorf("%s: a body links out; demo bodies load nothing from elsewhere", c.Slug)
		}
	}
}

// TestSyntheticCases checks what the benchmark data must be to mean
// anything: valid, importable as published, mostly in both languages, varied, with
// some photos, and the same for the same seed.
func TestSyntheticCases(t *testing.T) {
	d, err := Synthetic(200, 7, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Cases) != 200 || len(d.Media) == 0 {
		t.Fatalf("%d cases, %d media", len(d.Cases), len(d.Media))
	}
	regions, articles, bodyLens := map[string]bool{}, map[string]bool{}, map[int]bool{}
	photos, both := 0, 0
	for _, dc := range d.Cases {
		c := dc.Case
		if fe := c.Validate(); fe != nil {
			t.Fatalf("%s: %v", c.Slug, fe)
		}
		switch len(c.CompleteLangs()) {
		case 2:
			both++
		case 1:
			if !c.RU.Complete() {
				t.Errorf("%s has English only", c.Slug)
			}
		default:
			t.Errorf("%s is in no language", c.Slug)
		}
		regions[c.Region] = true
		for _, a := range c.Articles {
			articles[a] = true
		}
		bodyLens[len(c.EN.Body)/500] = true
		if c.Photo.URL != "" {
			photos++
		}
	}
	if len(regions) < 10 || len(articles) < 5 || len(bodyLens) < 3 || photos != 10 {
		t.Errorf("too little variety: %d regions, %d articles, %d body lengths, %d photos", len(regions), len(articles), len(bodyLens), photos)
	}
	// Most are translated, some are in Russian only, as on a real site.
	if both < 140 || both == 200 {
		t.Errorf("%d of 200 cases in both languages", both)
	}
	again, _ := Synthetic(200, 7, 20)
	if again.Cases[123].Case.EN.Body != d.Cases[123].Case.EN.Body || again.Cases[5].Case.Slug != d.Cases[5].Case.Slug {
		t.Error("the same seed gave other cases")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "synthetic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Import(ctx, d, store.ImportOptions{AsPublished: true, Source: "synthetic"}); err != nil {
		t.Fatal(err)
	}
	f, err := st.PublicFacets(ctx, store.PublicQuery{})
	if err != nil || f.Total != 200 {
		t.Fatalf("published after import: %v %v", f, err)
	}
}
