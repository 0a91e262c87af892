package store

import (
	"context"
	"path/filepath"
	"testing"
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
