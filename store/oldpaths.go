package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"path"
	"strconv"
	"strings"

	"casebook/content"
	"casebook/errs"
)

// OldPathKey is the form an address of an old site is kept and looked up
// in: its path, decoded, in lower case, without a slash at the end; for
// WordPress's ?p=123 (and ?page_id=123) the path followed by "?p=123"
// ("/?p=123").
// Any other query is no part of it.
func OldPathKey(p string, q url.Values) string {
	p = strings.ToLower(path.Clean("/" + p))
	for _, k := range []string{"p", "page_id"} {
		if v := q.Get(k); v != "" {
			if n, err := strconv.ParseUint(v, 10, 63); err == nil && n > 0 {
				return p + "?p=" + strconv.FormatUint(n, 10)
			}
		}
	}
	return p
}

// OldAddress is where an old site's address now leads: the profile of a
// public case in a language.
type OldAddress struct {
	Path string
	Slug string
	Lang content.Lang
	// Name is the person's name in Lang.
	Name string
}

// OldAddressFor returns where the old address key (see OldPathKey) leads:
// the public profile, in the language of the old post where the profile
// has it and in the other otherwise. An address of a case that was never
// public, or that no case has, is not found; one of a case taken off the
// site is gone.
func (s *Store) OldAddressFor(ctx context.Context, key string) (*OldAddress, error) {
	var a OldAddress
	var lang string
	var live bool
	var ru, en sql.NullBool
	var nameRU, nameEN sql.NullString
	err := s.r.QueryRowContext(ctx, `
		SELECT o.lang, coalesce(c.public_slug, ''), c.live_revision_id IS NOT NULL, p.complete_ru, p.complete_en, p.name_ru, p.name_en
		FROM old_paths o JOIN cases c ON c.id = o.case_id LEFT JOIN public_index p ON p.case_id = c.id
		WHERE o.path = ?`, key).Scan(&lang, &a.Slug, &live, &ru, &en, &nameRU, &nameEN)
	if errors.Is(err, sql.ErrNoRows) || err == nil && a.Slug == "" {
		return nil, errs.NotFound("error.404.message")
	}
	if err != nil {
		return nil, err
	}
	if !live || !ru.Valid {
		return nil, errs.Gone("error.410.message")
	}
	a.Path = key
	a.Lang = pickLang(content.Lang(lang), ru.Bool, en.Bool)
	a.Name = nameRU.String
	if a.Lang == content.EN {
		a.Name = nameEN.String
	}
	return &a, nil
}

// pickLang is l where the profile is complete in it, else the other.
func pickLang(l content.Lang, ru, en bool) content.Lang {
	if _, ok := content.ParseLang(string(l)); !ok {
		l = content.RU
	}
	complete := map[content.Lang]bool{content.RU: ru, content.EN: en}
	if !complete[l] && complete[l.Other()] {
		return l.Other()
	}
	return l
}

// PublicOldAddresses lists the old addresses of every public case and
// where each leads, for a static copy of the site (export-site).
func (s *Store) PublicOldAddresses(ctx context.Context) ([]OldAddress, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT o.path, o.lang, p.slug, p.complete_ru, p.complete_en, p.name_ru, p.name_en
		FROM old_paths o JOIN public_index p ON p.case_id = o.case_id
		ORDER BY o.path`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OldAddress
	for rows.Next() {
		var a OldAddress
		var lang, nameRU, nameEN string
		var ru, en bool
		if err := rows.Scan(&a.Path, &lang, &a.Slug, &ru, &en, &nameRU, &nameEN); err != nil {
			return nil, err
		}
		a.Lang = pickLang(content.Lang(lang), ru, en)
		a.Name = nameRU
		if a.Lang == content.EN {
			a.Name = nameEN
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
