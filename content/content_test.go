package content

import (
	"regexp"
	"strings"
	"testing"

	"casebook/markdown"
)

func TestParseDate(t *testing.T) {
	for _, ok := range []string{"", "2024", "2024-05", "2024-09-19", "2024-02-29", " 2024-05 "} {
		if _, err := ParseDate(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"2024-13-45", "May", "2024-13", "2023-02-29", "2024-5", "24", "2024-05-1", "2024/05/01", "+024", "2024-00", "2024-05-00", "2024-05-19-1", "１９９９", "2024-0a", "99999"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFormatDate(t *testing.T) {
	cases := []struct {
		d      Date
		ru, en string
	}{
		{"2024", "2024", "2024"},
		{"2024-05", "май 2024", "May 2024"},
		{"2024-09-19", "19 сентября 2024", "19 September 2024"},
		{"2022-03-01", "1 марта 2022", "1 March 2022"},
		{"", "", ""},
	}
	for _, c := range cases {
		if got := c.d.Format(RU); got != c.ru {
			t.Errorf("%s ru: %q, want %q", c.d, got, c.ru)
		}
		if got := c.d.Format(EN); got != c.en {
			t.Errorf("%s en: %q, want %q", c.d, got, c.en)
		}
	}
}

func TestMakeSlug(t *testing.T) {
	cases := []struct {
		c    Case
		want string
	}{
		{Case{EN: Text{Name: "Aleksandr Akimushkin"}, RU: Text{Name: "Александр Акимушкин"}}, "aleksandr-akimushkin"},
		{Case{RU: Text{Name: "Александр Акимушкин"}}, "aleksandr-akimushkin"},
		{Case{RU: Text{Name: "Эльдар Щербаков-Хабибуллин"}}, "eldar-shcherbakov-khabibullin"},
		{Case{RU: Text{Name: "<script>"}}, "script"},
		{Case{}, "case"},
		{Case{EN: Text{Name: "!!!"}}, "case"},
	}
	for _, c := range cases {
		if got := MakeSlug(&c.c); got != c.want {
			t.Errorf("%q/%q: %q, want %q", c.c.EN.Name, c.c.RU.Name, got, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	c := &Case{RU: Text{Name: "Имя"}, DetainedOn: "2024-13-45", Custody: "space",
		Sources:  []Source{{Title: "ok", URL: "https://example.org/a"}, {Title: "bad", URL: "javascript:alert(1)"}, {URL: "example.org"}},
		Timeline: []TimelineEntry{{Date: "2024-05", RU: "x"}, {RU: "no date"}, {Date: "May", EN: "y"}},
		Photo:    Photo{URL: "https://evil.example/pixel.gif"},
	}
	fe := c.Validate()
	for _, f := range []string{"detained_on", "custody", "source_url_1", "source_url_2", "timeline_date_1", "timeline_date_2", "photo"} {
		if fe[f] == "" {
			t.Errorf("no error for %s", f)
		}
	}
	for _, f := range []string{"name_ru", "source_url_0", "timeline_date_0"} {
		if fe[f] != "" {
			t.Errorf("%s refused: %v", f, fe)
		}
	}
	if fe := (&Case{}).Validate(); fe["name_ru"] == "" {
		t.Errorf("empty case accepted")
	}
	ok := &Case{EN: Text{Name: "N"}, Status: "political_prisoner", DetainedOn: "2024-05"}
	if fe := ok.Validate(); fe != nil {
		t.Errorf("valid case refused: %v", fe)
	}
}

// TestValidateBodyBound: a body is refused beyond the bytes the Markdown
// renderer reads, so that nothing stored is cut when it renders; up to
// them it is taken, in whatever script.
func TestValidateBodyBound(t *testing.T) {
	for _, tc := range []struct {
		body string
		ok   bool
	}{
		{strings.Repeat("a", markdown.MaxSource), true},
		{strings.Repeat("ж", markdown.MaxSource/2), true},
		{strings.Repeat("a", markdown.MaxSource+1), false},
		{strings.Repeat("ж", markdown.MaxSource/2+1), false},
	} {
		c := &Case{EN: Text{Name: "N", Body: tc.body}, RU: Text{Name: "Н", Body: tc.body}}
		fe := c.Validate()
		for _, f := range []string{"body_en", "body_ru"} {
			if got := fe[f] == ""; got != tc.ok {
				t.Errorf("%d bytes: %s error %q", len(tc.body), f, fe[f])
			} else if !tc.ok && fe[f] != "error.body_too_long" {
				t.Errorf("%d bytes: %s says %q", len(tc.body), f, fe[f])
			}
		}
	}
}

func TestNormalizeDropsEmptyRows(t *testing.T) {
	c := &Case{Sources: []Source{{}, {Title: " t ", URL: ""}}, Timeline: []TimelineEntry{{}, {Date: " 2024 "}}}
	c.Normalize()
	if len(c.Sources) != 1 || c.Sources[0].Title != "t" || len(c.Timeline) != 1 || c.Timeline[0].Date != "2024" {
		t.Errorf("rows after Normalize: %+v %+v", c.Sources, c.Timeline)
	}
}

func TestMediaHash(t *testing.T) {
	h := strings.Repeat("ab", 32)
	if MediaHash("/media/"+h+".jpg") != h || MediaHash("/media/"+h+".gif") != "" || MediaHash("https://x/media/"+h+".jpg") != "" {
		t.Error("MediaHash accepts or refuses the wrong addresses")
	}
}

// FuzzParseDate: any text is either refused or a date that formats in both
// languages and parses back as itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024", "2024-05", "2024-09-19", "2024-13-45", "May", "", "2024-02-30", "+2024", "2024-5-1", "２０２４"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d2, err := ParseDate(string(d)); err != nil || d2 != d {
			t.Fatalf("%q parsed to %q, which does not parse back", s, d)
		}
		if d != "" && (d.Format(RU) == "" || d.Format(EN) == "") {
			t.Fatalf("%q formats to nothing", d)
		}
	})
}

var slugShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// FuzzMakeSlug: any name gives a slug of the shape the URLs accept.
func FuzzMakeSlug(f *testing.F) {
	for _, s := range []string{"Александр Акимушкин", "Эльдар Щербаков-Хабибуллин", "<script>", "", "!!!", "Ülkü Şahin", "李小龙", "a--b", strings.Repeat("я", 300)} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, en, ru string) {
		s := MakeSlug(&Case{EN: Text{Name: en}, RU: Text{Name: ru}})
		if !slugShape.MatchString(s) || len(s) > 80 {
			t.Fatalf("MakeSlug(%q, %q) = %q", en, ru, s)
		}
	})
}
