package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"casebook/content"
	"casebook/errs"
	"casebook/markdown"
	"casebook/search"
)

// indexPublic writes the public list's row and the full-text index entry
// for a case going live, in the caller's transaction.
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
	articles, _ := json.Marshal(articleCodes(c.EffectiveProsecutions()))
	categories, _ := json.Marshal(c.Categories)
	ts := formatTime(now)
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO public_index (case_id, slug, status, recognized_on, published_at, updated_at, name_ru, name_en,
		                          headline_ru, headline_en, complete_ru, complete_en, search_text, photo_hash, photo_thumb,
		                          region, articles, categories)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET slug = excluded.slug, status = excluded.status,
			photo_hash = excluded.photo_hash, photo_thumb = excluded.photo_thumb,
			recognized_on = excluded.recognized_on, updated_at = excluded.updated_at,
			name_ru = excluded.name_ru, name_en = excluded.name_en,
			headline_ru = excluded.headline_ru, headline_en = excluded.headline_en,
			complete_ru = excluded.complete_ru, complete_en = excluded.complete_en,
			region = excluded.region, articles = excluded.articles, categories = excluded.categories`,
		caseID, c.Slug, c.Status, string(c.RecognizedOn), ts, ts, c.RU.Name, c.EN.Name,
		c.RU.Headline, c.EN.Headline, c.RU.Complete(), c.EN.Complete(), hash, thumb,
		c.Region, string(articles), string(categories)); err != nil {
		return err
	}
	if err := indexFacts(ctx, tx, caseID, c); err != nil {
		return err
	}
	if err := keepPassages(ctx, tx, s.md, caseID, c); err != nil {
		return err
	}
	return indexSearch(ctx, tx, caseID, c)
}

// articleCodes lists the article codes of the prosecutions, each once:
// what the article filter and its counts match, whatever part a case
// writes after the code ("280.3 ч.1" is 280.3).
func articleCodes(ps []content.Prosecution) []string {
	out := []string{}
	for _, p := range ps {
		for _, code := range p.ArticleCodes() {
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	return out
}

// prosecutionRefs lists the regions and the groups of the prosecutions,
// each once, in their order.
func prosecutionRefs(ps []content.Prosecution) (regions, groups []string) {
	regions, groups = []string{}, []string{}
	for _, p := range ps {
		if p.Region != "" && !slices.Contains(regions, p.Region) {
			regions = append(regions, p.Region)
		}
		if p.Group != "" && !slices.Contains(groups, p.Group) {
			groups = append(groups, p.Group)
		}
	}
	return regions, groups
}

// publicProsecutions are the prosecutions of a live case as the public
// reads them (content.Case.EffectiveProsecutions: at least one), with the
// texts of a language the case does not publish emptied, as the open
// data empties that language's texts of the case.
func publicProsecutions(c *content.Case) []content.Prosecution {
	ps := c.EffectiveProsecutions()
	for i := range ps {
		for _, l := range content.Langs() {
			if !c.Text(l).Complete() {
				*ps[i].Text(l) = content.ProsecutionText{}
			}
		}
	}
	return ps
}

// indexFacts writes what the public filters, the prosecutions of the open
// data and the statistics read of a live case beside its list row: the
// person facts as the public may see them (the date of birth cut by
// PublicBornOn) and one row per prosecution. A published case always has
// at least one such row; Open fills the facts of a case published before
// they were kept (reindexSearch) by that sign.
func indexFacts(ctx context.Context, tx *sql.Tx, caseID int64, c *content.Case) error {
	c = c.Clone()
	c.Normalize()
	ps := publicProsecutions(c)
	regions, groups := prosecutionRefs(ps)
	born := c.PublicBornOn()
	year, _, _ := born.Parts()
	citizenship := c.Citizenship
	if citizenship == nil {
		citizenship = []string{}
	}
	js := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE public_index SET gender = ?, born_on = ?, born_year = ?, citizenship = ?, released = ?,
		articles = ?, regions = ?, groups = ? WHERE case_id = ?`,
		c.Gender, string(born), year, js(citizenship), c.Released(), js(articleCodes(ps)), js(regions), js(groups), caseID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM public_prosecutions WHERE case_id = ?`, caseID); err != nil {
		return err
	}
	for i, p := range ps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO public_prosecutions (case_id, idx, grp, region, articles, data) VALUES (?, ?, ?, ?, ?, ?)`,
			caseID, i, p.Group, p.Region, js(p.ArticleCodes()), js(p)); err != nil {
			return err
		}
	}
	return nil
}

// keepPassages writes what a search quotes from each language of a live
// case: the headline and the statement, which are plain text, and the
// words of the body as its page shows them.
func keepPassages(ctx context.Context, tx *sql.Tx, md *markdown.Renderer, caseID int64, c *content.Case) error {
	passage := func(l content.Lang) string {
		t := c.Text(l)
		return t.Headline + ".\n" + t.Statement + "\n" + md.Text(t.Body)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO public_passages (case_id, ru, en) VALUES (?, ?, ?)
		ON CONFLICT (case_id) DO UPDATE SET ru = excluded.ru, en = excluded.en`, caseID, passage(content.RU), passage(content.EN))
	return err
}

// indexSearch writes the full-text index entry of a live case.
func indexSearch(ctx context.Context, tx *sql.Tx, caseID int64, c *content.Case) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM public_fts WHERE rowid = ?`, caseID); err != nil {
		return err
	}
	// Only what a language version shows publicly is searchable in it.
	var name, headline, statement, body, extra []string
	for _, l := range content.Langs() {
		t := c.Text(l)
		if !t.Complete() {
			continue
		}
		name = append(name, t.Name)
		headline = append(headline, t.Headline)
		statement = append(statement, t.Statement)
		body = append(body, t.Body)
		extra = append(extra, t.Locality, t.Sentence, search.Latin(t.Name))
		// The courts of the prosecutions, in the language that shows them.
		for _, p := range c.EffectiveProsecutions() {
			extra = append(extra, p.Text(l).Court)
		}
	}
	extra = append(extra, c.Articles...)
	// The regions, categories and groups as codes: their names are
	// matched at search time against the reference lists (search.Names).
	// A case is found by the region and group of any of its prosecutions.
	regions, groups := prosecutionRefs(c.EffectiveProsecutions())
	refs := search.RefTokens(refRegion, regions...) + search.RefTokens(refCategory, c.Categories...) + search.RefTokens(refGroup, groups...)
	_, err := tx.ExecContext(ctx, `INSERT INTO public_fts (rowid, name, headline, statement, body, extra, latin, refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		caseID, search.IndexText(name...), search.IndexText(headline...), search.IndexText(statement...),
		search.IndexText(body...), search.IndexText(extra...), search.NameKeys(name...), refs)
	return err
}

// reindexSearch fills the full-text index from the live revisions when a
// migration has made it anew (or it lost rows), and the passages of cases
// published before they were kept, in one transaction. A case published
// before its person facts and prosecutions were kept (migration 0019) has
// no prosecution row: it gets its facts (indexFacts) and, since its
// search entry lacks its groups and courts, that entry again.
func (s *Store) reindexSearch(ctx context.Context) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var listed, indexed int
	// FTS5 keeps one docsize row per document; counting them is instant,
	// where count(*) on the index itself reads every document (80 ms at
	// 10,000 cases, on every start).
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM public_index), (SELECT count(*) FROM public_fts_docsize)`).Scan(&listed, &indexed); err != nil {
		return err
	}
	// Cases published before passages were kept have none.
	var quoted int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM public_passages`).Scan(&quoted); err != nil {
		return err
	}
	// Every published case has a prosecution row once its facts are
	// kept; the primary key makes this a lookup per case.
	var unfacted int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM public_index p
		WHERE NOT EXISTS (SELECT 1 FROM public_prosecutions WHERE case_id = p.case_id)`).Scan(&unfacted); err != nil {
		return err
	}
	refill := listed != indexed
	if !refill && listed == quoted && unfacted == 0 {
		// Publications add segments to the index that FTS5 merges only
		// in part; many of them slow every search down.
		var segments int
		if err := tx.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM public_fts_idx`).Scan(&segments); err != nil {
			return err
		}
		if segments <= maxSegments {
			return nil
		}
		if err := optimizeSearch(ctx, tx.Tx); err != nil {
			return err
		}
		return tx.Commit()
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT c.id, r.content, NOT EXISTS (SELECT 1 FROM public_prosecutions WHERE case_id = p.case_id) FROM public_index p
		JOIN cases c ON c.id = p.case_id JOIN revisions r ON r.id = c.live_revision_id`)
	if err != nil {
		return err
	}
	type live struct {
		id       int64
		body     []byte
		unfacted bool
	}
	var all []live
	for rows.Next() {
		var l live
		if err := rows.Scan(&l.id, &l.body, &l.unfacted); err != nil {
			rows.Close()
			return err
		}
		all = append(all, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if refill {
		if _, err := tx.ExecContext(ctx, `DELETE FROM public_fts`); err != nil {
			return err
		}
	}
	for _, l := range all {
		var c content.Case
		if err := json.Unmarshal(l.body, &c); err != nil {
			return fmt.Errorf("reindex case %d: %w", l.id, err)
		}
		if l.unfacted {
			if err := indexFacts(ctx, tx.Tx, l.id, &c); err != nil {
				return err
			}
			if !refill {
				if err := indexSearch(ctx, tx.Tx, l.id, &c); err != nil {
					return err
				}
			}
		}
		if refill {
			if err := indexSearch(ctx, tx.Tx, l.id, &c); err != nil {
				return err
			}
		}
		if err := keepPassages(ctx, tx.Tx, s.md, l.id, &c); err != nil {
			return err
		}
	}
	if refill || unfacted > 0 {
		if err := optimizeSearch(ctx, tx.Tx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// maxSegments is how many segments the full-text index may have before
// the next start merges them.
const maxSegments = 8

// optimizeSearch merges the full-text index into one segment. FTS5 writes
// a segment per batch of changes and merges them only in part, so after
// a bulk load a word is looked up in a dozen segments or more; a search
// whose words name many regions looks up dozens of tokens, and merging
// made it several times faster (BENCHMARKS.md). Merging takes a moment at
// 10,000 cases, so it follows an import, a refill of the index and a
// start that finds many segments, never a single publication.
func optimizeSearch(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO public_fts (public_fts) VALUES ('optimize')`)
	return err
}

// unindexPublic takes a case off the public list and out of search.
func unindexPublic(ctx context.Context, tx *sql.Tx, caseID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM public_passages WHERE case_id = ?`, caseID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM public_index WHERE case_id = ?`, caseID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM public_fts WHERE rowid = ?`, caseID)
	return err
}

// PublicCase is a published case as the public site shows it.
type PublicCase struct {
	Case Case
	Live *Revision
}

// PublicCaseBySlug returns the live revision of the case the public knows
// by this slug. The public address follows the live revision: a slug
// edited in the studio answers only once that edit is published, and then
// the address it replaced answers with a *MovedError forever. A case that
// was public and has been taken down is errs.KindGone at every address it
// had. Anything else, a never-published case's slugs old and new included,
// does not exist for the public.
func (s *Store) PublicCaseBySlug(ctx context.Context, slug string) (*PublicCase, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE public_slug = ?`, slug))
	if errs.Is(err, errs.KindNotFound) {
		c, err = scanCase(tx.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases
			WHERE public_slug IS NOT NULL AND id = (SELECT case_id FROM slug_history WHERE slug = ? AND public)`, slug))
		if err != nil {
			return nil, err
		}
		if c.LiveRevisionID == 0 {
			return nil, errs.Gone("error.410.message")
		}
		return nil, &MovedError{Slug: c.PublicSlug}
	}
	if err != nil {
		return nil, err
	}
	if c.LiveRevisionID == 0 {
		return nil, errs.Gone("error.410.message")
	}
	live, err := revision(ctx, tx, c.LiveRevisionID)
	if err != nil {
		return nil, err
	}
	c.Slug = c.PublicSlug
	live.Content.Slug = c.PublicSlug
	// A birthday the editors have not cleared is not public.
	live.Content = live.Content.ForPublic()
	return &PublicCase{Case: *c, Live: live}, nil
}

// MovedError says that a case now lives at another slug.
type MovedError struct{ Slug string }

func (e *MovedError) Error() string { return "the case moved to " + e.Slug }

// PublicItem is a line of the public case list.
type PublicItem struct {
	CaseID       int64
	Slug         string
	Status       string
	RecognizedOn content.Date
	Name         map[content.Lang]string
	Headline     map[content.Lang]string
	Complete     map[content.Lang]bool
	// Thumb is the address of the photo's list variant, or "".
	Thumb string
	// Snippet is the passage that matched a search, escaped HTML with
	// the matching words in <mark>, per language.
	Snippet   map[content.Lang]string
	UpdatedAt time.Time
	// Live is the live content, filled only when asked for (open data).
	Live *content.Case
}

// PublicQuery selects published cases: words to search for and filters.
type PublicQuery struct {
	Text   string
	Status string
	// Region, Article and Group match any prosecution of a case; Article
	// is a code, which matches an article written with its part.
	Region   string
	Article  string
	Category string
	// Year is the year of recognition.
	Year  string
	Group string
	// Gender is one of content.Genders.
	Gender string
	// Citizenship is an ISO 3166 alpha-2 code, in capitals.
	Citizenship string
	// BornFrom and BornTo bound the year of birth, both included; 0 is
	// no bound. A case whose year of birth is not known matches neither.
	BornFrom, BornTo int
	// Released is ReleasedYes (the custody is "released"), ReleasedNo
	// (any other custody, or none stated) or "" for either.
	Released string
	Limit    int
	Offset   int
	// WithContent fills PublicItem.Live.
	WithContent bool
	// ByUpdate orders by the last publication instead of by recognition.
	ByUpdate bool
}

// The values of PublicQuery.Released, as the filter `released` takes them.
const (
	ReleasedYes = "true"
	ReleasedNo  = "false"
)

// onlyText says whether the query has words to search for and no filter.
func (q PublicQuery) onlyText() bool {
	return strings.TrimSpace(q.Text) != "" && !q.filtered()
}

// filtered says whether any filter is in force, beside the words.
func (q PublicQuery) filtered() bool {
	return q.Status != "" || q.Region != "" || q.Article != "" || q.Category != "" || q.Year != "" || q.personFiltered() || q.Group != ""
}

// personFiltered says whether a filter on the person facts is in force.
func (q PublicQuery) personFiltered() bool {
	return q.Gender != "" || q.Citizenship != "" || q.BornFrom != 0 || q.BornTo != 0 || q.Released != ""
}

// where builds the filter of a query; match is its full-text expression.
func (q PublicQuery) where(match string) (string, []any) {
	conds, args := []string{"1"}, []any{}
	if strings.TrimSpace(q.Text) != "" {
		if match == "" {
			// Typed, but no word in it: nothing matches, rather than
			// everything.
			return "0", nil
		}
		conds = append(conds, `p.case_id IN (SELECT rowid FROM public_fts WHERE public_fts MATCH ?)`)
		args = append(args, match)
	}
	if q.Status != "" {
		conds = append(conds, "p.status = ?")
		args = append(args, q.Status)
	}
	// Region and group through the prosecutions' own index: a case is in
	// a region when any of its prosecutions is.
	if q.Region != "" {
		conds = append(conds, "p.case_id IN (SELECT case_id FROM public_prosecutions WHERE region = ?)")
		args = append(args, q.Region)
	}
	if q.Article != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM json_each(p.articles) WHERE value = ?)")
		args = append(args, q.Article)
	}
	if q.Group != "" {
		conds = append(conds, "p.case_id IN (SELECT case_id FROM public_prosecutions WHERE grp = ?)")
		args = append(args, q.Group)
	}
	if q.Category != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM json_each(p.categories) WHERE value = ?)")
		args = append(args, q.Category)
	}
	if q.Year != "" {
		conds = append(conds, "substr(p.recognized_on, 1, 4) = ?")
		args = append(args, q.Year)
	}
	c, a := q.personWhere()
	return strings.Join(append(conds, c...), " AND "), append(args, a...)
}

// personWhere is the filter of the person facts.
func (q PublicQuery) personWhere() ([]string, []any) {
	var conds []string
	var args []any
	if q.Gender != "" {
		conds = append(conds, "p.gender = ?")
		args = append(args, q.Gender)
	}
	if q.Citizenship != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM json_each(p.citizenship) WHERE value = ?)")
		args = append(args, q.Citizenship)
	}
	if q.BornFrom != 0 || q.BornTo != 0 {
		// born_year is 0 when the year is unknown, which no bound takes.
		conds = append(conds, "p.born_year > 0")
	}
	if q.BornFrom != 0 {
		conds = append(conds, "p.born_year >= ?")
		args = append(args, q.BornFrom)
	}
	if q.BornTo != 0 {
		conds = append(conds, "p.born_year <= ?")
		args = append(args, q.BornTo)
	}
	switch q.Released {
	case ReleasedYes:
		conds = append(conds, "p.released")
	case ReleasedNo:
		conds = append(conds, "NOT p.released")
	case "":
	default:
		// Not a value of the filter: nothing matches, rather than
		// everything.
		conds = append(conds, "0")
	}
	return conds, args
}

// rankExpr ranks a match: names weigh most, then their Latin keys, other
// names and places, the headline, the statement, the body. Ties go to
// the newer case, the same way whether or not filters narrow the search.
// A region or category named by the words counts like the other names
// and places.
const rankExpr = `bm25(public_fts, 10.0, 4.0, 2.0, 1.0, 5.0, 8.0, 5.0)`

// PublicList returns a page of published cases and how many match in all:
// ranked by relevance when searching, else newest recognitions first.
func (s *Store) PublicList(ctx context.Context, q PublicQuery) ([]PublicItem, int, error) {
	return s.publicList(ctx, q, -1)
}

// PublicListFacets is PublicList with the filter counts of the current
// result (PublicFacets) beside it, as the list page shows them. The
// counts hold the number of all results too, so the search runs once for
// both instead of once for each.
func (s *Store) PublicListFacets(ctx context.Context, q PublicQuery) ([]PublicItem, int, *Facets, error) {
	f, err := s.PublicFacets(ctx, q)
	if err != nil {
		return nil, 0, nil, err
	}
	items, total, err := s.publicList(ctx, q, f.Total)
	return items, total, f, err
}

// publicList is PublicList; a total of 0 or more is the number of all
// results, already known, which saves counting them again.
func (s *Store) publicList(ctx context.Context, q PublicQuery, total int) ([]PublicItem, int, error) {
	// Before the transaction: the names a search word may mean are read
	// through the pool, which must not wait on a connection this call
	// holds.
	match, err := s.match(ctx, q.Text)
	if err != nil {
		return nil, 0, err
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	where, args := q.where(match)
	// A search with no filter besides its words is the common one, and a
	// broad word matches most cases: ranking every match and joining each
	// to the index took most of such a search (pprof, BENCHMARKS.md). The
	// full-text index holds exactly the published cases, so it counts and
	// ranks them alone, and only the page's rows are joined.
	onlyWords := match != "" && q.onlyText()
	count := `SELECT count(*) FROM public_index p WHERE ` + where
	if onlyWords {
		count = `SELECT count(*) FROM public_fts WHERE public_fts MATCH ?`
	}
	if total < 0 {
		if err := tx.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	order := `p.recognized_on DESC, p.published_at DESC, p.case_id DESC`
	from := `public_index p`
	if q.ByUpdate {
		order = `p.updated_at DESC, p.case_id DESC`
	}
	limit, offset := q.Limit, max(q.Offset, 0)
	switch {
	case onlyWords:
		from = `(SELECT rowid, ` + rankExpr + ` AS rank FROM public_fts WHERE public_fts MATCH ? ORDER BY rank, rowid DESC LIMIT ? OFFSET ?) f JOIN public_index p ON p.case_id = f.rowid`
		where, args = "1", []any{match, limit, offset}
		order, offset = `f.rank, p.case_id DESC`, 0
	case match != "":
		from = `public_index p JOIN (SELECT rowid, ` + rankExpr + ` AS rank FROM public_fts WHERE public_fts MATCH ?) f ON f.rowid = p.case_id`
		args = append([]any{match}, args...)
		order = `f.rank, p.case_id DESC`
	}
	// The page is chosen on the index alone; the live content, which is
	// large, is read afterwards for the rows of the page only.
	rows, err := tx.QueryContext(ctx, `
		SELECT p.case_id, p.slug, p.status, p.recognized_on, p.name_ru, p.name_en, p.headline_ru, p.headline_en,
		       p.complete_ru, p.complete_en, p.photo_thumb, p.updated_at,
		       CASE WHEN ? THEN (SELECT ru FROM public_passages WHERE case_id = p.case_id) ELSE '' END,
		       CASE WHEN ? THEN (SELECT en FROM public_passages WHERE case_id = p.case_id) ELSE '' END,
		       CASE WHEN ? THEN (SELECT r.content FROM cases c JOIN revisions r ON r.id = c.live_revision_id WHERE c.id = p.case_id) ELSE '' END
		FROM `+from+`
		WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(append([]any{match != "", match != "", q.WithContent}, args...), limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []PublicItem
	for rows.Next() {
		it := PublicItem{Name: map[content.Lang]string{}, Headline: map[content.Lang]string{}, Complete: map[content.Lang]bool{}, Snippet: map[content.Lang]string{}}
		var nru, nen, hru, hen, rec, updated, pru, pen, body string
		var cru, cen bool
		if err := rows.Scan(&it.CaseID, &it.Slug, &it.Status, &rec, &nru, &nen, &hru, &hen, &cru, &cen, &it.Thumb, &updated, &pru, &pen, &body); err != nil {
			return nil, 0, err
		}
		it.RecognizedOn = content.Date(rec)
		it.UpdatedAt = parseTime(updated)
		it.Name[content.RU], it.Name[content.EN] = nru, nen
		it.Headline[content.RU], it.Headline[content.EN] = hru, hen
		it.Complete[content.RU], it.Complete[content.EN] = cru, cen
		if strings.TrimSpace(q.Text) != "" {
			it.Snippet[content.RU] = search.SnippetOf(pru, q.Text, 30)
			it.Snippet[content.EN] = search.SnippetOf(pen, q.Text, 30)
		}
		if q.WithContent {
			var c content.Case
			if err := json.Unmarshal([]byte(body), &c); err != nil {
				return nil, 0, err
			}
			c.Normalize()
			c.Slug = it.Slug
			// A birthday the editors have not cleared is not public.
			it.Live = c.ForPublic()
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
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
