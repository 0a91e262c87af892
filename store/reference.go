package store

import (
	"context"
	"database/sql"
	"slices"

	"casebook/content"
	"casebook/errs"
)

// RefItem is an entry of a reference list (region, article, category).
type RefItem struct {
	Code    string
	Name    map[content.Lang]string
	Retired bool
}

// Label is the entry's name in l.
func (r RefItem) Label(l content.Lang) string {
	if n := r.Name[l]; n != "" {
		return n
	}
	return r.Code
}

// References are the reference lists the case form chooses from.
type References struct {
	Regions    []RefItem
	Articles   []RefItem
	Categories []RefItem
}

// Find returns the entry with code in list, and whether there is one.
func Find(list []RefItem, code string) (RefItem, bool) {
	for _, it := range list {
		if it.Code == code {
			return it, true
		}
	}
	return RefItem{}, false
}

// References returns the reference lists in display order.
func (s *Store) References(ctx context.Context) (*References, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var refs References
	for _, q := range []struct {
		sql  string
		dest *[]RefItem
	}{
		{`SELECT code, name_ru, name_en, retired FROM regions ORDER BY position, code`, &refs.Regions},
		{`SELECT code, title_ru, title_en, retired FROM articles ORDER BY position, code`, &refs.Articles},
		{`SELECT code, name_ru, name_en, retired FROM categories ORDER BY position, code`, &refs.Categories},
	} {
		rows, err := tx.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var it RefItem
			var ru, en string
			if err := rows.Scan(&it.Code, &ru, &en, &it.Retired); err != nil {
				rows.Close()
				return nil, err
			}
			it.Name = map[content.Lang]string{content.RU: ru, content.EN: en}
			*q.dest = append(*q.dest, it)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return &refs, nil
}

// checkRefs refuses codes that are not in the reference lists, or that are
// retired, unless the previous revision already used them: retiring an
// entry must not make old cases impossible to save.
func checkRefs(ctx context.Context, tx *sql.Tx, c, prev *content.Case) error {
	fe := content.FieldErrors{}
	check := func(field, table string, codes []string, prevCodes []string) error {
		for _, code := range codes {
			var retired bool
			err := tx.QueryRowContext(ctx, `SELECT retired FROM `+table+` WHERE code = ?`, code).Scan(&retired)
			if err == sql.ErrNoRows || (err == nil && retired && !slices.Contains(prevCodes, code)) {
				fe[field] = "error.unknown_value"
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	var p content.Case
	if prev != nil {
		p = *prev
	}
	var region, prevRegion []string
	if c.Region != "" {
		region = []string{c.Region}
	}
	if p.Region != "" {
		prevRegion = []string{p.Region}
	}
	if err := check("region", "regions", region, prevRegion); err != nil {
		return err
	}
	if err := check("articles", "articles", c.Articles, p.Articles); err != nil {
		return err
	}
	if err := check("categories", "categories", c.Categories, p.Categories); err != nil {
		return err
	}
	if len(fe) > 0 {
		return &errs.Error{Kind: errs.KindInvalid, Message: "the form has errors", Err: fe}
	}
	return nil
}
