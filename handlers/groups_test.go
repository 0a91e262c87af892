package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"casebook/content"
	"casebook/i18n"
	"casebook/store"
	"casebook/workflow"
)

// The people of the group case the tests below publish: Anna (two
// prosecutions, the first in the group "network"), Boris (in the group,
// published in Russian only), Vera (in the group, published and taken
// down), Dmitry (in the group, a draft that never went out) and Elena
// (a draft alone in the group "hidden-cell").
const (
	annaSlug   = "anna-gruppova"
	borisSlug  = "boris-gruppov"
	veraSlug   = "vera-snyataya"
	draftSlug  = "dmitry-chernovikov"
	hiddenSlug = "elena-skrytaya"
)

// secrets are what no public surface may show: the names, in both
// languages, and the slugs of the draft co-defendant and of the one taken
// down.
var secrets = []string{
	"Дмитрий", "Черновиков", "Dmitry", "Chernovikov", draftSlug,
	"Вера", "Снятая", "Vera Snyataya", "Snyataya", veraSlug,
	"Елена", "Скрытая", "Elena", "Skrytaya", hiddenSlug,
}

type groupCaseIDs struct{ anna, boris, vera, draft, hidden int64 }

// groupPerson is a complete case in both languages (or in Russian alone,
// with ruOnly) whose prosecutions are ps.
func groupPerson(slug, ru, en string, ruOnly bool, ps ...content.Prosecution) content.Case {
	c := content.Case{
		Slug: slug, Status: "political_prisoner", RecognizedOn: "2024-11", Custody: "serving_sentence",
		Categories:   []string{"anti-war"},
		RU:           content.Text{Name: ru, Headline: ru + ": дело группы", Body: "## Кто\n\nЧеловек из дела «Сети»."},
		EN:           content.Text{Name: en, Headline: en + ": a group case", Body: "## Who\n\nOne of the Network case."},
		Prosecutions: ps,
	}
	if ruOnly {
		c.EN = content.Text{}
	}
	c.Normalize()
	return c
}

// publishGroup publishes the group case: the groups, Anna and Boris live,
// Vera taken down, Dmitry and Elena drafts.
func publishGroup(t *testing.T, e *env) groupCaseIDs {
	t.Helper()
	ctx := context.Background()
	network := content.Prosecution{
		Group: "network", Articles: []string{"205.5 ч.2"}, Region: "bashkortostan",
		OpenedOn: "2017-10", DetainedOn: "2017-10-18", VerdictOn: "2020-02-10", Stage: "sentenced",
		Sentence: content.Sentence{Kind: "colony", Months: 78, Regime: "strict", FineRub: 100000, ReleaseExpectedOn: "2026-04"},
		RU:       content.ProsecutionText{Court: "Приволжский окружной военный суд", Judge: "Судья Первый", Note: "Приговор обжалован."},
		EN:       content.ProsecutionText{Court: "Volga District Military Court", Judge: "Judge First", Note: "The verdict was appealed."},
	}
	anna := groupPerson(annaSlug, "Анна Группова", "Anna Gruppova", false, network, content.Prosecution{
		Articles: []string{"280.3 ч.1"}, Region: "arkhangelsk-oblast", OpenedOn: "2024-05", Stage: "trial",
		EN: content.ProsecutionText{Court: "Arkhangelsk City Court"}, RU: content.ProsecutionText{Court: "Архангельский городской суд"},
	})
	anna.BornOn, anna.BirthdayPublic, anna.Citizenship = "1990-03-05", true, []string{"RU", "UA"}
	anna.RU.Occupation, anna.EN.Occupation = "программистка", "programmer"
	borisP := network
	borisP.Sentence = content.Sentence{Kind: "colony", Months: 252, Regime: "special"}
	boris := groupPerson(borisSlug, "Борис Группов", "", true, borisP)
	boris.BornOn, boris.Custody = "1985-07-01", "pretrial_detention"
	vera := groupPerson(veraSlug, "Вера Снятая", "Vera Snyataya", false, network)
	d := &store.Dump{
		Groups: []content.Group{
			{Code: "network", RU: content.GroupText{Name: "Дело «Сети»", Description: "Дело о **выдуманной** организации."},
				EN: content.GroupText{Name: "The Network case", Description: "A case about an **invented** organisation."}},
			{Code: "hidden-cell", RU: content.GroupText{Name: "Дело «Ячейки»"}, EN: content.GroupText{Name: "The Cell case"}},
			{Code: "gone-cell", RU: content.GroupText{Name: "Дело «Ушедших»"}, EN: content.GroupText{Name: "The Gone case"}},
		},
		Cases: []store.DumpCase{{Case: anna}, {Case: boris}, {Case: vera}},
	}
	if _, err := e.st.Import(ctx, d, store.ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	var ids groupCaseIDs
	for slug, id := range map[string]*int64{annaSlug: &ids.anna, borisSlug: &ids.boris, veraSlug: &ids.vera} {
		pc, err := e.st.PublicCaseBySlug(ctx, slug)
		if err != nil {
			t.Fatal(slug, err)
		}
		*id = pc.Case.ID
	}
	// Vera also was the only published member of "gone-cell"; taken
	// down, she leaves it with none.
	veraGone := network
	veraGone.Group = "gone-cell"
	var err error
	draft := groupPerson(draftSlug, "Дмитрий Черновиков", "Dmitry Chernovikov", false, network)
	if ids.draft, err = e.st.CreateCase(ctx, e.users["researcher"], &draft); err != nil {
		t.Fatal(err)
	}
	hidden := groupPerson(hiddenSlug, "Елена Скрытая", "Elena Skrytaya", false, content.Prosecution{Group: "hidden-cell", Articles: []string{"280.3"}})
	if ids.hidden, err = e.st.CreateCase(ctx, e.users["researcher"], &hidden); err != nil {
		t.Fatal(err)
	}
	if r := e.transition(e.login("editor"), ids.vera, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	return ids
}

// TestProfileShowsPersonFactsAndProsecutions: a profile with two
// prosecutions shows the person's age with the public date of birth,
// citizenship and occupation, and each prosecution with its articles
// (parts and titles), region, dates, court, stage, sentence in words,
// expected release and note, its group linked, and its published
// co-defendants linked (one published in the other language only, with
// its language marked), in both languages; a birthday not cleared shows
// as the year alone; a case in the shape before prosecutions keeps its
// facts and gets no section.
func TestProfileShowsPersonFactsAndProsecutions(t *testing.T) {
	e := newEnv(t)
	publishVariety(t, e)
	publishGroup(t, e)
	c := e.client()
	now := time.Now()
	anna := content.Case{BornOn: "1990-03-05", BirthdayPublic: true}
	age, _ := anna.Age(now)
	for _, l := range content.Langs() {
		p := i18n.New().Printer(l)
		d := c.get("/" + string(l) + "/cases/" + annaSlug).doc(t)
		facts := squash(d.Find(".facts dl").Text())
		for _, want := range []string{
			p.T("fact.born_on"), p.T("fact.born_age", p.Date("1990-03-05"), p.N("fact.age", age)),
			p.T("fact.citizenship"), p.Country("RU"), p.Country("UA"), p.T("fact.occupation"),
			map[content.Lang]string{content.RU: "программистка", content.EN: "programmer"}[l],
			// The articles of both prosecutions, with parts and titles.
			p.ArticlePart("205.5 ч.2"), p.ArticlePart("280.3 ч.1"),
			// No sentence written out: the prosecutions' in words.
			p.Sentence(content.Sentence{Kind: "colony", Months: 78, Regime: "strict", FineRub: 100000}),
		} {
			if !strings.Contains(facts, squash(want)) {
				t.Errorf("%s: the facts %q lack %q", l, facts, want)
			}
		}
		qs := d.Find(".prosecutions .prosecution")
		if qs.Length() != 2 || squash(d.Find("#prosecutions-h").Text()) != p.T("prosecution.many") {
			t.Fatalf("%s: %d prosecutions under %q", l, qs.Length(), d.Find("#prosecutions-h").Text())
		}
		first, second := qs.Eq(0), qs.Eq(1)
		if h := squash(first.Find("h3").Text()); h != p.T("prosecution.number", 1) {
			t.Errorf("%s: first heading %q", l, h)
		}
		group := first.Find(`a[href="/` + string(l) + `/groups/network"]`)
		if group.Length() != 1 || !strings.Contains(group.Text(), map[content.Lang]string{content.RU: "Дело «Сети»", content.EN: "The Network case"}[l]) {
			t.Errorf("%s: the group link: %q", l, group.Text())
		}
		text := squash(first.Text())
		for _, want := range []string{
			p.Sentence(content.Sentence{Kind: "colony", Months: 78, Regime: "strict", FineRub: 100000}),
			map[content.Lang]string{content.RU: "6 лет 6 месяцев колонии строгого режима и штраф 100\u00a0000\u00a0₽", content.EN: "6 years 6 months in a strict-regime colony and a fine of 100,000 roubles"}[l],
			map[content.Lang]string{content.RU: "ст. 205.5 ч.2 — Организация деятельности террористической организации", content.EN: "Art. 205.5 Part 2: Organising or taking part"}[l],
			map[content.Lang]string{content.RU: "Республика Башкортостан", content.EN: "Republic of Bashkortostan"}[l],
			p.Date("2017-10"), p.Date("2017-10-18"), p.Date("2020-02-10"), p.Date("2026-04"),
			map[content.Lang]string{content.RU: "Приволжский окружной военный суд", content.EN: "Volga District Military Court"}[l],
			map[content.Lang]string{content.RU: "Судья Первый", content.EN: "Judge First"}[l],
			p.Stage("sentenced"), p.T("prosecution.release_expected_on"), p.T("prosecution.codefendants"),
		} {
			if !strings.Contains(text, squash(want)) {
				t.Errorf("%s: the first prosecution %q lacks %q", l, text, want)
			}
		}
		if note := squash(first.Find(".note").Text()); note != map[content.Lang]string{content.RU: "Приговор обжалован.", content.EN: "The verdict was appealed."}[l] {
			t.Errorf("%s: note %q", l, note)
		}
		// The one published co-defendant, linked; Boris has a Russian
		// version only, so the English page links it, marked Russian.
		co := first.Find(".codefendant a")
		if co.Length() != 1 || co.AttrOr("href", "") != "/ru/cases/"+borisSlug || co.Text() != "Борис Группов" {
			t.Errorf("%s: co-defendants %d %q %q", l, co.Length(), co.AttrOr("href", ""), co.Text())
		}
		if l == content.EN && co.AttrOr("lang", "") != "ru" {
			t.Errorf("en: the Russian-only co-defendant is not marked Russian")
		}
		text2 := squash(second.Text())
		for _, want := range []string{p.Stage("trial"), map[content.Lang]string{content.RU: "Архангельский городской суд", content.EN: "Arkhangelsk City Court"}[l], p.ArticlePart("280.3 ч.1")} {
			if !strings.Contains(text2, want) {
				t.Errorf("%s: the second prosecution %q lacks %q", l, text2, want)
			}
		}
		if second.Find(".codefendant").Length() != 0 || second.Find(`a[href*="/groups/"]`).Length() != 0 {
			t.Errorf("%s: the second prosecution has a group", l)
		}
	}
	// Boris's birthday is not cleared: the year alone, and no age.
	d := c.get("/ru/cases/" + borisSlug).doc(t)
	if born := factValues(d.Selection, "Год рождения"); born != "1985" || factValues(d.Selection, "Дата рождения") != "" {
		t.Errorf("boris: born %q", born)
	}
	if facts := d.Find(".facts dl").Text(); strings.Contains(facts, "июля") {
		t.Errorf("boris: facts %q show the birthday", facts)
	}
	if co := d.Find(".codefendant a"); co.Length() != 1 || co.AttrOr("href", "") != "/ru/cases/"+annaSlug {
		t.Errorf("boris: co-defendants %d %q", co.Length(), co.AttrOr("href", ""))
	}
	if d.Find(".prosecutions h3").Length() != 0 || squash(d.Find("#prosecutions-h").Text()) != "Уголовное дело" {
		t.Errorf("boris: one prosecution is headed %q", d.Find(".prosecutions h2").Text())
	}
	// A case in the shape before prosecutions keeps its facts, and the
	// facts box says it all.
	d = c.get("/en/cases/aleksandr-akimushkin").doc(t)
	if d.Find(".prosecutions").Length() != 0 {
		t.Error("an old-shape case has a prosecutions section")
	}
	facts := squash(d.Find(".facts dl").Text())
	for _, want := range []string{"Art. 280.3: Public actions aimed at discrediting", "Arkhangelsk Oblast", "May 2024", "19 September 2024"} {
		if !strings.Contains(facts, want) {
			t.Errorf("old shape: facts %q lack %q", facts, want)
		}
	}
}

// TestPreviewOfAGroupCaseIsThePublicPage: the studio's preview of a
// case with prosecutions and co-defendants is its public page, and the
// preview of the draft co-defendant names the published members only.
func TestPreviewOfAGroupCaseIsThePublicPage(t *testing.T) {
	e := newEnv(t)
	ids := publishGroup(t, e)
	ed, visitor := e.login("editor"), e.client()
	live := e.detail(ids.anna).Live
	for _, l := range []string{"ru", "en"} {
		pub := visitor.get("/" + l + "/cases/" + annaSlug).doc(t)
		pre := ed.get(casePath(ids.anna) + "/preview?rev=" + itoa(live.Number) + "&lang=" + l).doc(t)
		pre.Find(".preview-banner").Remove()
		a, _ := pub.Find("main").Html()
		b, _ := pre.Find("main").Html()
		if a != b || !strings.Contains(a, "codefendant") {
			t.Errorf("%s: the preview differs from the public page\npublic:  %.600s\npreview: %.600s", l, squash(a), squash(b))
		}
	}
	pre := ed.get(casePath(ids.draft) + "/preview?lang=ru").doc(t)
	var names []string
	pre.Find(".codefendant a").Each(func(_ int, s *goquerySelection) { names = append(names, s.Text()) })
	if strings.Join(names, ",") != "Анна Группова,Борис Группов" {
		t.Errorf("the draft's preview names %v", names)
	}
}

// TestGroupPage: a group's page shows its name, description and every
// published member with their own status, custody and sentence, linked,
// with canonical and alternate links and the cache headers of public
// pages; an unknown code, a malformed one, a group whose only member is
// a draft and one whose only member was taken down answer 404 alike.
// The sitemap lists the page of a group with a published member only.
// A take-down shows on the page at once.
func TestGroupPage(t *testing.T) {
	e := newEnv(t)
	ids := publishGroup(t, e)
	c := e.client()
	for _, l := range content.Langs() {
		p := i18n.New().Printer(l)
		r := c.get("/" + string(l) + "/groups/network")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", l, r.StatusCode)
		}
		if r.Header.Get("ETag") == "" || !strings.Contains(r.Header.Get("Cache-Control"), "public") {
			t.Errorf("%s: cache headers %v", l, r.Header)
		}
		if again := c.get("/"+string(l)+"/groups/network", "If-None-Match", r.Header.Get("ETag")); again.StatusCode != http.StatusNotModified {
			t.Errorf("%s: revalidation: %d", l, again.StatusCode)
		}
		d := r.doc(t)
		name := map[content.Lang]string{content.RU: "Дело «Сети»", content.EN: "The Network case"}[l]
		if h := squash(d.Find("h1").Text()); h != name {
			t.Errorf("%s: h1 %q", l, h)
		}
		if h, _ := d.Find(".group-description").Html(); !strings.Contains(h, "<strong>") {
			t.Errorf("%s: description %q", l, h)
		}
		canonical := d.Find(`link[rel="canonical"]`).AttrOr("href", "")
		if !strings.HasSuffix(canonical, "/"+string(l)+"/groups/network") {
			t.Errorf("%s: canonical %q", l, canonical)
		}
		for _, hl := range []string{"ru", "en", "x-default"} {
			if d.Find(`link[rel="alternate"][hreflang="`+hl+`"]`).Length() != 1 {
				t.Errorf("%s: no %s alternate", l, hl)
			}
		}
		if d.Find(`a[href="/`+string(l.Other())+`/groups/network"]`).Length() == 0 {
			t.Errorf("%s: no language switch to the other page", l)
		}
		members := d.Find(".member")
		if members.Length() != 2 || squash(d.Find(".count").Text()) != p.N("group.count", 2) {
			t.Fatalf("%s: %d members, count %q", l, members.Length(), d.Find(".count").Text())
		}
		// By name: Anna, then Boris.
		annaCard, borisCard := members.Eq(0), members.Eq(1)
		if a := annaCard.Find(".card-title a"); a.AttrOr("href", "") != "/"+string(l)+"/cases/"+annaSlug {
			t.Errorf("%s: Anna's link %q", l, a.AttrOr("href", ""))
		}
		if a := borisCard.Find(".card-title a"); a.AttrOr("href", "") != "/ru/cases/"+borisSlug || (l == content.EN && a.AttrOr("lang", "") != "ru") {
			t.Errorf("%s: Boris's link %q", l, a.AttrOr("href", ""))
		}
		for card, want := range map[*goquerySelection][]string{
			annaCard:  {p.T("custody.serving_sentence"), p.Sentence(content.Sentence{Kind: "colony", Months: 78, Regime: "strict", FineRub: 100000})},
			borisCard: {p.T("custody.pretrial_detention"), p.Sentence(content.Sentence{Kind: "colony", Months: 252, Regime: "special"})},
		} {
			text := squash(card.Text())
			for _, w := range append(want, statusName(t, e, l, "political_prisoner")) {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("%s: member %q lacks %q", l, text, w)
				}
			}
		}
	}
	for _, path := range []string{"/ru/groups/nonesuch", "/en/groups/hidden-cell", "/ru/groups/gone-cell", "/ru/groups/Network", "/ru/groups/a%20b", "/ru/groups/" + strings.Repeat("a", 61)} {
		r := c.get(path)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", path, r.StatusCode)
		}
		for _, s := range secrets {
			if strings.Contains(r.body, s) {
				t.Errorf("%s reveals %q", path, s)
			}
		}
	}
	// The 404 of a group with only unpublished members is the 404 of no
	// group at all.
	a, b := c.get("/ru/groups/hidden-cell").doc(t), c.get("/ru/groups/nonesuch").doc(t)
	if x, y := squash(a.Find("main").Text()), squash(b.Find("main").Text()); x != y {
		t.Errorf("the 404s differ:\n%s\n%s", x, y)
	}
	sm := c.get("/sitemap.xml").body
	for _, want := range []string{"/ru/groups/network</loc>", "/en/groups/network</loc>"} {
		if !strings.Contains(sm, want) {
			t.Errorf("the sitemap lacks %s", want)
		}
	}
	for _, not := range []string{"hidden-cell", "gone-cell"} {
		if strings.Contains(sm, not) {
			t.Errorf("the sitemap lists %s", not)
		}
	}
	// Boris taken down: the page, cached a moment ago, has Anna alone.
	if r := e.transition(e.login("editor"), ids.boris, workflow.Unpublish, url.Values{"comment": {"Safety."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
	d := c.get("/ru/groups/network").doc(t)
	if n := d.Find(".member").Length(); n != 1 || strings.Contains(d.Text(), "Борис") {
		t.Errorf("after the take-down: %d members", n)
	}
	if strings.Contains(c.get("/ru/cases/"+annaSlug).body, "Борис") {
		t.Error("Anna's profile still names Boris after his take-down")
	}
}

// factValues is what a list of facts in s says under label: its values,
// joined by "|".
func factValues(s *goquerySelection, label string) string {
	var out []string
	s.Find("dt").Each(func(_ int, dt *goquerySelection) {
		if squash(dt.Text()) != label {
			return
		}
		for dd := dt.Next(); dd.Length() > 0 && goquery.NodeName(dd) == "dd"; dd = dd.Next() {
			out = append(out, squash(dd.Text()))
		}
	})
	return strings.Join(out, "|")
}

// statusName is a status's name in l from the reference list.
func statusName(t *testing.T, e *env, l content.Lang, code string) string {
	t.Helper()
	refs, err := e.st.References(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r, _ := store.Find(refs.Statuses, code)
	return r.Label(l)
}
