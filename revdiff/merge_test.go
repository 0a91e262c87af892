package revdiff

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"casebook/content"
)

func photoURL(c byte) string { return "/media/" + strings.Repeat(string(c), 64) + ".jpg" }

func sample() *content.Case {
	c := &content.Case{
		Slug: "a", Status: "probable_victim", RecognizedOn: "2024", Region: "moscow", Articles: []string{"280.3"}, Categories: []string{"anti-war"},
		DetainedOn: "2024-05", SentencedOn: "2024-09", Custody: "serving_sentence", PlaceOfDetention: "IK-1", LetterAddress: "Street 1",
		LetterAddressCheckedOn: "2024-11", Photo: content.Photo{URL: photoURL('a'), Credit: "Family"},
		Sources:  []content.Source{{Title: "T", URL: "https://example.org/"}},
		RU:       content.Text{Name: "Имя", Headline: "Лид", Statement: "С", Body: "Т", Sentence: "2 года", Locality: "Город", PhotoAlt: "Фото"},
		EN:       content.Text{Name: "Name", Headline: "Lede", Statement: "S", Body: "B", Sentence: "2 years", Locality: "Town", PhotoAlt: "Photo"},
		Timeline: []content.TimelineEntry{{Date: "2024-05", RU: "Арест", EN: "Arrest"}},
	}
	c.Normalize()
	return c
}

// first is the case's first prosecution, where its articles, region and
// dates live (the top-level ones are derived: call Normalize after).
func first(c *content.Case) *content.Prosecution { return &c.Prosecutions[0] }

func outcomeOf(r *MergeResult, key string) Outcome {
	for _, f := range r.Fields {
		if f.Key == key {
			return f.Outcome
		}
	}
	return Unchanged
}

// TestMergeEachKindOfField runs the four cases (only yours changed, only
// theirs, both the same, both differently) over a field of each kind.
func TestMergeEachKindOfField(t *testing.T) {
	type kind struct {
		key string
		// set changes the field of c to a value named by v.
		set func(c *content.Case, v string)
	}
	kinds := []kind{
		{"headline_en", func(c *content.Case, v string) { c.EN.Headline = v }},
		{"body_ru", func(c *content.Case, v string) { c.RU.Body = "## " + v }},
		{"detained_on", func(c *content.Case, v string) {
			first(c).DetainedOn = content.Date(map[string]string{"mine": "2023", "theirs": "2022"}[v])
			c.Normalize()
		}},
		{"status", func(c *content.Case, v string) { c.Status = v }},
		{"slug", func(c *content.Case, v string) { c.Slug = v }},
		{"photo", func(c *content.Case, v string) { c.Photo = content.Photo{URL: photoURL(v[0]), Credit: v} }},
		{"sources", func(c *content.Case, v string) { c.Sources[0].Title = v }},
		{"timeline", func(c *content.Case, v string) { c.Timeline[0].EN = v }},
	}
	for _, k := range kinds {
		base := sample()
		mine, theirs := base.Clone(), base.Clone()
		k.set(mine, "mine")
		k.set(theirs, "theirs")
		same := base.Clone()
		k.set(same, "mine")
		cases := []struct {
			name     string
			t, y     *content.Case
			want     *content.Case
			alt      *content.Case
			outcome  Outcome
			nFields  int
			collides bool
		}{
			{"only yours", base, mine, mine, mine, Yours, 1, false},
			{"only theirs", theirs, base, theirs, theirs, Theirs, 1, false},
			{"both the same", same, mine, mine, mine, Same, 1, false},
			{"both differently", theirs, mine, mine, theirs, Collision, 1, true},
			{"neither", base, base.Clone(), base, base, Unchanged, 0, false},
		}
		for _, tc := range cases {
			r := Merge(base, tc.t, tc.y)
			if !r.Merged.Equal(tc.want) {
				t.Errorf("%s, %s: merged %+v", k.key, tc.name, r.Merged)
			}
			if !r.Alternative.Equal(tc.alt) {
				t.Errorf("%s, %s: alternative %+v", k.key, tc.name, r.Alternative)
			}
			if got := outcomeOf(r, k.key); got != tc.outcome || len(r.Fields) != tc.nFields {
				t.Errorf("%s, %s: outcome %v, fields %+v", k.key, tc.name, got, r.Fields)
			}
			if got := len(r.Collisions()) > 0; got != tc.collides {
				t.Errorf("%s, %s: collisions %+v", k.key, tc.name, r.Collisions())
			}
		}
	}
}

// TestMergeKeepsBothSidesApart: the case. They changed the
// headline; you changed the body and the region: all three survive.
func TestMergeKeepsBothSidesApart(t *testing.T) {
	base := sample()
	theirs := base.Clone()
	theirs.EN.Headline = "Their headline"
	first(theirs).Articles = append(first(theirs).Articles, "207.3")
	theirs.Normalize()
	yours := base.Clone()
	yours.EN.Body = "## Who\n\nMy long addition."
	first(yours).Region = "arkhangelsk-oblast"
	first(yours).Articles = append(first(yours).Articles, "205.2")
	yours.Normalize()
	r := Merge(base, theirs, yours)
	want := base.Clone()
	want.EN.Headline = theirs.EN.Headline
	want.EN.Body = yours.EN.Body
	first(want).Region = "arkhangelsk-oblast"
	first(want).Articles = []string{"280.3", "207.3", "205.2"}
	want.Normalize()
	if !r.Merged.Equal(want) {
		t.Errorf("merged %+v", r.Merged)
	}
	got := map[string]Outcome{}
	for _, f := range r.Fields {
		got[f.Key] = f.Outcome
	}
	if want := map[string]Outcome{"headline_en": Theirs, "body_en": Yours, "region": Yours, "articles": Both}; !reflect.DeepEqual(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	if len(r.Collisions()) != 0 {
		t.Errorf("collisions %+v", r.Collisions())
	}
}

func TestMergeSets(t *testing.T) {
	for _, tc := range []struct {
		name             string
		base, t, y, want []string
		outcome          Outcome
	}{
		{"both add", []string{"a"}, []string{"a", "b"}, []string{"a", "c"}, []string{"a", "b", "c"}, Both},
		{"both add the same", []string{"a"}, []string{"a", "b"}, []string{"b", "a"}, []string{"a", "b"}, Same},
		{"they remove, you add", []string{"a", "b"}, []string{"b"}, []string{"a", "b", "c"}, []string{"b", "c"}, Both},
		{"you remove, they add", []string{"a", "b"}, []string{"a", "b", "c"}, []string{"b"}, []string{"b", "c"}, Both},
		{"both remove one each", []string{"a", "b", "c"}, []string{"a", "c"}, []string{"a", "b"}, []string{"a"}, Both},
		{"only you", []string{"a"}, []string{"a"}, []string{}, []string{}, Yours},
		{"only they", []string{"a"}, []string{"a", "b"}, []string{"a"}, []string{"a", "b"}, Theirs},
		{"order is no change", []string{"a", "b"}, []string{"b", "a"}, []string{"a", "b"}, []string{"b", "a"}, Unchanged},
	} {
		base := sample()
		first(base).Articles = tc.base
		th, yo := base.Clone(), base.Clone()
		first(th).Articles, first(yo).Articles = tc.t, tc.y
		r := Merge(base, th, yo)
		if !slices.Equal(first(r.Merged).Articles, tc.want) || !slices.Equal(first(r.Alternative).Articles, tc.want) {
			t.Errorf("%s: merged %q, alternative %q, want %q", tc.name, first(r.Merged).Articles, first(r.Alternative).Articles, tc.want)
		}
		if got := outcomeOf(r, "articles"); got != tc.outcome {
			t.Errorf("%s: outcome %v, want %v", tc.name, got, tc.outcome)
		}
		if len(r.Collisions()) > 0 {
			t.Errorf("%s: sets never collide: %+v", tc.name, r.Collisions())
		}
	}
}

func src(titles ...string) []content.Source {
	out := []content.Source{}
	for _, s := range titles {
		title, url, _ := strings.Cut(s, "|")
		if url == "" {
			url = "https://example.org/" + title
		}
		out = append(out, content.Source{Title: title, URL: url})
	}
	return out
}

func TestMergeRowsOfSources(t *testing.T) {
	for _, tc := range []struct {
		name       string
		base, t, y []content.Source
		mine, alt  []content.Source
		outcome    Outcome
	}{
		{"both append", src("a"), src("a", "b"), src("a", "c"), src("a", "b", "c"), src("a", "b", "c"), Both},
		{"both append the same", src("a"), src("a", "b"), src("a", "b"), src("a", "b"), src("a", "b"), Same},
		{"both append, one row the same", src("a"), src("a", "b", "c"), src("a", "c", "d"), src("a", "b", "c", "d"), src("a", "b", "c", "d"), Both},
		{"they edit, you append", src("a", "b"), src("a", "B|https://example.org/b"), src("a", "b", "c"), src("a", "B|https://example.org/b", "c"), src("a", "B|https://example.org/b", "c"), Both},
		{"they delete, you append", src("a", "b"), src("b"), src("a", "b", "c"), src("b", "c"), src("b", "c"), Both},
		{"different cells of one row", src("a", "b"), src("a", "B|https://example.org/b"), src("a", "b|https://b.example/"), src("a", "B|https://b.example/"), src("a", "B|https://b.example/"), Both},
		{"one cell both ways", src("a", "b"), src("a", "B"), src("a", "bb"), src("a", "bb"), src("a", "B"), Collision},
		{"they delete what you edit", src("a", "b"), src("a"), src("a", "bb"), src("a", "bb"), src("a"), Collision},
		{"a collision leaves the rest merged", src("a", "b", "c"), src("A|https://example.org/a", "b", "cc"), src("a", "b", "c2", "d"), src("A|https://example.org/a", "b", "c2", "d"), src("A|https://example.org/a", "b", "cc"), Collision},
		{"only yours", src("a"), src("a"), src(), src(), src(), Yours},
		{"only theirs", src("a"), src("a", "b"), src("a"), src("a", "b"), src("a", "b"), Theirs},
		{"from nothing", src(), src("b"), src("c"), src("b", "c"), src("b", "c"), Both},
	} {
		base := sample()
		base.Sources = tc.base
		th, yo := base.Clone(), base.Clone()
		th.Sources, yo.Sources = tc.t, tc.y
		r := Merge(base, th, yo)
		if !slices.Equal(r.Merged.Sources, tc.mine) {
			t.Errorf("%s: merged %v, want %v", tc.name, r.Merged.Sources, tc.mine)
		}
		if !slices.Equal(r.Alternative.Sources, tc.alt) {
			t.Errorf("%s: alternative %v, want %v", tc.name, r.Alternative.Sources, tc.alt)
		}
		if got := outcomeOf(r, "sources"); got != tc.outcome {
			t.Errorf("%s: outcome %v, want %v", tc.name, got, tc.outcome)
		}
	}
}

// TestMergeTimelineCellByCell: a translator adds the English of an event
// while a researcher corrects its Russian; both stay.
func TestMergeTimelineCellByCell(t *testing.T) {
	base := sample()
	base.Timeline = []content.TimelineEntry{{Date: "2024-05", RU: "Задержан", EN: ""}, {Date: "2024-09-19", RU: "Приговор"}}
	th, yo := base.Clone(), base.Clone()
	th.Timeline[0].EN = "Detained"
	yo.Timeline[0].RU = "Задержан в Архангельске"
	yo.Timeline = append(yo.Timeline, content.TimelineEntry{Date: "2024-11", RU: "Этап"})
	r := Merge(base, th, yo)
	want := []content.TimelineEntry{{Date: "2024-05", RU: "Задержан в Архангельске", EN: "Detained"}, {Date: "2024-09-19", RU: "Приговор"}, {Date: "2024-11", RU: "Этап"}}
	if !slices.Equal(r.Merged.Timeline, want) || outcomeOf(r, "timeline") != Both {
		t.Errorf("merged %+v (%v)", r.Merged.Timeline, outcomeOf(r, "timeline"))
	}
}

// TestMergeKeepsAnUploadedPhoto: a photo sent with a stale form is yours
// for the photo field; it is kept unless they changed the photo too, and
// then it is what the form shows until the person decides.
func TestMergeKeepsAnUploadedPhoto(t *testing.T) {
	base := sample()
	yo := base.Clone()
	yo.Photo.URL = photoURL('b')
	th := base.Clone()
	th.EN.Headline = "Theirs"
	if r := Merge(base, th, yo); r.Merged.Photo.URL != photoURL('b') || r.Merged.EN.Headline != "Theirs" || outcomeOf(r, "photo") != Yours {
		t.Errorf("uploaded photo lost: %+v", r.Merged.Photo)
	}
	th.Photo.Credit = "Their credit"
	r := Merge(base, th, yo)
	if r.Merged.Photo != yo.Photo || r.Alternative.Photo != th.Photo || outcomeOf(r, "photo") != Collision {
		t.Errorf("photo against credit: merged %+v, alternative %+v", r.Merged.Photo, r.Alternative.Photo)
	}
	// Removing the photo removes its alt texts: they collide only where
	// the other side changed them.
	removed := base.Clone()
	removed.Photo, removed.RU.PhotoAlt, removed.EN.PhotoAlt = content.Photo{}, "", ""
	th = base.Clone()
	th.EN.PhotoAlt = "Better alt"
	r = Merge(base, th, removed)
	if r.Merged.Photo != (content.Photo{}) || r.Merged.RU.PhotoAlt != "" || outcomeOf(r, "photo_alt_en") != Collision {
		t.Errorf("removed photo: %+v", r.Fields)
	}
}

// TestMergeWithoutBase: when the form's revision is unknown, nothing can
// be told apart, so every difference is asked about.
func TestMergeWithoutBase(t *testing.T) {
	th, yo := sample(), sample()
	th.EN.Headline = "Theirs"
	first(yo).Articles = []string{"207.3"}
	yo.Normalize()
	yo.Sources = src("x")
	r := Merge(nil, th, yo)
	var keys []string
	for _, f := range r.Collisions() {
		keys = append(keys, f.Key)
	}
	if want := []string{"articles", "headline_en", "sources"}; !slices.Equal(keys, want) || len(r.Fields) != 3 {
		t.Errorf("collisions %v, want %v", keys, want)
	}
	if !r.Merged.Equal(yo) || !r.Alternative.Equal(th) {
		t.Errorf("without a base the merge holds yours, the alternative theirs")
	}
}

// leaves lists the string fields of v with their paths, settable in
// place, walking structs and the rows of slices.
func leaves(t *testing.T, path string, v reflect.Value, out *[]string, set *[]reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			leaves(t, path+"."+v.Type().Field(i).Name, v.Field(i), out, set)
		}
	case reflect.Slice:
		if v.Len() == 0 {
			t.Fatalf("%s: give the sample a row, so that its fields are walked", path)
		}
		for i := range v.Len() {
			leaves(t, fmt.Sprintf("%s[%d]", path, i), v.Index(i), out, set)
		}
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64:
		*out = append(*out, path)
		*set = append(*set, v)
	default:
		t.Errorf("%s: a field of kind %s is not covered by this test yet", path, v.Kind())
	}
}

// TestMergeCoversEveryField changes every field of the case type, found by
// walking it, on one side at a time and on both: a field added to the case
// later and forgotten in the merge would be dropped or reverted.
func TestMergeCoversEveryField(t *testing.T) {
	base := sample()
	base.Gender, base.BornOn, base.Citizenship = "male", "1972", []string{"RU"}
	base.RU.Occupation, base.EN.Occupation = "блогер", "blogger"
	full := content.Prosecution{
		Group: "g", Articles: []string{"280.3 ч.1"}, Region: "moscow", OpenedOn: "2024-04", DetainedOn: "2024-05", VerdictOn: "2024-09", Stage: "sentenced",
		Sentence: content.Sentence{Kind: "colony", Months: 20, Regime: "general", FineRub: 1, ReleaseExpectedOn: "2026", ReleasedOn: "2025", ReleasedHow: "parole"},
		RU:       content.ProsecutionText{Court: "Суд", Judge: "Судья", Prosecutor: "Прокурор", Note: "Н"},
		EN:       content.ProsecutionText{Court: "Court", Judge: "Judge", Prosecutor: "Prosecutor", Note: "N"},
	}
	second := full
	second.Articles = []string{"207.3"}
	base.Prosecutions = []content.Prosecution{full, second}
	base.Normalize()
	// The top-level articles, region and dates are derived from the
	// prosecutions; their changes are walked there.
	derived := []string{"Case.Region", "Case.DetainedOn", "Case.SentencedOn"}
	var paths []string
	var unused []reflect.Value
	leaves(t, "Case", reflect.ValueOf(base).Elem(), &paths, &unused)
	changed := func(i int, suffix string) *content.Case {
		c := base.Clone()
		var p []string
		var fields []reflect.Value
		leaves(t, "Case", reflect.ValueOf(c).Elem(), &p, &fields)
		switch f := fields[i]; f.Kind() {
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Int, reflect.Int64:
			f.SetInt(f.Int() + int64(len(suffix)*int(suffix[0])))
		default:
			f.SetString(f.String() + suffix)
		}
		c.Normalize()
		return c
	}
	for i, path := range paths {
		if slices.Contains(derived, path) || strings.HasPrefix(path, "Case.Articles[") {
			continue
		}
		th, yo := changed(i, "t"), changed(i, "y")
		if r := Merge(base, th, base); !r.Merged.Equal(th) || len(r.Fields) != 1 || r.Fields[0].Outcome != Theirs {
			t.Errorf("%s changed only by them: merged %+v", path, r.Fields)
		}
		if r := Merge(base, base, yo); !r.Merged.Equal(yo) || len(r.Fields) != 1 || r.Fields[0].Outcome != Yours {
			t.Errorf("%s changed only by you: merged %+v", path, r.Fields)
		}
		r := Merge(base, th, yo)
		if len(r.Fields) != 1 || r.Fields[0].Outcome == Theirs || r.Fields[0].Outcome == Yours {
			t.Errorf("%s changed by both: %+v", path, r.Fields)
		}
		if r.Fields[0].Outcome == Collision && (!r.Merged.Equal(yo) || !r.Alternative.Equal(th)) {
			t.Errorf("%s: a collision holds yours, the alternative theirs", path)
		}
		if keys := ChangedKeys(base, th); len(keys) != 1 || keys[0] != r.Fields[0].Key {
			t.Errorf("%s: changed keys %v", path, keys)
		}
		c := base.Clone()
		if !CopyField(c, th, r.Fields[0].Key) || !c.Equal(th) {
			t.Errorf("%s: CopyField(%s) does not copy it", path, r.Fields[0].Key)
		}
	}
	if len(paths) < 30 {
		t.Errorf("only %d fields walked", len(paths))
	}
}

// TestSecondSaveRevertsNothing: the form after a conflict holds the merge
// and is based on their revision; saving it, with each collision decided
// either way, keeps every change only they made.
func TestSecondSaveRevertsNothing(t *testing.T) {
	base := sample()
	th := base.Clone()
	th.EN.Headline = "Their headline"
	th.Custody = "released"
	th.Sources = append(th.Sources, content.Source{Title: "Theirs", URL: "https://t.example/"})
	th.RU.Body = "Их текст"
	yo := base.Clone()
	yo.EN.Body = "My body"
	yo.Sources = append(yo.Sources, content.Source{Title: "Mine", URL: "https://m.example/"})
	yo.RU.Body = "Мой текст"
	r := Merge(base, th, yo)
	for _, keep := range []string{"mine", "theirs"} {
		form := r.Merged.Clone()
		for _, f := range r.Collisions() {
			if keep == "theirs" {
				// As the handler decides: the rows and values of the
				// merge with their side of each collision.
				CopyField(form, Merge(base, th, form).Alternative, f.Key)
			}
		}
		// The second save is based on their revision: a plain save.
		second := Merge(th, th, form).Merged
		if second.EN.Headline != th.EN.Headline || second.Custody != th.Custody {
			t.Errorf("keep %s: their change reverted: %q, %q", keep, second.EN.Headline, second.Custody)
		}
		if !slices.Contains(second.Sources, th.Sources[1]) || !slices.Contains(second.Sources, yo.Sources[1]) {
			t.Errorf("keep %s: sources %v", keep, second.Sources)
		}
		if second.EN.Body != "My body" {
			t.Errorf("keep %s: your change lost", keep)
		}
		if want := map[string]string{"mine": "Мой текст", "theirs": "Их текст"}[keep]; second.RU.Body != want {
			t.Errorf("keep %s: body %q", keep, second.RU.Body)
		}
	}
}

// rowsOf splits a fuzz string into rows.
func rowsOf(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func FuzzMergeRows(f *testing.F) {
	f.Add("a,b,c", "a,b,c,d", "a,x,c")
	f.Add("a,b", "b", "a,b,c")
	f.Add("", "x", "y")
	f.Add("a,a,b", "a,b", "a,a,b,b")
	f.Fuzz(func(t *testing.T, b, th, yo string) {
		base, theirs, yours := rowsOf(b), rowsOf(th), rowsOf(yo)
		cells := func(b, t, y string) (string, string, bool) { return cell(b, t, y) }
		mine, alt, collide := MergeRows(base, theirs, yours, cells)
		switch {
		case slices.Equal(base, theirs) && (!slices.Equal(mine, yours) || collide):
			t.Fatalf("only yours changed: %q", mine)
		case slices.Equal(base, yours) && (!slices.Equal(mine, theirs) || collide):
			t.Fatalf("only theirs changed: %q", mine)
		case slices.Equal(theirs, yours) && (!slices.Equal(mine, theirs) || collide):
			t.Fatalf("both the same: %q", mine)
		case !collide && !slices.Equal(mine, alt):
			t.Fatalf("no collision, yet %q and %q", mine, alt)
		}
		// Rows only one side has, and the other never had, are in the
		// merge unless they collide: nothing added is dropped.
		if !collide {
			for _, side := range [][]string{theirs, yours} {
				for _, row := range side {
					if !slices.Contains(base, row) && !slices.Contains(mine, row) {
						t.Fatalf("added row %q dropped: %q", row, mine)
					}
				}
			}
		}
	})
}
