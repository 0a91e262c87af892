// Package content defines a case profile's content as the case JSON of the
// design (import, export, open data and revisions all use it), with its
// validation and the partial dates it carries.
package content

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"casebook/markdown"
)

// mediaURL is the only form a photo address takes: an image stored by
// Casebook itself, never one on another host.
var mediaURL = regexp.MustCompile(`^/media/[0-9a-f]{64}\.(jpg|png)$`)

// MediaHash returns the content hash in a photo address, or "".
func MediaHash(u string) string {
	if !mediaURL.MatchString(u) {
		return ""
	}
	return u[len("/media/") : len("/media/")+64]
}

// validURL accepts absolute http and https addresses only: a source is
// something a reader can open, and nothing else may become a link.
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 2000
}

// Lang is a content language. Casebook publishes in Russian and English.
type Lang string

const (
	RU Lang = "ru"
	EN Lang = "en"
)

// Langs lists the content languages in their display order.
func Langs() []Lang { return []Lang{RU, EN} }

// ParseLang returns the language named by s, and whether it is one.
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case RU, EN:
		return Lang(s), true
	}
	return "", false
}

// Other is the other content language.
func (l Lang) Other() Lang {
	if l == RU {
		return EN
	}
	return RU
}

// Custodies are the kinds of custody a person may be in.
func Custodies() []string {
	return []string{"pretrial_detention", "house_arrest", "serving_sentence", "psychiatric_treatment", "restricted_freedom", "released"}
}

// Case is the whole content of one revision of a case profile: one
// person, with the facts about them and their prosecutions.
type Case struct {
	Slug         string `json:"slug"`
	Status       string `json:"status"`
	RecognizedOn Date   `json:"recognized_on"`
	// Region, Articles, DetainedOn and SentencedOn are derived from the
	// prosecutions (see Summarize) whenever the case has them: Normalize
	// overwrites them, so change the prosecutions instead. A case without
	// prosecutions (written before them) is one prosecution made of these
	// four (see EffectiveProsecutions).
	Region      string   `json:"region"`
	Articles    []string `json:"articles"`
	Categories  []string `json:"categories"`
	DetainedOn  Date     `json:"detained_on"`
	SentencedOn Date     `json:"sentenced_on"`
	// Gender is one of Genders, or "" when not stated.
	Gender string `json:"gender"`
	// BornOn is the date of birth; the public sees its day and month only
	// with BirthdayPublic, else its year (see Public).
	BornOn         Date `json:"born_on"`
	BirthdayPublic bool `json:"birthday_public"`
	// Citizenship lists ISO 3166 alpha-2 codes ("RU", "UA").
	Citizenship            []string        `json:"citizenship"`
	Custody                string          `json:"custody"`
	PlaceOfDetention       string          `json:"place_of_detention"`
	LetterAddress          string          `json:"letter_address"`
	LetterAddressCheckedOn Date            `json:"letter_address_checked_on"`
	Photo                  Photo           `json:"photo"`
	Sources                []Source        `json:"sources"`
	RU                     Text            `json:"ru"`
	EN                     Text            `json:"en"`
	Timeline               []TimelineEntry `json:"timeline"`
	// Prosecutions are the person's prosecutions in order; absent from a
	// case written before them and from one that holds no prosecution
	// data at all.
	Prosecutions []Prosecution `json:"prosecutions,omitempty"`
}

// Photo is the case's portrait; uploads come in a later issue.
type Photo struct {
	URL    string `json:"url"`
	Credit string `json:"credit"`
}

// Source is a published source the profile relies on.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Text is everything of a profile that is written per language.
type Text struct {
	Name      string `json:"name"`
	Headline  string `json:"headline"`
	Statement string `json:"statement"`
	Body      string `json:"body"`
	Sentence  string `json:"sentence"`
	Locality  string `json:"locality"`
	PhotoAlt  string `json:"photo_alt"`
	// Occupation is what the person does or did ("blogger").
	Occupation string `json:"occupation"`
}

// TimelineEntry is one dated event of the case in both languages.
type TimelineEntry struct {
	Date Date   `json:"date"`
	RU   string `json:"ru"`
	EN   string `json:"en"`
}

// Text returns the texts of the given language.
func (c *Case) Text(l Lang) *Text {
	if l == EN {
		return &c.EN
	}
	return &c.RU
}

// Complete reports whether the language has what a public page needs:
// name, headline and body.
func (t Text) Complete() bool {
	return strings.TrimSpace(t.Name) != "" && strings.TrimSpace(t.Headline) != "" && strings.TrimSpace(t.Body) != ""
}

// CompleteLangs lists the languages whose required fields are filled.
func (c *Case) CompleteLangs() []Lang {
	var out []Lang
	for _, l := range Langs() {
		if c.Text(l).Complete() {
			out = append(out, l)
		}
	}
	return out
}

// DisplayName is the person's name in l, or in the other language when l has
// none yet, so that studio lists never show an empty line.
func (c *Case) DisplayName(l Lang) string {
	if n := strings.TrimSpace(c.Text(l).Name); n != "" {
		return n
	}
	return strings.TrimSpace(c.Text(l.Other()).Name)
}

// TimelineText is the entry's text in l.
func (e TimelineEntry) Text(l Lang) string {
	if l == EN {
		return e.EN
	}
	return e.RU
}

// Normalize trims text and replaces nil lists with empty ones, so that the
// JSON of every revision has the same shape. It gives a case written before
// prosecutions the one made of its top-level fields, drops prosecutions
// left empty, and derives the top-level articles, region, detained_on and
// sentenced_on from the prosecutions (Summarize): after it, the
// prosecutions are what the case says, and a case with no prosecution data
// at all has none.
func (c *Case) Normalize() {
	c.Slug = strings.TrimSpace(c.Slug)
	c.Status = strings.TrimSpace(c.Status)
	c.Region = strings.TrimSpace(c.Region)
	c.Custody = strings.TrimSpace(c.Custody)
	c.Articles = cleanList(c.Articles)
	c.Categories = cleanList(c.Categories)
	c.Gender = strings.TrimSpace(c.Gender)
	c.BornOn = Date(strings.TrimSpace(string(c.BornOn)))
	for i, code := range c.Citizenship {
		c.Citizenship[i] = strings.ToUpper(code)
	}
	c.Citizenship = cleanList(c.Citizenship)
	var ps []Prosecution
	for _, p := range c.EffectiveProsecutions() {
		p.normalize()
		if !p.IsZero() {
			ps = append(ps, p)
		}
	}
	c.Prosecutions = ps
	sum := Summarize(ps)
	c.Articles, c.Region, c.DetainedOn, c.SentencedOn = sum.Articles, sum.Region, sum.DetainedOn, sum.SentencedOn
	// Rows left empty in the form are not rows.
	sources := []Source{}
	for _, src := range c.Sources {
		src.Title, src.URL = strings.TrimSpace(src.Title), strings.TrimSpace(src.URL)
		if src.Title != "" || src.URL != "" {
			sources = append(sources, src)
		}
	}
	c.Sources = sources
	timeline := []TimelineEntry{}
	for _, e := range c.Timeline {
		e.Date = Date(strings.TrimSpace(string(e.Date)))
		e.RU, e.EN = strings.TrimSpace(e.RU), strings.TrimSpace(e.EN)
		if e.Date != "" || e.RU != "" || e.EN != "" {
			timeline = append(timeline, e)
		}
	}
	c.Timeline = timeline
	c.PlaceOfDetention = strings.TrimSpace(c.PlaceOfDetention)
	c.LetterAddress = strings.TrimSpace(strings.ReplaceAll(c.LetterAddress, "\r\n", "\n"))
	c.Photo.URL, c.Photo.Credit = strings.TrimSpace(c.Photo.URL), strings.TrimSpace(c.Photo.Credit)
	for _, l := range Langs() {
		t := c.Text(l)
		t.Name = strings.TrimSpace(t.Name)
		t.Headline = strings.TrimSpace(t.Headline)
		t.Statement = strings.TrimSpace(t.Statement)
		t.Body = strings.TrimSpace(strings.ReplaceAll(t.Body, "\r\n", "\n"))
		t.Sentence = strings.TrimSpace(t.Sentence)
		t.Locality = strings.TrimSpace(t.Locality)
		t.PhotoAlt = strings.TrimSpace(t.PhotoAlt)
		t.Occupation = strings.TrimSpace(t.Occupation)
	}
}

func cleanList(in []string) []string {
	out := []string{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// FieldErrors maps a form field name to what is wrong with its value.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + fe[k])
	}
	return b.String()
}

// Validate checks the values a person cannot be trusted to get right and
// returns the problems by form field name, or nil. Messages are message
// catalog keys, translated by the view.
func (c *Case) Validate() FieldErrors { return c.ValidateAt(time.Now()) }

// ValidateAt is Validate on the day of now, which a date of birth must
// not be after.
func (c *Case) ValidateAt(now time.Time) FieldErrors {
	fe := FieldErrors{}
	c.validateFacts(fe, now)
	if c.RU.Name == "" && c.EN.Name == "" {
		fe["name_ru"] = "error.name_required"
		fe["name_en"] = "error.name_required"
	}
	if c.Custody != "" && !slices.Contains(Custodies(), c.Custody) {
		fe["custody"] = "error.unknown_value"
	}
	for field, d := range map[string]Date{
		"recognized_on":             c.RecognizedOn,
		"detained_on":               c.DetainedOn,
		"sentenced_on":              c.SentencedOn,
		"letter_address_checked_on": c.LetterAddressCheckedOn,
	} {
		if _, err := ParseDate(string(d)); err != nil {
			fe[field] = "error.date"
		}
	}
	for _, l := range Langs() {
		t := c.Text(l)
		for field, v := range map[string]struct {
			s   string
			max int
		}{
			"name_": {t.Name, 200}, "headline_": {t.Headline, 500}, "statement_": {t.Statement, 5000},
			"sentence_": {t.Sentence, 500}, "locality_": {t.Locality, 200}, "photo_alt_": {t.PhotoAlt, 500},
		} {
			if len([]rune(v.s)) > v.max {
				fe[field+string(l)] = "error.too_long"
			}
		}
		// The body is Markdown: counted in bytes, as the renderer reads
		// it, so that whatever is stored renders whole.
		if len(t.Body) > markdown.MaxSource {
			fe["body_"+string(l)] = "error.body_too_long"
		}
	}
	if len(c.Articles) > 50 || len(c.Categories) > 50 {
		fe["articles"] = "error.unknown_value"
	}
	for i, e := range c.Timeline {
		key := "timeline_date_" + strconv.Itoa(i)
		if e.Date == "" {
			fe[key] = "error.timeline_date"
		} else if _, err := ParseDate(string(e.Date)); err != nil {
			fe[key] = "error.date"
		}
		if len([]rune(e.RU)) > 2000 || len([]rune(e.EN)) > 2000 {
			fe["timeline_ru_"+strconv.Itoa(i)] = "error.too_long"
		}
	}
	for i, src := range c.Sources {
		if !validURL(src.URL) {
			fe["source_url_"+strconv.Itoa(i)] = "error.url"
		}
		if len([]rune(src.Title)) > 300 {
			fe["source_title_"+strconv.Itoa(i)] = "error.too_long"
		}
	}
	if c.Photo.URL != "" && !mediaURL.MatchString(c.Photo.URL) {
		fe["photo"] = "error.photo_url"
	}
	for field, v := range map[string]string{"place_of_detention": c.PlaceOfDetention, "letter_address": c.LetterAddress, "photo_credit": c.Photo.Credit} {
		if len([]rune(v)) > 1000 {
			fe[field] = "error.too_long"
		}
	}
	if len(c.Sources) > 100 || len(c.Timeline) > 500 {
		fe["sources"] = "error.too_many"
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// Equal reports whether c and o hold the same content, field for field as
// the case JSON writes them.
func (c *Case) Equal(o *Case) bool {
	a, err := json.Marshal(c)
	if err != nil {
		panic(err) // a Case always marshals
	}
	b, err := json.Marshal(o)
	if err != nil {
		panic(err)
	}
	return string(a) == string(b)
}

// Clone returns a deep copy, so that a form can start from a revision's
// content without changing it.
func (c *Case) Clone() *Case {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // a Case always marshals
	}
	var out Case
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return &out
}
