package store

import (
	"context"
	"strings"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// SiteTextKeys are the site-wide texts editors can change: shown on every
// profile (disclaimer, how to help, how to write a letter), on the home
// page (its introduction) and on the open data page (the licence of the
// data).
func SiteTextKeys() []string {
	return []string{"home_intro", "how_to_help", "letter_guidance", "disclaimer", "open_data_licence"}
}

// SiteTexts returns the texts editors have written, by key and language;
// a missing one means the built-in default.
func (s *Store) SiteTexts(ctx context.Context) (map[string]map[content.Lang]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, lang, body FROM site_texts`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[content.Lang]string{}
	for rows.Next() {
		var key, lang, body string
		if err := rows.Scan(&key, &lang, &body); err != nil {
			return nil, err
		}
		if out[key] == nil {
			out[key] = map[content.Lang]string{}
		}
		out[key][content.Lang(lang)] = body
	}
	return out, rows.Err()
}

// SetSiteText changes a site-wide text; an empty one goes back to the
// built-in default. Editors only; the public pages change at once.
func (s *Store) SetSiteText(ctx context.Context, actor *User, key string, l content.Lang, body string) error {
	if !workflow.CanEditSiteTexts(actor.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	known := false
	for _, k := range SiteTextKeys() {
		known = known || k == key
	}
	if _, ok := content.ParseLang(string(l)); !ok || !known {
		return errs.NotFound("error.404.message")
	}
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if len([]rune(body)) > 20000 {
		return invalid(map[string]string{key + "_" + string(l): "error.too_long"})
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if body == "" {
		_, err = tx.ExecContext(ctx, `DELETE FROM site_texts WHERE key = ? AND lang = ?`, key, string(l))
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO site_texts (key, lang, body, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key, lang) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
			key, string(l), body, formatTime(tx.Now))
	}
	if err != nil {
		return err
	}
	if err := audit(ctx, tx, actor.ID, "site_text.edit", 0, 0, AuditSiteText{Key: key, Lang: string(l)}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.bump()
	return nil
}
