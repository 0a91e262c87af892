package handlers

import (
	"strings"
	"testing"

	"casebook/content"
	"casebook/i18n"
)

// TestFieldLabels: every key the history diff and the conflict page may
// name gets a label from the catalogue in both languages, never the key
// itself: the person facts, every field of every prosecution
// (content.ParseProsecutionKey), given with or without its language,
// and the whole list of prosecutions.
func TestFieldLabels(t *testing.T) {
	cat := i18n.New()
	type key struct{ key, lang string }
	keys := []key{{"gender", ""}, {"born_on", ""}, {"birthday_public", ""}, {"citizenship", ""},
		{"occupation_ru", "ru"}, {"occupation_en", "en"}, {"prosecutions", ""},
		{"articles", ""}, {"region", ""}, {"detained_on", ""}, {"sentenced_on", ""}}
	for i := range 3 {
		for _, f := range content.ProsecutionFields() {
			k := content.ProsecutionKey(i, f)
			if _, _, ok := content.ParseProsecutionKey(k); !ok {
				t.Fatalf("%s does not parse", k)
			}
			lang := ""
			for _, l := range content.Langs() {
				if strings.HasSuffix(f, "_"+string(l)) {
					lang = string(l)
				}
			}
			keys = append(keys, key{k, lang}, key{k, ""})
		}
	}
	for _, l := range content.Langs() {
		p := cat.Printer(l)
		for _, k := range keys {
			label := fieldLabel(p, k.key, k.lang)
			base, _, _ := strings.Cut(label, " (")
			if label == "" || strings.ContainsAny(base, "._") || strings.Contains(label, "%!") {
				t.Errorf("%s: %s (%q) is labelled %q", l, k.key, k.lang, label)
			}
		}
	}
	en := cat.Printer(content.EN)
	for _, tc := range []struct{ key, lang, want string }{
		{"prosecutions.1.court_en", "en", "Prosecution 2: Court (English)"},
		{"prosecutions.1.court_en", "", "Prosecution 2: Court (English)"},
		{"prosecutions.0.sentence.months", "", "Prosecution 1: Term in months"},
		{"prosecutions.2.group", "", "Prosecution 3: Case group"},
		{"prosecutions.1.articles", "", "Prosecution 2: Criminal Code articles"},
		{"articles", "", "Criminal Code articles"},
		{"sentenced_on", "", "Sentenced on"},
		{"prosecutions", "", "Prosecutions"},
		{"occupation_ru", "ru", "Occupation (Russian)"},
		{"birthday_public", "", "Publish the day and month of birth"},
	} {
		if got := fieldLabel(en, tc.key, tc.lang); got != tc.want {
			t.Errorf("%s (%q): %q, want %q", tc.key, tc.lang, got, tc.want)
		}
	}
	if got := fieldLabel(cat.Printer(content.RU), "prosecutions.1.court_ru", "ru"); got != "Уголовное дело 2: Суд (Русский)" {
		t.Errorf("in Russian: %q", got)
	}
}
