package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"casebook/content"
)

// TestLatinSpellingsOfANameFindThePerson: a journalist abroad types a name
// as their own press spells it, not as the profile does.
func TestLatinSpellingsOfANameFindThePerson(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseImport([]byte(`[
	  {"slug": "navalny", "status": "political_prisoner", "ru": {"name": "Алексей Навальный", "headline": "Политик", "body": "Текст."}},
	  {"slug": "dmitriev", "status": "political_prisoner", "ru": {"name": "Юрий Дмитриев", "headline": "Историк", "body": "Текст."}},
	  {"slug": "akimushkin", "status": "political_prisoner", "ru": {"name": "Александр Акимушкин", "headline": "Пенсионер", "body": "Армия."},
	   "en": {"name": "Aleksandr Akimushkin", "headline": "A pensioner", "body": "The army."}},
	  {"slug": "khodorkovsky", "status": "released", "ru": {"name": "Михаил Ходорковский", "headline": "Предприниматель", "body": "Текст."}},
	  {"slug": "shchukina", "status": "political_prisoner", "ru": {"name": "Ксения Щукина", "headline": "Студентка", "body": "Текст."}}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	find := func(s *Store, q string) []string {
		t.Helper()
		items, _, err := s.PublicList(ctx, PublicQuery{Text: q, Limit: 10})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var slugs []string
		for _, it := range items {
			slugs = append(slugs, it.Slug)
		}
		return slugs
	}
	for q, want := range map[string]string{
		"Navalny": "navalny", "Navalnyy": "navalny", "Naval'nyi": "navalny", "navalnyj": "navalny", "Alexei Navalny": "navalny",
		"Yuri Dmitriev": "dmitriev", "Yury Dmitriyev": "dmitriev", "Iurii Dmitriev": "dmitriev", "Jurij Dmitrijew": "dmitriev",
		"Alexander Akimushkin": "akimushkin", "Aleksandr": "akimushkin",
		"Khodorkovsky": "khodorkovsky", "Chodorkowski": "", "Hodorkovskiy": "khodorkovsky", "Mikhail Khodorkovskii": "khodorkovsky",
		"Shchukina": "shchukina", "Schukina": "shchukina", "Ksenia Shchukina": "shchukina",
		"Навальный": "navalny", "Навального": "navalny",
	} {
		got := find(s, q)
		if want == "" {
			continue // a spelling the keys do not cover; it must not fail
		}
		if len(got) == 0 || got[0] != want {
			t.Errorf("%q found %v, want %s first", q, got, want)
		}
	}
	// A word that is no name does not bring in names by its consonants.
	if got := find(s, "army"); len(got) != 1 || got[0] != "akimushkin" {
		t.Errorf("army found %v", got)
	}
	if got := find(s, "Navalny Khodorkovsky"); len(got) != 0 {
		t.Errorf("two people at once found %v: every word must match", got)
	}

	// An index made anew by a migration is filled again at the next start.
	if _, err := s.w.ExecContext(ctx, `DELETE FROM public_fts`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := find(s, "Yury Dmitriyev"); len(got) != 1 || got[0] != "dmitriev" {
		t.Errorf("after reindexing, found %v", got)
	}
}

// TestSearchAloneAndFilteredAgree: a search without filters counts and
// ranks in the full-text index alone; narrowed by a filter every case
// passes, it must give the same total and the same pages in the same
// order.
func TestSearchAloneAndFilteredAgree(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "agree.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 45; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		// Some mention the word in the name, some in the headline, some
		// only once or twice in the body, some not at all.
		name, head, body := fmt.Sprintf("Иван Иванов %d", i), "Учитель", strings.Repeat("Слово. ", i%5)
		switch i % 4 {
		case 0:
			name = fmt.Sprintf("Пётр Свидетелев %d", i)
		case 1:
			head = "Свидетели Иеговы"
		case 2:
			body += strings.Repeat("свидетелей ", 1+i%3)
		}
		fmt.Fprintf(&b, `{"slug": "c%d", "status": "political_prisoner", "recognized_on": "20%02d", "ru": {"name": %q, "headline": %q, "body": %q}}`, i, 10+i%15, name, head, body)
	}
	b.WriteString("]")
	d, err := ParseImport([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"свидетели", "Свидетелев", "слово", "учитель свидетели", "нет такого"} {
		for _, page := range []int{0, 10, 30} {
			alone, na, err := s.PublicList(ctx, PublicQuery{Text: q, Limit: 10, Offset: page})
			if err != nil {
				t.Fatal(err)
			}
			narrowed, nn, err := s.PublicList(ctx, PublicQuery{Text: q, Status: "political_prisoner", Limit: 10, Offset: page})
			if err != nil {
				t.Fatal(err)
			}
			var a, n []string
			for _, it := range alone {
				a = append(a, it.Slug)
			}
			for _, it := range narrowed {
				n = append(n, it.Slug)
			}
			if na != nn || !slices.Equal(a, n) {
				t.Errorf("%q from %d: alone %d %v, filtered %d %v", q, page, na, a, nn, n)
			}
		}
	}
	// The name outranks the headline, which outranks the body.
	top, _, _ := s.PublicList(ctx, PublicQuery{Text: "свидетели", Limit: 45})
	if len(top) == 0 || !strings.Contains(top[0].Name[content.RU], "Свидетелев") {
		t.Errorf("first result %+v, want a name match", top[0].Name)
	}
	last := top[len(top)-1]
	if strings.Contains(last.Name[content.RU], "Свидетелев") || strings.Contains(last.Headline[content.RU], "Свидетели") {
		t.Errorf("last result %v %v, want a body-only match", last.Name, last.Headline)
	}
}

// TestPassagesAreKeptAtPublishAndFilledOnOpen: the passage a search
// quotes is made when a case goes live, and a database from before
// passages were kept gets them at the next start.
func TestPassagesAreKeptAtPublishAndFilledOnOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "passages.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseImport([]byte(`[{"slug": "p", "status": "political_prisoner",
	  "ru": {"name": "Пётр Петров", "headline": "Учитель", "body": "## Кто он\n\nЕго судили за [пост](https://example.org/x) о **войне**."},
	  "en": {"name": "Pyotr Petrov", "headline": "A teacher", "body": "He was tried for a post about the war."}}]`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	snippet := func(s *Store, q string, l content.Lang) string {
		t.Helper()
		items, _, err := s.PublicList(ctx, PublicQuery{Text: q, Limit: 5})
		if err != nil || len(items) != 1 {
			t.Fatalf("%q: %v %v", q, items, err)
		}
		return items[0].Snippet[l]
	}
	const want = "Учитель. Кто он Его судили за пост о <mark>войне</mark>"
	if got := snippet(s, "войны", content.RU); got != want {
		t.Errorf("snippet %q, want %q", got, want)
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM public_passages`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := snippet(s, "войны", content.RU); got != want {
		t.Errorf("after reopening, snippet %q, want %q", got, want)
	}
	if got := snippet(s, "war", content.EN); !strings.Contains(got, "<mark>war</mark>") {
		t.Errorf("English snippet %q", got)
	}
}
