package search

import (
	"html"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"casebook/markdown"
)

// md reads Markdown as the store does before a passage is kept.
var md = markdown.New()

// Snippet is SnippetOf the words a reader sees of the Markdown src.
func Snippet(src, q string, width int) string { return SnippetOf(md.Text(src), q, width) }

func TestTerms(t *testing.T) {
	cases := map[string][]string{
		"Акимушкин":                 {"акимушкин"},
		"  Alexander   AKIMUSHKIN ": {"alexander", "akimushkin"},
		`"дискредитации армии"`:     {"дискредитации", "армии"},
		"NEAR(a b)":              {"near", "a", "b"},
		"*":                      nil,
		"AND OR NOT":             {"and", "or", "not"},
		"280.3":                  {"280", "3"},
		"Фёдор":                  {"федор"},
		"%_\\":                   nil,
		"a a a":                  {"a"},
		strings.Repeat("x ", 50): {"x"},
		"' OR 1=1 --":            {"or", "1"},
		"one two three four five six seven eight nine ten eleven": {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"},
		"в Свердловской области":                                  {"свердловской", "области"},
		"Republic of Tatarstan":                                   {"republic", "tatarstan"},
		"в":                                                       {"в"},
		"of the":                                                  {"of", "the"},
		"в и а о у с к по за из a b c d e f g h i j k": {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"},
	}
	for in, want := range cases {
		if got := Terms(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzTerms(f *testing.F) {
	for _, s := range []string{"Акимушкин", `"a" NEAR(b`, "*", "280.3", "\x00\xff", "Фёдор ёлка", strings.Repeat("ы", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms := Terms(q)
		if len(terms) > MaxTerms {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if term == "" || utf8.RuneCountInString(term) > MaxTermRune || !utf8.ValidString(term) {
				t.Fatalf("bad term %q", term)
			}
			for _, r := range term {
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
					t.Fatalf("term %q holds %q", term, r)
				}
			}
		}
	})
}

func TestStemsMeet(t *testing.T) {
	for _, pair := range [][2]string{
		{"Акимушкина", "Акимушкин"}, {"дискредитации", "дискредитацию"}, {"армии", "армия"},
		{"Политзаключённым", "политзаключенный"}, {"sentenced", "sentence"}, {"prisoners", "prisoner"},
	} {
		if Stem(pair[0]) != Stem(pair[1]) {
			t.Errorf("%q → %q, %q → %q", pair[0], Stem(pair[0]), pair[1], Stem(pair[1]))
		}
	}
}

func TestQuery(t *testing.T) {
	const text = `{name headline statement body extra} : `
	for in, want := range map[string]string{
		"Акимушкина":            text + `"акимушкин"*`,
		`дискредитации "армии"`: text + `"дискредитац"* AND ` + text + `"арм"*`,
		`NEAR( * AND`:           `(` + text + `"near"* OR latin : "near") AND (` + text + `"and"* OR latin : "and")`,
		`"`:                     ``,
		`' OR 1=1 --`:           text + `"or"* AND ` + text + `"1"*`,
		"Navalny":               `(` + text + `"navalni"* OR latin : "nvln" OR latin : "navalni")`,
	} {
		if got := Query(in, nil); got != want {
			t.Errorf("Query(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameKey(t *testing.T) {
	// Each group is one name as different systems and presses spell it.
	for _, group := range [][]string{
		{"Navalny", "Navalnyy", "Navalnyi", "Navalnyj", "Nawalny"},
		{"Yuri", "Yury", "Iurii", "Jurij", "Yuriy"},
		{"Aleksandr", "Alexander", "Aleksander", "Alexandr"},
		{"Khodorkovsky", "Khodorkovskii", "Hodorkovskiy", "Khodorkovskiy"},
		{"Shchukina", "Schukina", "Shukina"},
		{"Tsvetkov", "Tzvetkov", "Cvetkov"},
		{"Sergei", "Sergey", "Serguei"},
	} {
		want := NameKey(group[0])
		for _, w := range group[1:] {
			if !shareKey(NameKey(w), want) {
				t.Errorf("%s %v and %s %v share no key", w, NameKey(w), group[0], want)
			}
		}
	}
	for _, w := range []string{"", "ab", "Li", "Анна", "42", "o'"} {
		if k := NameKey(w); len(k) != 0 {
			t.Errorf("NameKey(%q) = %v, want none", w, k)
		}
	}
	// The index side reads Cyrillic names through the same keys.
	for ru, lat := range map[string]string{"Алексей Навальный": "Navalny", "Юрий Дмитриев": "Yuri", "Ксения Щукина": "Shchukina"} {
		if !shareKey(strings.Fields(NameKeys(ru)), NameKey(lat)) {
			t.Errorf("NameKeys(%q) = %q, no key of %s", ru, NameKeys(ru), lat)
		}
	}
}

func shareKey(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func TestSnippet(t *testing.T) {
	text := "## Кто он\n\nВ мае 2024 года Акимушкина задержали по обвинению в повторной «дискредитации» армии. <b>Суд</b> был позже."
	got := Snippet(text, "акимушкин дискредитацию", 12)
	for _, want := range []string{"<mark>Акимушкина</mark>", "<mark>дискредитации</mark>"} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "\n") || strings.Contains(got, "##") {
		t.Errorf("snippet keeps line breaks or Markdown: %q", got)
	}
	if s := Snippet(`a "script" & <3 b`, "script", 10); !strings.Contains(s, "&amp; &lt;3") || !strings.Contains(s, "&#34;") {
		t.Errorf("snippet not escaped: %q", s)
	}
	if s := Snippet("a <script>alert(1)</script> b", "alert", 10); strings.Contains(s, "script") || strings.Contains(s, "<s") {
		t.Errorf("raw HTML, which the page leaves out, shows in the snippet: %q", s)
	}
	if Snippet(text, "ничего такого", 10) != "" || Snippet(text, "***", 10) != "" {
		t.Error("a snippet for no match")
	}
}

func TestSnippetShowsWordsNotMarkdown(t *testing.T) {
	md := "Источники:\n\n- [Приговор суда](https://example.org/verdict) по делу\n> Цитата о **приговоре**\n1. Второй ![фото приговора](/media/x.jpg) пункт\n\n---\n\nСм. <https://example.org/a_b> и `код` ~~приговор~~"
	got := Snippet(md, "приговор", 40)
	words := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got)
	// The page shows an autolink's address as its text, and no image.
	for _, bad := range []string{"](", "verdict", "/media/", "фото", ">", "- ", "1. ", "---", "**", "`", "~~", "[", "]"} {
		if strings.Contains(words, bad) {
			t.Errorf("snippet %q keeps Markdown %q", got, bad)
		}
	}
	for _, want := range []string{"<mark>Приговор</mark> суда", "Цитата о <mark>приговоре</mark>", "Второй пункт", "https://example.org/a_b"} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet %q lacks the words %q", got, want)
		}
	}
}

func TestLatin(t *testing.T) {
	if got := strings.ToLower(Latin("Александр Акимушкин")); got != "aleksandr akimushkin" {
		t.Errorf("Latin = %q", got)
	}
}

// TestLongQueryIsCut: only the first MaxQueryRune runes of a query are
// read; the words after them are not searched.
func TestLongQueryIsCut(t *testing.T) {
	q := "армия" + strings.Repeat(" ", MaxQueryRune) + "флот"
	if got := Terms(q); len(got) != 1 || got[0] != "армия" {
		t.Errorf("Terms = %q", got)
	}
	if got := Terms(strings.Repeat("я", 10*MaxQueryRune)); len(got) != 1 || len([]rune(got[0])) != MaxTermRune {
		t.Errorf("a long word: %q", got)
	}
}

// TestSnippetSkipsOnlyWordsThatCannotMatch: the snippet reads few words
// (first letters, a memo), and shows exactly what stemming every word
// would show, in Russian, English, with ё, digits and mixed case.
func TestSnippetSkipsOnlyWordsThatCannotMatch(t *testing.T) {
	texts := []string{
		"Ёлкин и Елкина. Свидетели Иеговы: свидетелей судили, СВИДЕТЕЛЬ молчал.",
		"He was dying; they were lying about the skies. Early, only, ugly, gently, news, atlas.",
		"Статья 280.3 УК РФ — «дискредитация» армии; по ст. 207.3 дискредитацию вменили повторно.",
		"Journalists' reports: a journalist, the journalism of 2024, JOURNALISTIC work by Ёжиков.",
		"## Кто такой\n\nПервый абзац без слова.\n\n- пункт [ссылка на свидетелей](https://example.org/svideteli) и **армии**\n- ещё <b>news</b>\n\n> Цитата: дискредитации армии, журналист.\n\n---\n\n![](https://example.org/x.jpg)",
		"One.\n\nTwo words only.\n\nThree: the army sentenced a journalist for news about the war; early reports, ugly lies.\n\n" + strings.Repeat("More words follow here. ", 20),
	}
	queries := []string{"Ёлкин", "елкина", "свидетели", "dying", "lie", "skies", "early", "only", "280.3", "дискредитации армии", "journalists", "ёжиков", "ugly gently", "news"}
	for _, text := range texts {
		for _, q := range queries {
			if got, want := Snippet(text, q, 8), snippetReference(text, q, 8); got != want {
				t.Errorf("Snippet(%q, %q)\n got %q\nwant %q", text, q, got, want)
			}
		}
	}
}
func snippetReference(text, q string, width int) string {
	stems := map[string]bool{}
	for _, t := range Terms(q) {
		stems[queryStem(t)] = true
	}
	if len(stems) == 0 {
		return ""
	}
	// Tokens keep everything between words, so the text is rebuilt as it
	// was, minus Markdown's markup: a reader sees the words, not the syntax.
	text = md.Text(text)
	runes := []rune(text)
	type span struct{ start, end int }
	var spans []span
	for i := 0; i < len(runes); {
		if !(unicode.IsLetter(runes[i]) || unicode.IsDigit(runes[i])) {
			i++
			continue
		}
		j := i
		for j < len(runes) && (unicode.IsLetter(runes[j]) || unicode.IsDigit(runes[j]) || unicode.IsMark(runes[j])) {
			j++
		}
		spans = append(spans, span{i, j})
		i = j
	}
	matches := map[int]bool{}
	first := -1
	for k, s := range spans {
		st := Stem(string(runes[s.start:s.end]))
		for q := range stems {
			if strings.HasPrefix(st, q) {
				matches[k] = true
				if first < 0 {
					first = k
				}
			}
		}
	}
	if first < 0 {
		return ""
	}
	from := max(first-width/3, 0)
	to := min(from+width, len(spans))
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	pos := spans[from].start
	for k := from; k < to; k++ {
		s := spans[k]
		b.WriteString(html.EscapeString(collapse(string(runes[pos:s.start]))))
		word := html.EscapeString(string(runes[s.start:s.end]))
		if matches[k] {
			b.WriteString("<mark>" + word + "</mark>")
		} else {
			b.WriteString(word)
		}
		pos = s.end
	}
	if to < len(spans) {
		b.WriteString(" …")
	}
	return b.String()
}

// TestNamesNameEntries: a search word names the entries of the reference
// lists one of whose names has a word it begins, in the grammatical case
// the reader types, in either language; a query that names entries
// matches their tokens in the refs column only.
func TestNamesNameEntries(t *testing.T) {
	sv, vo, tt, jw := RefToken("region", "sverdlovsk-oblast"), RefToken("region", "vologda-oblast"), RefToken("region", "tatarstan"), RefToken("category", "jehovahs-witnesses")
	n := NewNames(map[string][]string{
		sv: {"Свердловская область", "Sverdlovsk Oblast"},
		vo: {"Вологодская область", "Vologda Oblast"},
		tt: {"Республика Татарстан", "Republic of Tatarstan"},
		jw: {"Свидетели Иеговы", "Jehovah's Witnesses"},
	})
	for q, want := range map[string][]string{
		"Свердловская":    {sv},
		"вологодской":     {vo},
		"Вологодская обл": {vo, sv, vo},
		"Sverdlovsk":      {sv},
		"Татарстана":      {tt},
		"свидетелей":      {jw},
		"jehovah":         {jw},
		"Армия":           nil,
		"в":               nil,
		"с":               nil,
		"280.3":           nil,
		"в Свердловской области": {sv, sv, vo},
	} {
		got := n.Named(q)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q names %v, want %v", q, got, want)
		}
	}
	for _, tok := range []string{sv, vo, tt, jw} {
		for _, r := range tok {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				t.Fatalf("token %q is not one word", tok)
			}
		}
	}
	if RefToken("region", "a-b") == RefToken("region", "ab") || RefToken("region", "x") == RefToken("category", "x") {
		t.Error("two codes share a token")
	}
	const text = `{name headline statement body extra} : `
	if got, want := Query("вологодской", n), `(`+text+`"вологодск"* OR refs : "`+vo+`")`; got != want {
		t.Errorf("Query = %q, want %q", got, want)
	}
	if got := Query("вологодской", nil); got != text+`"вологодск"*` {
		t.Errorf("without names, Query = %q", got)
	}
}
