package store

import (
	"context"
	"errors"
	"testing"

	"casebook/content"
	"casebook/errs"
)

// TestGroupsReferenceList: case groups are a reference list with
// descriptions, and each prosecution's group, region and article codes
// are checked against the lists.
func TestGroupsReferenceList(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ed := mustUser(t, s, "e@example.org", "editor")
	res := mustUser(t, s, "r@example.org", "researcher")
	in := RefInput{Code: "ufa-hizb-2015", NameRU: "Уфимское дело", NameEN: "The Ufa case", DescRU: "Пятеро", DescEN: "Five men"}
	if err := s.AddRef(ctx, res, RefGroups, in); !errs.Is(err, errs.KindForbidden) {
		t.Fatalf("a researcher adds a group: %v", err)
	}
	if err := s.AddRef(ctx, ed, RefGroups, in); err != nil {
		t.Fatal(err)
	}
	refs, err := s.References(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := Find(refs.Groups, "ufa-hizb-2015")
	if !ok || g.Label(content.EN) != "The Ufa case" || g.Description[content.EN] != "Five men" || g.Description[content.RU] != "Пятеро" {
		t.Fatalf("group %+v", g)
	}
	in.DescEN = "Five men from Bashkortostan"
	if err := s.UpdateRef(ctx, ed, RefGroups, in); err != nil {
		t.Fatal(err)
	}
	if refs, _ = s.References(ctx); refs.Groups[0].Description[content.EN] != in.DescEN {
		t.Errorf("description not updated: %+v", refs.Groups[0])
	}

	c := sampleCase()
	c.Prosecutions = []content.Prosecution{
		{Articles: []string{"280.3 ч.1"}, Region: "moscow"},
		{Group: "no-such-group", Articles: []string{"999 ч.1", "205.2"}, Region: "atlantis"},
	}
	_, err = s.CreateCase(ctx, res, c)
	var fe content.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("unknown codes accepted: %v", err)
	}
	want := map[string]string{"prosecutions.1.group": "error.unknown_group", "prosecutions.1.articles": "error.unknown_value", "prosecutions.1.region": "error.unknown_value"}
	for k, v := range want {
		if fe[k] != v {
			t.Errorf("%s: %q, want %q (all: %v)", k, fe[k], v, fe)
		}
	}
	if len(fe) != len(want) {
		t.Errorf("errors %v, want %v", fe, want)
	}
	c.Prosecutions[1] = content.Prosecution{Group: "ufa-hizb-2015", Articles: []string{"205.5 ч.2"}, Region: "bashkortostan"}
	id, err := s.CreateCase(ctx, res, c)
	if err != nil {
		t.Fatal(err)
	}
	usage, err := s.RefUsage(ctx, RefGroups)
	if err != nil || usage["ufa-hizb-2015"] != 1 {
		t.Errorf("group usage %v, %v", usage, err)
	}
	if usage, _ := s.RefUsage(ctx, RefArticles); usage["205.5"] != 1 || usage["280.3"] != 1 {
		t.Errorf("article usage by code of a part: %v", usage)
	}
	if usage, _ := s.RefUsage(ctx, RefRegions); usage["bashkortostan"] != 1 || usage["moscow"] != 1 {
		t.Errorf("the first prosecution's region is not counted: %v", usage)
	}
	if err := s.DeleteRef(ctx, ed, RefGroups, "ufa-hizb-2015"); !errs.Is(err, errs.KindConflict) {
		t.Errorf("a group in use deleted: %v", err)
	}
	// A retired group stays valid where it was, and is refused elsewhere.
	in.Retired = true
	if err := s.UpdateRef(ctx, ed, RefGroups, in); err != nil {
		t.Fatal(err)
	}
	d, err := s.CaseDetail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	again := d.Working.Content.Clone()
	again.EN.Headline = "Changed"
	if _, err := s.SaveRevision(ctx, res, id, d.Case.WorkingRevisionID, again); err != nil {
		t.Errorf("a retired group refuses the case that had it: %v", err)
	}
	other := sampleCase()
	other.EN.Name, other.RU.Name = "Someone Else", "Кто-то"
	other.Prosecutions = []content.Prosecution{{Group: "ufa-hizb-2015"}}
	if _, err := s.CreateCase(ctx, res, other); !errors.As(err, &fe) || fe["prosecutions.0.group"] == "" {
		t.Errorf("a retired group given to a new case: %v", err)
	}
}

// TestImportGroupsAndCases: the design's object of groups and cases.
func TestImportGroupsAndCasesObject(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	d, err := ParseImport([]byte(`{"groups": [{"code": "network", "ru": {"name": "Сеть", "description": "Дело «Сети»"}, "en": {"name": "Network", "description": ""}}],
		"cases": [{"ru": {"name": "Иван"}, "prosecutions": [{"group": "network", "articles": ["205.4 ч.2"]}]},
		          {"ru": {"name": "Пётр"}, "prosecutions": [{"group": "missing", "articles": ["205.4"]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Import(ctx, d, ImportOptions{})
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 1 || ie.Problems[0].Field != "prosecutions.0.group" || ie.Problems[0].Index != 2 {
		t.Fatalf("an unknown group: %v %+v", err, ie)
	}
	if refs, _ := s.References(ctx); len(refs.Groups) != 0 {
		t.Fatalf("a refused import wrote its groups: %+v", refs.Groups)
	}
	d.Cases = d.Cases[:1]
	if n, err := s.Import(ctx, d, ImportOptions{}); err != nil || n != 1 {
		t.Fatalf("import: %d %v", n, err)
	}
	refs, _ := s.References(ctx)
	if g, ok := Find(refs.Groups, "network"); !ok || g.Description[content.RU] != "Дело «Сети»" {
		t.Errorf("groups %+v", refs.Groups)
	}
	// Importing the group again updates it.
	d2, _ := ParseImport([]byte(`{"groups": [{"code": "network", "ru": {"name": "Сеть", "description": "Новое"}, "en": {"name": "Network", "description": "New"}}], "cases": []}`))
	if _, err := s.Import(ctx, d2, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if refs, _ := s.References(ctx); refs.Groups[0].Description[content.EN] != "New" {
		t.Errorf("group not updated: %+v", refs.Groups[0])
	}
	if _, err := ParseImport([]byte(`{"groups": [], "cases": [], "extra": 1}`)); err == nil {
		t.Error("an unknown key accepted")
	}
}
