package revdiff

import (
	"slices"
	"testing"

	"casebook/content"
)

func withTwo() *content.Case {
	c := sample()
	c.Prosecutions = append(c.Prosecutions, content.Prosecution{Articles: []string{"207.3 ч.2"}, Region: "tver-oblast", VerdictOn: "2025-02",
		Sentence: content.Sentence{Kind: "colony", Months: 78, Regime: "strict"}, EN: content.ProsecutionText{Court: "Tver Court"}})
	c.Normalize()
	return c
}

// TestCompareInsideProsecutions: a change inside a prosecution is shown
// as that field of that prosecution, under the form's name for it.
func TestCompareInsideProsecutions(t *testing.T) {
	a := withTwo()
	b := a.Clone()
	b.Prosecutions[1].Sentence.Months = 80
	b.Prosecutions[1].EN.Court = "Tver Regional Court"
	b.Prosecutions[0].Region = "arkhangelsk-oblast"
	b.Normalize()
	var keys []string
	for _, f := range Compare(a, b) {
		keys = append(keys, f.Key)
	}
	if want := []string{"region", "prosecutions.1.sentence.months", "prosecutions.1.court_en"}; !slices.Equal(keys, want) {
		t.Errorf("changed %v, want %v", keys, want)
	}
	// A prosecution added shows each of its fields as new.
	c := a.Clone()
	c.Prosecutions = append(c.Prosecutions, content.Prosecution{Articles: []string{"280.4"}, Stage: "investigation"})
	c.Normalize()
	keys = nil
	for _, f := range Compare(a, c) {
		keys = append(keys, f.Key)
	}
	if want := []string{"prosecutions.2.articles", "prosecutions.2.stage"}; !slices.Equal(keys, want) {
		t.Errorf("added: changed %v, want %v (the union of articles is derived and not shown apart)", keys, want)
	}
	// A case in the shape before prosecutions compares with its
	// normalized self as no change.
	old := &content.Case{Articles: []string{"280.3"}, Region: "moscow", DetainedOn: "2024-05", SentencedOn: "2024-09"}
	norm := old.Clone()
	norm.Normalize()
	if d := Compare(old, norm); len(d) != 0 {
		t.Errorf("old shape against itself normalized: %+v", d)
	}
}

// TestMergeProsecutions: two people working on one case's prosecutions.
func TestMergeProsecutions(t *testing.T) {
	base := withTwo()
	// One changes the second prosecution's term, the other its court and
	// the headline: every change stays, nothing collides.
	th, yo := base.Clone(), base.Clone()
	th.Prosecutions[1].Sentence.Months = 80
	yo.Prosecutions[1].EN.Court = "Tver Regional Court"
	yo.EN.Headline = "New"
	r := Merge(base, th, yo)
	if p := r.Merged.Prosecutions[1]; p.Sentence.Months != 80 || p.EN.Court != "Tver Regional Court" || r.Merged.EN.Headline != "New" || len(r.Collisions()) != 0 {
		t.Errorf("field by field: %+v %+v", p, r.Fields)
	}
	// Both change the same term differently: one question, about that
	// field; either answer keeps the other field.
	th, yo = base.Clone(), base.Clone()
	th.Prosecutions[1].Sentence.Months = 80
	yo.Prosecutions[1].Sentence.Months = 90
	yo.Prosecutions[0].EN.Court = "Mine"
	r = Merge(base, th, yo)
	if c := r.Collisions(); len(c) != 1 || c[0].Key != "prosecutions.1.sentence.months" {
		t.Fatalf("collisions %+v", c)
	}
	if r.Merged.Prosecutions[1].Sentence.Months != 90 || r.Alternative.Prosecutions[1].Sentence.Months != 80 || r.Alternative.Prosecutions[0].EN.Court != "Mine" {
		t.Errorf("merged %+v, alternative %+v", r.Merged.Prosecutions, r.Alternative.Prosecutions)
	}
	form := r.Merged.Clone()
	if !CopyField(form, r.Alternative, "prosecutions.1.sentence.months") || form.Prosecutions[1].Sentence.Months != 80 || form.Prosecutions[0].EN.Court != "Mine" {
		t.Errorf("CopyField: %+v", form.Prosecutions)
	}
	// One adds a prosecution while the other edits the first: both stay.
	th, yo = base.Clone(), base.Clone()
	th.Prosecutions = append(th.Prosecutions, content.Prosecution{Articles: []string{"280.4"}})
	th.Normalize()
	yo.Prosecutions[0].EN.Court = "Mine"
	yo.Normalize()
	r = Merge(base, th, yo)
	if len(r.Merged.Prosecutions) != 3 || r.Merged.Prosecutions[0].EN.Court != "Mine" || len(r.Collisions()) != 0 {
		t.Errorf("add and edit: %+v %+v", r.Merged.Prosecutions, r.Fields)
	}
	if !slices.Contains(r.Merged.Articles, "280.4") {
		t.Errorf("the derived articles miss the added prosecution's: %v", r.Merged.Articles)
	}
	// Both add a prosecution: both are kept.
	th, yo = base.Clone(), base.Clone()
	th.Prosecutions = append(th.Prosecutions, content.Prosecution{Articles: []string{"280.4"}})
	yo.Prosecutions = append(yo.Prosecutions, content.Prosecution{Articles: []string{"282.2"}})
	r = Merge(base, th, yo)
	if len(r.Merged.Prosecutions) != 4 || outcomeOf(r, ProsecutionsKey) != Both {
		t.Errorf("both add: %d prosecutions, %+v", len(r.Merged.Prosecutions), r.Fields)
	}
	// One removes the second while the other edits it: a collision on
	// the list, the merge holds yours.
	th, yo = base.Clone(), base.Clone()
	th.Prosecutions = th.Prosecutions[:1]
	th.Normalize()
	yo.Prosecutions[1].EN.Court = "Mine"
	r = Merge(base, th, yo)
	if c := r.Collisions(); len(c) != 1 || c[0].Key != ProsecutionsKey || len(r.Merged.Prosecutions) != 2 || len(r.Alternative.Prosecutions) != 1 {
		t.Errorf("remove against edit: %+v", r.Fields)
	}
	if len(FieldWords(base, r.Alternative, ProsecutionsKey)) == 0 || !IsField(ProsecutionsKey) || !IsField("prosecutions.1.court_en") || IsField("prosecutions.x.court_en") {
		t.Error("the list's key is not a field")
	}
}

// TestMergeOldShapeStaysOld: merging revisions written before
// prosecutions gives a case of that shape, so that an old case saved
// after a conflict is written as it would have been.
func TestMergeOldShapeStaysOld(t *testing.T) {
	base := &content.Case{Articles: []string{"280.3"}, Region: "moscow", DetainedOn: "2024-05", EN: content.Text{Name: "A"}}
	th, yo := base.Clone(), base.Clone()
	th.Region = "tver-oblast"
	yo.EN.Name = "B"
	r := Merge(base, th, yo)
	if r.Merged.Prosecutions != nil || r.Merged.Region != "tver-oblast" || r.Merged.EN.Name != "B" || outcomeOf(r, "region") != Theirs {
		t.Errorf("merged %+v, fields %+v", r.Merged, r.Fields)
	}
}
