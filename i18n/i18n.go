// Package i18n holds every interface text of Casebook in Russian and
// English, in a golang.org/x/text message catalog so that numbers take
// their CLDR plural forms ("1 дело, 2 дела, 5 дел") instead of being
// glued to a word.
package i18n

import (
	"fmt"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"casebook/content"
	"casebook/errs"
)

// Catalog is the set of translated messages.
type Catalog struct {
	cat     *catalog.Builder
	keys    map[string]bool
	matcher language.Matcher
}

func tag(l content.Lang) language.Tag {
	if l == content.EN {
		return language.English
	}
	return language.Russian
}

// New builds the catalog from the message tables. A message missing in
// one language is a programming error and panics at start.
func New() *Catalog {
	c := &Catalog{cat: catalog.NewBuilder(), keys: map[string]bool{}}
	for _, table := range []map[string][2]string{messages(), openDataMessages(), prosecutionMessages(), publicDataMessages(), privateMessages(), reviewLinkMessages(), consentMessages()} {
		for key, m := range table {
			if m[0] == "" || m[1] == "" {
				panic(fmt.Sprintf("i18n: message %q lacks a translation", key))
			}
			if c.keys[key] {
				panic(fmt.Sprintf("i18n: message %q is in two tables", key))
			}
			must(c.cat.SetString(language.Russian, key, m[0]))
			must(c.cat.SetString(language.English, key, m[1]))
			c.keys[key] = true
		}
	}
	for key, p := range allPlurals() {
		if c.keys[key] {
			panic(fmt.Sprintf("i18n: message %q is in two tables", key))
		}
		must(c.cat.Set(language.Russian, key, plural.Selectf(1, "%d",
			plural.One, p.RU[0], plural.Few, p.RU[1], plural.Many, p.RU[2], plural.Other, p.RU[3])))
		must(c.cat.Set(language.English, key, plural.Selectf(1, "%d",
			plural.One, p.EN[0], plural.Other, p.EN[1])))
		c.keys[key] = true
	}
	c.matcher = language.NewMatcher([]language.Tag{language.Russian, language.English})
	return c
}

// allPlurals are the plural messages of every table; a key in two of
// them is a programming error and panics at start.
func allPlurals() map[string]pluralMessage {
	out := plurals()
	for key, m := range prosecutionPlurals() {
		if _, ok := out[key]; ok {
			panic(fmt.Sprintf("i18n: plural message %q is in two tables", key))
		}
		out[key] = m
	}
	return out
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Has reports whether key is a message of the catalog.
func (c *Catalog) Has(key string) bool { return c.keys[key] }

// Keys lists every message key.
func (c *Catalog) Keys() []string {
	out := make([]string, 0, len(c.keys))
	for k := range c.keys {
		out = append(out, k)
	}
	return out
}

// Match picks the content language that best serves an Accept-Language
// header, or fallback when the header names neither.
func (c *Catalog) Match(acceptLanguage string, fallback content.Lang) content.Lang {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return fallback
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return fallback
	}
	if idx == 1 {
		return content.EN
	}
	return content.RU
}

// Printer writes messages in one language.
type Printer struct {
	lang content.Lang
	p    *message.Printer
	cat  *Catalog
}

// Printer returns a printer for l.
func (c *Catalog) Printer(l content.Lang) *Printer {
	return &Printer{lang: l, p: message.NewPrinter(tag(l), message.Catalog(c.cat)), cat: c}
}

// Has reports whether key is a message of the catalog.
func (p *Printer) Has(key string) bool { return p.cat.Has(key) }

// Lang is the printer's language.
func (p *Printer) Lang() content.Lang { return p.lang }

// TOr is the message key in p's language, or fallback where the catalog
// has no such key (a code from another version, an entry an editor added).
func (p *Printer) TOr(key, fallback string) string {
	if p.Has(key) {
		return p.T(key)
	}
	return fallback
}

// T returns the message key in the printer's language, formatted with args.
func (p *Printer) T(key string, args ...any) string { return p.p.Sprintf(key, args...) }

// Error is what a person may read about err in p's language: the message
// that a domain error (errs.Error) names, with its arguments. It is ""
// for an internal error, which must show nothing of the system, and for a
// key the catalog lacks (TestErrsKeysInCatalog keeps there being none).
func (p *Printer) Error(err error) string {
	key, args := errs.Message(err)
	if key == "" || !p.Has(key) {
		return ""
	}
	return p.T(key, args...)
}

// N returns a plural message for n: N("cases.count", 5) is "5 дел".
func (p *Printer) N(key string, n int) string { return p.p.Sprintf(key, n) }

// Date writes a partial date as the printer's language does.
func (p *Printer) Date(d content.Date) string { return d.Format(p.lang) }
