package handlers

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"casebook/content"
	"casebook/workflow"
)

// The case form's person facts and prosecutions. Their inputs are named
// as the design says (content.ProsecutionKey: the first prosecution keeps
// the names the form had before prosecutions, "articles", "region",
// "detained_on" and "sentenced_on"); the buttons that add and remove a
// prosecution send the form to be shown again, so that both work without
// a script.
const (
	formProsecutionAdd    = "prosecution_add"
	formProsecutionRemove = "prosecution_remove"
)

// formRights are what the person may change in a case form beyond what
// every editor of the case may.
type formRights struct {
	// slug: the public address (workflow.CanEditSlug).
	slug bool
	// birthday: whether the day and month of birth are public
	// (workflow.CanPublishBirthday); without it the form's box is
	// ignored and the case keeps what it had.
	birthday bool
}

// rightsOf are the rights of a in a case form; slug is false on the new
// case form, which has no address yet.
func rightsOf(a workflow.Actor, slug bool) formRights {
	return formRights{slug: slug && workflow.CanEditSlug(a), birthday: workflow.CanPublishBirthday(a)}
}

// postedProsecutions is what a case form says of the prosecutions.
type postedProsecutions struct {
	// list holds the prosecutions the form filled in, in order; those
	// left empty are counted in empty, and one removed by its button is
	// gone.
	list  []content.Prosecution
	empty int
	// raw holds, by input name as list numbers them, the text of a number
	// that did not read as one (the prosecution then holds -1, which
	// validation refuses beside the input), so that the form shows it
	// back as typed.
	raw map[string]string
	// asked is set when the person pressed a button that adds or removes
	// a prosecution rather than Save; add when it was the one that adds.
	asked, add bool
}

// readPersonFacts copies the person facts the form shows over cc. A form
// that does not show them (one made before them, which has no gender
// select) leaves them as they were, as it leaves every field it does not
// show.
func readPersonFacts(form url.Values, cc *content.Case, may formRights, raw map[string]string) {
	if !form.Has("gender") {
		return
	}
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	cc.Gender = get("gender")
	cc.BornOn = content.Date(get("born_on"))
	if may.birthday {
		cc.BirthdayPublic = form.Get("birthday_public") == "1"
	}
	cc.Citizenship = splitCodes(get("citizenship"))
	// Text that is no list of codes comes back as typed, beside its
	// error; codes that are, as the case holds them (upper case), so that
	// a merge on the conflict page is shown, not this form's text.
	for _, code := range cc.Citizenship {
		if !citizenshipCode.MatchString(strings.ToUpper(code)) {
			raw["citizenship"] = get("citizenship")
		}
	}
	for _, l := range content.Langs() {
		cc.Text(l).Occupation = get("occupation_" + string(l))
	}
}

// citizenshipCode is what validation takes as a citizenship code (see
// content's validation), once upper-cased.
var citizenshipCode = regexp.MustCompile(`^[A-Z]{2}$`)

// splitCodes reads citizenship codes separated by commas, semicolons or
// spaces.
func splitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
}

// splitArticles reads the articles of a prosecution from the values of
// its input, as the form writes them (views' joinArticles): each value is one article or several separated by commas or
// semicolons ("280.3 ч.1, 207.3"). A code starts with a digit, so a piece
// that does not belongs to the part before it ("213 ч.2 п. а, б").
func splitArticles(values []string) []string {
	var out []string
	for _, v := range values {
		for piece := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
			piece = strings.Join(strings.Fields(piece), " ")
			switch {
			case piece == "":
			case len(out) > 0 && !startsWithDigit(piece) && startsWithDigit(out[len(out)-1]):
				out[len(out)-1] += ", " + piece
			default:
				out = append(out, piece)
			}
		}
	}
	return out
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// formProsecutionCount is how many prosecutions a form shows: one more
// than the highest number its inputs name, 0 for a form that names none
// by number (one made before prosecutions).
func formProsecutionCount(form url.Values) int {
	n := 0
	for name := range form {
		if !strings.HasPrefix(name, "prosecutions.") {
			continue
		}
		if i, _, ok := content.ParseProsecutionKey(name); ok && i+1 > n {
			n = i + 1
		}
	}
	return n
}

// readProsecutions reads the prosecutions of a case form over base, the
// prosecutions of the revision the form rests on. A form that numbers
// its prosecutions says the whole list. One made before prosecutions
// (inputs "articles", "region", "detained_on", "sentenced_on" only)
// edits the first of base and leaves the others; it offered codes, so
// an article keeps the part base gave it (content.ArticlesByCodes).
func readProsecutions(form url.Values, base []content.Prosecution) postedProsecutions {
	out := postedProsecutions{raw: map[string]string{}}
	out.add = form.Get(formProsecutionAdd) != ""
	removed := -1
	if v := form.Get(formProsecutionRemove); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			removed = n
		}
	}
	out.asked = out.add || form.Has(formProsecutionRemove)
	n := formProsecutionCount(form)
	if n == 0 {
		ps := slices.Clone(base)
		if len(ps) == 0 {
			ps = []content.Prosecution{{}}
		}
		p := &ps[0]
		p.Articles = keepParts(p.Articles, splitArticles(form["articles"]))
		p.Region = strings.TrimSpace(form.Get("region"))
		p.DetainedOn = content.Date(strings.TrimSpace(form.Get("detained_on")))
		p.VerdictOn = content.Date(strings.TrimSpace(form.Get("sentenced_on")))
		for _, p := range ps {
			if p.IsZero() {
				out.empty++
			} else {
				out.list = append(out.list, p)
			}
		}
		return out
	}
	for i := range min(n, content.MaxProsecutions+1) {
		if i == removed {
			continue
		}
		p, raw := readProsecution(form, i)
		if p.IsZero() {
			out.empty++
			continue
		}
		for f, text := range raw {
			out.raw[content.ProsecutionKey(len(out.list), f)] = text
		}
		out.list = append(out.list, p)
	}
	return out
}

// keepParts is the articles a form that offered codes sends, over have:
// a code keeps the part have gives it (content.ArticlesByCodes), and an
// article sent with its part is taken as sent.
func keepParts(have, sent []string) []string {
	parts := map[string]string{}
	for _, a := range sent {
		if c := content.ArticleCode(a); c != a {
			parts[c] = a
		}
	}
	out := content.ArticlesByCodes(have, sent)
	for i, a := range out {
		if p, ok := parts[content.ArticleCode(a)]; ok {
			out[i] = p
		}
	}
	return out
}

// readProsecution reads the i-th prosecution of a form that numbers
// them, with the texts of its numbers that did not read as numbers.
func readProsecution(form url.Values, i int) (content.Prosecution, map[string]string) {
	get := func(f string) string { return strings.TrimSpace(form.Get(content.ProsecutionKey(i, f))) }
	raw := map[string]string{}
	number := func(f string) int64 {
		text := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1 // "300 000", as roubles are written
			}
			return r
		}, get(f))
		if text == "" {
			return 0
		}
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil || v < 0 {
			raw[f] = get(f)
			return -1
		}
		return v
	}
	var p content.Prosecution
	p.Group = get("group")
	p.Articles = splitArticles(form[content.ProsecutionKey(i, "articles")])
	p.Region = get("region")
	p.OpenedOn = content.Date(get("opened_on"))
	p.DetainedOn = content.Date(get("detained_on"))
	p.VerdictOn = content.Date(get("verdict_on"))
	p.Stage = get("stage")
	p.Sentence.Kind = get("sentence.kind")
	// A term beyond MaxMonths is kept as typed, for validation to refuse;
	// one that does not fit an int is no number.
	if months := number("sentence.months"); months > 1_000_000 {
		raw["sentence.months"] = get("sentence.months")
		p.Sentence.Months = -1
	} else {
		p.Sentence.Months = int(months)
	}
	p.Sentence.Regime = get("sentence.regime")
	p.Sentence.FineRub = number("sentence.fine_rub")
	p.Sentence.ReleaseExpectedOn = content.Date(get("sentence.release_expected_on"))
	p.Sentence.ReleasedOn = content.Date(get("sentence.released_on"))
	p.Sentence.ReleasedHow = get("sentence.released_how")
	for _, l := range content.Langs() {
		t, sfx := p.Text(l), "_"+string(l)
		t.Court = get("court" + sfx)
		t.Judge = get("judge" + sfx)
		t.Prosecutor = get("prosecutor" + sfx)
		t.Note = strings.TrimSpace(strings.ReplaceAll(form.Get(content.ProsecutionKey(i, "note"+sfx)), "\r\n", "\n"))
	}
	return p, raw
}
