package store

import (
	"net/url"
	"testing"
)

// TestOldPathKey: an old address is found whichever way it is written:
// with or without its slash at the end, percent-encoded or not, in any
// case, with other parameters; ?p= and ?page_id= name a post by its id.
func TestOldPathKey(t *testing.T) {
	parse := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		return OldPathKey(u.Path, u.Query())
	}
	for raw, want := range map[string]string{
		"/figurant/aleksandr-akimushkin/":              "/figurant/aleksandr-akimushkin",
		"/figurant/aleksandr-akimushkin":               "/figurant/aleksandr-akimushkin",
		"/Figurant/Aleksandr-Akimushkin/?utm_source=x": "/figurant/aleksandr-akimushkin",
		"/figurant/%D0%B0%D0%BB%D0%B5%D0%BA%D1%81/":    "/figurant/алекс",
		"/?p=123":                    "/?p=123",
		"/?page_id=123":              "/?p=123",
		"/?post_type=figurant&p=123": "/?p=123",
		"/blog/?p=7":                 "/blog?p=7",
		"/?p=abc":                    "/",
		"/?p=0":                      "/",
		"/../etc//passwd":            "/etc/passwd",
		"":                           "/",
	} {
		if got := parse(raw); got != want {
			t.Errorf("%q: %q, want %q", raw, got, want)
		}
	}
}
