package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"casebook/content"
	"casebook/errs"
	"casebook/search"
)

// indexPublic writes the public list's row for a case going live.
func (s *Store) indexPublic(ctx context.Context, tx *sql.Tx, caseID int64, c *content.Case, now time.Time) error {
	hash := content.MediaHash(c.Photo.URL)
	thumb := ""
	if hash != "" {
		var h, ext string
		err := tx.QueryRowContext(ctx, `SELECT hash, ext FROM media WHERE parent = ? AND variant = 'list'`, hash).Scan(&h, &ext)
		if err == nil {
			thumb = "/media/" + h + "." + ext
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO public_index (case_id, slug, status, recognized_on, published_at, name_ru, name_en,
		                          headline_ru, headline_en, complete_ru, complete_en, search_text, photo_hash, photo_thumb)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET slug = excluded.slug, status = excluded.status,
			photo_hash = excluded.photo_hash, photo_thumb = excluded.photo_thumb,
			recognized_on = excluded.recognized_on, published_at = excluded.published_at,
			name_ru = excluded.name_ru, name_en = excluded.name_en,
			headline_ru = excluded.headline_ru, headline_en = excluded.headline_en,
			complete_ru = excluded.complete_ru, complete_en = excluded.complete_en,
			search_text = excluded.search_text`,
		caseID, c.Slug, c.Status, string(c.RecognizedOn), formatTime(now), c.RU.Name, c.EN.Name,
		c.RU.Headline, c.EN.Headline, c.RU.Complete(), c.EN.Complete(), searchText(c), hash, thumb)
	return err
}

func searchText(c *content.Case) string {
	var b strings.Builder
	for _, l := range content.Langs() {
		t := c.Text(l)
		for _, s := range []string{t.Name, t.Headline, t.Statement, t.Body, t.Locality} {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	return foldText(b.String())
}

// foldText lower-cases and treats ё as е, as Russian readers do when they
// type a query.
func foldText(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "ё", "е")
}

// PublicCase is a published case as the public site shows it.
type PublicCase struct {
	Case Case
	Live *Revision
}

// PublicCaseBySlug returns the live revision of the case with this slug.
// A case that was published and then taken down is errs.KindGone; one that
// was never published does not exist for the public.
func (s *Store) PublicCaseBySlug(ctx context.Context, slug string) (*PublicCase, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE slug = ?`, slug))
	if errs.Is(err, errs.KindNotFound) {
		var now string
		err := tx.QueryRowContext(ctx, `SELECT c.slug FROM slug_history h JOIN cases c ON c.id = h.case_id WHERE h.slug = ?`, slug).Scan(&now)
		if err == nil {
			return nil, &MovedError{Slug: now}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, errs.NotFound("no such case")
	}
	if err != nil {
		return nil, err
	}
	if c.LiveRevisionID == 0 {
		if !c.UnpublishedAt.IsZero() {
			return nil, errs.Gone("this profile has been removed")
		}
		return nil, errs.NotFound("no such case")
	}
	live, err := revision(ctx, tx, c.LiveRevisionID)
	if err != nil {
		return nil, err
	}
	return &PublicCase{Case: *c, Live: live}, nil
}

// MovedError says that a case now lives at another slug.
type MovedError struct{ Slug string }

func (e *MovedError) Error() string { return "the case moved to " + e.Slug }

// PublicItem is a line of the public case list.
type PublicItem struct {
	Slug         string
	Status       string
	RecognizedOn content.Date
	Name         map[content.Lang]string
	Headline     map[content.Lang]string
	Complete     map[content.Lang]bool
	// Thumb is the address of the photo's list variant, or "".
	Thumb string
}

// PublicQuery selects published cases.
type PublicQuery struct {
	Text   string
	Limit  int
	Offset int
}

// PublicList returns a page of published cases, newest recognitions first,
// and how many match in all.
func (s *Store) PublicList(ctx context.Context, q PublicQuery) ([]PublicItem, int, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	where, args := "1", []any{}
	terms := search.Terms(q.Text)
	if strings.TrimSpace(q.Text) != "" && len(terms) == 0 {
		// Typed, but no word in it: nothing matches, rather than everything.
		where = "0"
	}
	for _, word := range terms {
		where += ` AND search_text LIKE ? ESCAPE '\'`
		args = append(args, "%"+escapeLike(word)+"%")
	}
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM public_index WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT slug, status, recognized_on, name_ru, name_en, headline_ru, headline_en, complete_ru, complete_en, photo_thumb
		FROM public_index WHERE `+where+`
		ORDER BY recognized_on DESC, published_at DESC, case_id DESC LIMIT ? OFFSET ?`,
		append(args, q.Limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []PublicItem
	for rows.Next() {
		it := PublicItem{Name: map[content.Lang]string{}, Headline: map[content.Lang]string{}, Complete: map[content.Lang]bool{}}
		var nru, nen, hru, hen, rec string
		var cru, cen bool
		if err := rows.Scan(&it.Slug, &it.Status, &rec, &nru, &nen, &hru, &hen, &cru, &cen, &it.Thumb); err != nil {
			return nil, 0, err
		}
		it.RecognizedOn = content.Date(rec)
		it.Name[content.RU], it.Name[content.EN] = nru, nen
		it.Headline[content.RU], it.Headline[content.EN] = hru, hen
		it.Complete[content.RU], it.Complete[content.EN] = cru, cen
		out = append(out, it)
	}
	return out, total, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// PublicCount says how many cases are published.
func (s *Store) PublicCount(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM public_index`).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}
