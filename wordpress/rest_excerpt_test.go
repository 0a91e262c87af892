package wordpress

import "testing"

// TestGeneratedExcerpt: REST gives a post without an excerpt the start
// of its text as one; that is no headline an author wrote, while an
// author's excerpt that repeats the first sentence is.
func TestGeneratedExcerpt(t *testing.T) {
	text := "Мария Черновая задержана в Москве. Её обвиняют в распространении «фейков» об армии. Суд ещё не начался."
	for excerpt, want := range map[string]bool{
		"Мария Черновая задержана в Москве. Её обвиняют […]":        true,
		"Мария Черновая задержана в Москве. Её обвиняют… Read more": true,
		text: true,
		"Мария Черновая задержана в Москве.": false,
		"Журналистка под арестом.":           false,
		"": false,
	} {
		if got := generatedExcerpt(excerpt, text); got != want {
			t.Errorf("%q: %v, want %v", excerpt, got, want)
		}
	}
}
