package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
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
	checkSeedFacts(t, pc.Live.Content)
	// The group exists with its names and descriptions, before the cases
	// that name it; two of its members are public, the third a draft.
	refs, err := st.References(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := store.Find(refs.Groups, "tomsk-leaflets-2024")
	if !ok {
		t.Fatalf("demo groups %+v", refs.Groups)
	}
	for _, l := range content.Langs() {
		if g.Name[l] == "" || g.Description[l] == "" {
			t.Errorf("group %s has no name or description in %s: %+v", g.Code, l, g)
		}
	}
	bySlug := map[string]store.CaseSummary{}
	for _, c := range cases {
		bySlug[c.Slug] = c
	}
	for slug, want := range map[string]workflow.State{"denis-kornilov": workflow.Published, "polina-vereshchagina": workflow.Published, "artyom-zuev": workflow.Draft} {
		if got := bySlug[slug]; got.State != want || got.HasLive != (want == workflow.Published) {
			t.Errorf("%s is %s (live %v), want %s", slug, got.State, got.HasLive, want)
		}
	}
	if _, err := st.PublicCaseBySlug(ctx, "artyom-zuev"); err == nil {
		t.Error("the draft member of the group is public")
	}
	// A published member has two prosecutions, one of them in the group.
	pk, err := st.PublicCaseBySlug(ctx, "denis-kornilov")
	if err != nil {
		t.Fatal(err)
	}
	if ps := pk.Live.Content.Prosecutions; len(ps) != 2 || ps[0].Group != "tomsk-leaflets-2024" || ps[1].Group != "" || ps[0].Sentence.Months != 48 {
		t.Errorf("prosecutions of a group member: %+v", ps)
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

// checkSeedFacts: the seed profile's person facts and its one criminal
// prosecution are as the seed tells them, its two administrative cases
// noted in both languages without being counted as prosecutions.
func checkSeedFacts(t *testing.T, c *content.Case) {
	t.Helper()
	if c.Gender != "male" || !slices.Equal(c.Citizenship, []string{"RU"}) || c.RU.Occupation != "блогер" || c.EN.Occupation != "blogger" {
		t.Errorf("seed person facts: %q %v %q %q", c.Gender, c.Citizenship, c.RU.Occupation, c.EN.Occupation)
	}
	if len(c.Prosecutions) != 1 {
		t.Fatalf("the seed has %d prosecutions, want the one criminal case", len(c.Prosecutions))
	}
	p := c.Prosecutions[0]
	want := content.Sentence{Kind: "colony", Months: 20, Regime: "general", ReleaseExpectedOn: "2026-01"}
	if !slices.Equal(p.Articles, []string{"280.3 ч.1"}) || p.Region != "arkhangelsk-oblast" || p.DetainedOn != "2024-05" ||
		p.VerdictOn != "2024-09-19" || p.Stage != "sentenced" || p.Sentence != want || p.Group != "" {
		t.Errorf("the seed's prosecution: %+v", p)
	}
	if !strings.Contains(p.RU.Court, "Архангельск") || !strings.Contains(p.EN.Court, "Arkhangelsk") {
		t.Errorf("the seed's court: %q %q", p.RU.Court, p.EN.Court)
	}
	if !strings.Contains(p.RU.Note, "административных дела") || !strings.Contains(p.EN.Note, "two administrative cases") {
		t.Errorf("the seed's administrative cases are not noted: %q / %q", p.RU.Note, p.EN.Note)
	}
	var years []string
	for _, e := range c.Timeline {
		years = append(years, string(e.Date.Year()))
	}
	if !slices.Contains(years, "2022") || !slices.Contains(years, "2023") {
		t.Errorf("the timeline lacks an administrative case: %v", years)
	}
}

func TestDemoContentIsValid(t *testing.T) {
	cs, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	groups, err := Groups()
	if err != nil {
		t.Fatal(err)
	}
	members := map[string]int{}
	for _, g := range groups {
		members[g.Code] = 0
		for _, l := range content.Langs() {
			if g.Text(l).Name == "" || g.Text(l).Description == "" {
				t.Errorf("group %s lacks its name or description in %s", g.Code, l)
			}
		}
	}
	twice := 0
	for _, c := range cs {
		if fe := c.Validate(); fe != nil {
			t.Errorf("%s: %v", c.Slug, fe)
		}
		if strings.Contains(c.RU.Body+c.EN.Body, "http") {
			t.Errorf("%s: a body links out; demo bodies load nothing from elsewhere", c.Slug)
		}
		if len(c.Prosecutions) == 0 || c.Gender == "" || len(c.Citizenship) == 0 || c.RU.Occupation == "" {
			t.Errorf("%s: no prosecutions or person facts", c.Slug)
		}
		if len(c.Prosecutions) > 1 {
			twice++
		}
		// The file reads as the store writes it: the top-level fields
		// are those the prosecutions give.
		n := c.Clone()
		n.Normalize()
		if sum := content.Summarize(c.Prosecutions); !slices.Equal(sum.Articles, c.Articles) || sum.Region != c.Region ||
			sum.DetainedOn != c.DetainedOn || sum.SentencedOn != c.SentencedOn || !n.Equal(c) {
			t.Errorf("%s: the top-level fields are not those of its prosecutions (%+v)", c.Slug, sum)
		}
		seen := map[string]bool{}
		for _, p := range c.Prosecutions {
			if p.Group == "" || seen[p.Group] {
				continue
			}
			seen[p.Group] = true
			if _, ok := members[p.Group]; !ok {
				t.Errorf("%s names group %q, which the demo does not make", c.Slug, p.Group)
			}
			members[p.Group]++
		}
	}
	if twice < 2 {
		t.Errorf("%d demo cases with more than one prosecution, want some", twice)
	}
	for code, n := range members {
		if n < 3 {
			t.Errorf("group %s has %d members, want three or more", code, n)
		}
	}
	// Nothing the demo publishes names a case it does not: not a
	// profile, not a group's description.
	var public []string
	for _, g := range groups {
		public = append(public, g.RU.Name, g.EN.Name, g.RU.Description, g.EN.Description)
	}
	var hidden []*content.Case
	for i, c := range cs {
		if p := plan(i); len(p) > 0 && p[len(p)-1].t == workflow.Publish {
			b, _ := json.Marshal(c)
			public = append(public, string(b))
		} else {
			hidden = append(hidden, c)
		}
	}
	all := strings.Join(public, "\n")
	for _, h := range hidden {
		// The surname alone, in any of its forms: its stem.
		stem := func(name string) string {
			f := strings.Fields(name)
			if len(f) == 0 {
				return ""
			}
			r := []rune(f[len(f)-1])
			return string(r[:max(len(r)-1, 3)])
		}
		for _, s := range []string{h.Slug, h.RU.Name, h.EN.Name, stem(h.RU.Name), stem(h.EN.Name)} {
			if s != "" && strings.Contains(all, s) {
				t.Errorf("published demo content names %q of unpublished %s", s, h.Slug)
			}
		}
	}
}

// TestDemoFileImports: the demo file is an import file of groups and
// cases, as the README shows one.
func TestDemoFileImports(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "import.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := store.ParseImport(casesJSON)
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := Cases()
	if n, err := st.Import(ctx, d, store.ImportOptions{Source: "cases.json"}); err != nil || n != len(cs) {
		t.Fatalf("import of the demo file: %d %v", n, err)
	}
	refs, _ := st.References(ctx)
	if _, ok := store.Find(refs.Groups, "tomsk-leaflets-2024"); !ok {
		t.Error("the demo file's group was not created")
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
	a, _ := json.Marshal(d)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Error("the same seed gave another dump")
	}
	checkSyntheticFacts(t, d)
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
	// The groups came in with their descriptions, and the cases keep
	// their prosecutions.
	refs, err := st.References(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs.Groups) != len(d.References[store.RefGroups]) {
		t.Errorf("%d groups imported of %d", len(refs.Groups), len(d.References[store.RefGroups]))
	}
	for _, g := range refs.Groups {
		if g.Description[content.RU] == "" || g.Description[content.EN] == "" {
			t.Errorf("group %s imported without its description", g.Code)
		}
	}
	for _, i := range []int{0, 57, 199} {
		pc, err := st.PublicCaseBySlug(ctx, d.Cases[i].Slug)
		if err != nil {
			t.Fatal(err)
		}
		if want := d.Cases[i].Case.ForPublic(); !pc.Live.Content.Equal(want) {
			t.Errorf("case %d after import:\n%+v\nwant\n%+v", i, pc.Live.Content, want)
		}
	}
}

// checkSyntheticFacts: the synthetic people have person facts in the
// proportions of the field, one to three prosecutions (mostly one), some
// in groups of two or more, and sentences that are whole.
func checkSyntheticFacts(t *testing.T, d *store.Dump) {
	t.Helper()
	n := len(d.Cases)
	counts := map[int]int{}
	genders, kinds, regimes, stages := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	var yearOnly, fullDate, publicBirthday, noCitizenship, foreign, occupation, released, withPart int
	members := map[string]int{}
	for _, dc := range d.Cases {
		c := dc.Case
		genders[c.Gender]++
		switch len(c.BornOn) {
		case 4:
			yearOnly++
		case 10:
			fullDate++
			if c.BirthdayPublic {
				publicBirthday++
			}
		}
		if c.BirthdayPublic && len(c.BornOn) != 10 {
			t.Errorf("%s: a public birthday of %q", c.Slug, c.BornOn)
		}
		if len(c.Citizenship) == 0 {
			noCitizenship++
		} else if !slices.Equal(c.Citizenship, []string{"RU"}) {
			foreign++
		}
		if c.RU.Occupation != "" && (c.EN.Name == "") == (c.EN.Occupation == "") {
			occupation++
		}
		counts[len(c.Prosecutions)]++
		groups := map[string]bool{}
		for _, p := range c.Prosecutions {
			stages[p.Stage]++
			kinds[p.Sentence.Kind]++
			regimes[p.Sentence.Regime]++
			if p.Group != "" {
				if !groups[p.Group] {
					members[p.Group]++
				}
				groups[p.Group] = true
			}
			for _, a := range p.Articles {
				if a != content.ArticleCode(a) {
					withPart++
				}
			}
			s := p.Sentence
			if s.ReleasedOn != "" {
				released++
			}
			switch {
			case p.Stage == "sentenced" || p.Stage == "appeal":
				if p.VerdictOn == "" || s.Kind == "" {
					t.Errorf("%s: a verdict without its date or sentence: %+v", c.Slug, p)
				}
			case s != (content.Sentence{}) || p.VerdictOn != "":
				t.Errorf("%s: a sentence at stage %s: %+v", c.Slug, p.Stage, p)
			}
			if (s.Kind == "colony" || s.Kind == "prison") != (s.Regime != "") || ((s.Kind == "colony" || s.Kind == "prison") && (s.Months == 0 || s.ReleaseExpectedOn == "")) {
				t.Errorf("%s: %+v", c.Slug, s)
			}
			if s.Kind == "fine" && (s.FineRub == 0 || s.Months != 0) {
				t.Errorf("%s: a fine of %+v", c.Slug, s)
			}
			if (s.ReleasedOn == "") != (s.ReleasedHow == "") {
				t.Errorf("%s: released %q how %q", c.Slug, s.ReleasedOn, s.ReleasedHow)
			}
		}
		if c.RU.Sentence == "" && slices.ContainsFunc(c.Prosecutions, func(p content.Prosecution) bool { return p.Sentence.Kind != "" }) {
			t.Errorf("%s: sentenced, with no sentence in words", c.Slug)
		}
	}
	if counts[1] < n*70/100 || counts[1] > n*90/100 || counts[2] == 0 || counts[3] == 0 || counts[0] > 0 || len(counts) != 3 {
		t.Errorf("prosecutions per person: %v", counts)
	}
	if genders["male"] < n/2 || genders["female"] < n/10 || genders["other"] > 0 {
		t.Errorf("genders %v", genders)
	}
	if yearOnly < n/2 || fullDate < n/10 || publicBirthday == 0 || publicBirthday == fullDate {
		t.Errorf("dates of birth: %d years, %d whole, %d of them public", yearOnly, fullDate, publicBirthday)
	}
	if foreign < n/40 || noCitizenship+foreign > n/5 {
		t.Errorf("citizenship: %d none, %d other than RU alone", noCitizenship, foreign)
	}
	if occupation != n {
		t.Errorf("%d of %d with an occupation in each language they are written in", occupation, n)
	}
	if len(kinds) < 7 || len(regimes) < 5 || len(stages) < 5 || released == 0 || withPart == 0 {
		t.Errorf("too little variety: kinds %v, regimes %v, stages %v, %d released, %d articles with parts", kinds, regimes, stages, released, withPart)
	}
	refs := d.References[store.RefGroups]
	if len(refs) == 0 || len(refs) != len(members) {
		t.Fatalf("%d groups written, %d named", len(refs), len(members))
	}
	in := 0
	for _, g := range refs {
		if members[g.Code] < 2 || g.NameRU == "" || g.NameEN == "" || g.DescriptionRU == "" || g.DescriptionEN == "" {
			t.Errorf("group %+v with %d members", g, members[g.Code])
		}
		in += members[g.Code]
	}
	if in < n/20 || in > n/4 {
		t.Errorf("%d of %d people in groups", in, n)
	}
}
