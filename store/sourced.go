package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"casebook/content"
	"casebook/workflow"
)

// A sourced import brings cases over from a site Casebook replaces (see
// package wordpress): each case made of one post or of a post and its
// translation, named by the site and the posts' ids there. It is all or
// nothing, like Import: every case is checked by the studio's rules
// before anything is kept, and one refusal keeps everything out.

// SourcedImport is one run of a sourced import.
type SourcedImport struct {
	// Site is the old site's address; with a post's id it names the post
	// for good.
	Site string
	// File names what was read, for the audit log.
	File  string
	Cases []SourcedCase
	// Overwrite updates a case that was edited in the studio since the
	// last import, which is otherwise refused.
	Overwrite bool
	// AsPublished says that the import keeps what was live on the old
	// site (each case's Live).
	AsPublished bool
}

// SourcedCase is one case of a sourced import.
type SourcedCase struct {
	// Case is the content the posts map to. Its slug is a wish: a new
	// case takes it where it is free (else one like it), an existing one
	// keeps its own.
	Case *content.Case
	// Live lists the languages whose posts were published on the old
	// site, when the import keeps what was live (--as-published): the
	// case goes public with those languages, and the others wait in a
	// draft. Empty, the case is a draft.
	Live []content.Lang
	// Posts are the posts the case is made of.
	Posts []SourcePost
	// Paths are the old site's addresses of the posts.
	Paths []OldPath
	// Photo gives the variants of the featured image (media.Process),
	// the profile variant first, which Case.Photo names; nil for none.
	// It is called once, as the case is written, so that a large site's
	// photos need not be in memory all at once.
	Photo func() ([]MediaItem, error)
	// Hash is the fingerprint of what the posts said: the same hash as
	// at the last import means nothing changed there.
	Hash string
}

// SourcePost is a post of the old site.
type SourcePost struct {
	ID   string
	Lang content.Lang
	URL  string
}

// OldPath is an address of the old site, raw: OldPathKey makes its key.
type OldPath struct {
	Path  string
	Query url.Values
	Lang  content.Lang
}

// Sourced outcomes.
const (
	SourcedCreated   = "created"
	SourcedUpdated   = "updated"
	SourcedUnchanged = "unchanged"
)

// SourcedOutcome is what became of one case of the run.
type SourcedOutcome struct {
	CaseID int64
	Slug   string
	Kind   string
	// Notes are what an editor should know, as English sentences: an
	// old address another case has, a published case the old site has
	// as a draft.
	Notes []string
}

// ImportSourced writes a sourced import in one transaction: all of it,
// or nothing and an *ImportError naming each case (by its position, from
// 1) and what is wrong.
func (s *Store) ImportSourced(ctx context.Context, in SourcedImport) ([]SourcedOutcome, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var problems []Problem
	out := make([]SourcedOutcome, len(in.Cases))
	seen := map[string]bool{}
	cases := map[int64]bool{}
	changed := 0
	for i := range in.Cases {
		sc := &in.Cases[i]
		add := func(field, key string) {
			problems = append(problems, Problem{Index: i + 1, Slug: sc.Case.Slug, Field: field, Key: key})
		}
		if sc.Photo != nil {
			items, err := sc.Photo()
			if err != nil {
				return nil, fmt.Errorf("case %d: its photo: %w", i+1, err)
			}
			if err := insertMedia(ctx, tx, items); err != nil {
				return nil, err
			}
		}
		ids, err := sourcedCases(ctx, tx.Tx, in.Site, sc.Posts)
		if err != nil {
			return nil, err
		}
		var o SourcedOutcome
		switch {
		case len(ids) > 1:
			add("", "import.sources_split")
			continue
		case len(ids) == 1 && cases[ids[0]]:
			add("", "import.sources_split")
			continue
		case len(ids) == 1:
			cases[ids[0]] = true
			o, err = s.updateSourced(ctx, tx, in, sc, ids[0], add)
		default:
			o, err = s.createSourced(ctx, tx, in, sc, seen, add)
		}
		if err != nil {
			return nil, fmt.Errorf("case %d: %w", i+1, err)
		}
		if o.Kind != SourcedUnchanged {
			changed++
		}
		out[i] = o
	}
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b Problem) int { return a.Index - b.Index })
		return nil, &ImportError{Problems: slices.CompactFunc(problems, func(a, b Problem) bool { return a == b })}
	}
	if changed == 0 {
		return out, nil // nothing to keep, not even a record of the run
	}
	source := in.File
	if in.Site != "" {
		source = strings.TrimSpace(in.File + " " + in.Site)
	}
	if err := audit(ctx, tx, 0, "import", 0, 0, AuditImport{Cases: changed, Source: source}); err != nil {
		return nil, err
	}
	if err := optimizeSearch(ctx, tx.Tx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	s.bump()
	return out, nil
}

// insertMedia stores the variants of a photo, once; a new image is
// recorded as an upload is.
func insertMedia(ctx context.Context, tx *Tx, items []MediaItem) error {
	for i, m := range items {
		var parent any
		if i > 0 {
			parent = items[0].Hash
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO media (hash, ext, mime, variant, parent, width, height, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
			m.Hash, m.Ext, m.Mime, m.Variant, parent, m.Width, m.Height, m.Data, formatTime(tx.Now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 && i == 0 {
			if err := audit(ctx, tx, 0, "media.upload", 0, 0, AuditMedia{Hash: m.Hash}); err != nil {
				return err
			}
		}
	}
	return nil
}

// sourcedCases lists the cases earlier imports made of the posts.
func sourcedCases(ctx context.Context, tx *sql.Tx, site string, posts []SourcePost) ([]int64, error) {
	var ids []int64
	for _, p := range posts {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT case_id FROM import_sources WHERE source = ? AND source_id = ?`, site, p.ID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// checkSourced checks a case's content as the studio would a save,
// naming each problem through add. prev is the content the case had.
func checkSourced(ctx context.Context, tx *sql.Tx, c, prev *content.Case, now time.Time, add func(field, key string)) error {
	for field, key := range c.ValidateAt(now) {
		add(field, key)
	}
	for _, check := range []func() error{
		func() error { return checkRefs(ctx, tx, c, prev) },
		func() error { return checkPhoto(ctx, tx, c) },
	} {
		err := check()
		var fe content.FieldErrors
		if errors.As(err, &fe) {
			for field, key := range fe {
				add(field, key)
			}
		} else if err != nil {
			return err
		}
	}
	return nil
}

// liveContent is the content the public gets of a case: its texts in
// the languages that were published on the old site, the others empty.
func liveContent(c *content.Case, live []content.Lang) *content.Case {
	if len(live) == 0 {
		return nil
	}
	out := c.Clone()
	for _, l := range content.Langs() {
		if !slices.Contains(live, l) {
			*out.Text(l) = content.Text{}
		}
	}
	return out
}

func (s *Store) createSourced(ctx context.Context, tx *Tx, in SourcedImport, sc *SourcedCase, seen map[string]bool, add func(field, key string)) (SourcedOutcome, error) {
	c := sc.Case.Clone()
	c.Normalize()
	bad := false
	check := func(field, key string) { bad = true; add(field, key) }
	if err := checkSourced(ctx, tx.Tx, c, nil, tx.Now, check); err != nil {
		return SourcedOutcome{}, err
	}
	base := c.Slug
	if !slugPattern.MatchString(base) || len(base) > 100 {
		base = content.MakeSlug(c)
	}
	slug, err := freeSlug(ctx, tx.Tx, base, seen)
	if err != nil {
		return SourcedOutcome{}, err
	}
	seen[slug] = true
	c.Slug = slug
	if bad {
		return SourcedOutcome{Kind: SourcedCreated, Slug: slug}, nil
	}
	ts := formatTime(tx.Now)
	res, err := tx.ExecContext(ctx, `INSERT INTO cases (slug, state, created_at, updated_at) VALUES (?, 'draft', ?, ?)`, slug, ts, ts)
	if err != nil {
		return SourcedOutcome{}, err
	}
	id, _ := res.LastInsertId()
	o := SourcedOutcome{CaseID: id, Slug: slug, Kind: SourcedCreated}
	working, _, err := s.writeSourced(ctx, tx, id, nil, c, liveContent(c, sc.Live))
	if err != nil {
		return o, err
	}
	if err := recordSources(ctx, tx, in.Site, id, working, sc, &o); err != nil {
		return o, err
	}
	return o, audit(ctx, tx, 0, "case.import_wordpress", id, working, auditSourced(in.Site, sc, false))
}

func (s *Store) updateSourced(ctx context.Context, tx *Tx, in SourcedImport, sc *SourcedCase, id int64, add func(field, key string)) (SourcedOutcome, error) {
	d, err := caseDetail(ctx, tx.Tx, id)
	if err != nil {
		return SourcedOutcome{}, err
	}
	o := SourcedOutcome{CaseID: id, Slug: d.Case.Slug, Kind: SourcedUnchanged}
	same, lastRev, err := sourcedHash(ctx, tx.Tx, in.Site, sc)
	if err != nil {
		return o, err
	}
	working := d.Case.WorkingRevisionID
	if !same {
		if lastRev != working && !in.Overwrite {
			add("", "import.edited_since")
			return o, nil
		}
		c := sc.Case.Clone()
		c.Slug = d.Case.Slug
		c.Normalize()
		bad := false
		if err := checkSourced(ctx, tx.Tx, c, d.Working.Content, tx.Now, func(field, key string) { bad = true; add(field, key) }); err != nil {
			return o, err
		}
		if bad {
			return o, nil
		}
		live := liveContent(c, sc.Live)
		wrote := false
		if working, wrote, err = s.writeSourced(ctx, tx, id, d, c, live); err != nil {
			return o, err
		}
		if wrote {
			o.Kind = SourcedUpdated
		}
	}
	if in.AsPublished && len(sc.Live) == 0 && d.Live != nil {
		o.Notes = append(o.Notes, "public in Casebook but not published on the old site: left public")
	}
	before := o.Kind
	if err := recordSources(ctx, tx, in.Site, id, working, sc, &o); err != nil {
		return o, err
	}
	if o.Kind == SourcedUnchanged && before == SourcedUnchanged {
		return o, nil
	}
	o.Kind = SourcedUpdated
	return o, audit(ctx, tx, 0, "case.import_wordpress", id, working, auditSourced(in.Site, sc, true))
}

// sourcedHash says whether every post of the case was imported before
// with the same fingerprint, and the working revision the last import
// left (0 for a post not imported before).
func sourcedHash(ctx context.Context, tx *sql.Tx, site string, sc *SourcedCase) (bool, int64, error) {
	same := true
	var rev int64
	for _, p := range sc.Posts {
		var hash string
		var r sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT hash, revision_id FROM import_sources WHERE source = ? AND source_id = ?`, site, p.ID).Scan(&hash, &r)
		if errors.Is(err, sql.ErrNoRows) {
			same = false
			continue
		}
		if err != nil {
			return false, 0, err
		}
		same = same && hash == sc.Hash
		rev = max(rev, r.Int64)
	}
	return same, rev, nil
}

// writeSourced writes a case's content as the import brings it: live,
// the content to publish (nil: none), and c, the whole content, which
// is the working revision; d is the case as it was (nil for a new one).
// A language not published on the old site waits in a draft beside the
// live revision, as an edit of a published case does. It returns the
// working revision, and whether it wrote a revision or published one.
func (s *Store) writeSourced(ctx context.Context, tx *Tx, id int64, d *CaseDetail, c, live *content.Case) (int64, bool, error) {
	n, working, state := 0, int64(0), workflow.Draft
	var curLive *content.Case
	if d != nil {
		n, working, state = d.Working.Number, d.Case.WorkingRevisionID, d.Case.State
		if d.Live != nil {
			curLive = d.Live.Content
		}
	}
	changed := d == nil || !c.Equal(d.Working.Content)
	publish := live != nil && (curLive == nil || !live.Equal(curLive))
	wrote := changed || publish
	var liveRev int64
	if publish {
		if live.Equal(c) && !changed {
			liveRev = working
		} else {
			n++
			r, err := insertRevision(ctx, tx, id, n, live, workflow.Published, 0)
			if err != nil {
				return 0, false, err
			}
			liveRev = r
			if live.Equal(c) {
				working, changed = r, false
			}
		}
	}
	if changed {
		// What waits beside a public revision is a draft, as after an
		// edit of a published case.
		st := workflow.AfterEdit(state)
		if publish || d == nil {
			st = workflow.Draft
		}
		n++
		r, err := insertRevision(ctx, tx, id, n, c, st, 0)
		if err != nil {
			return 0, false, err
		}
		working, state = r, st
	}
	ts := formatTime(tx.Now)
	if publish {
		state = workflow.Published
		if working != liveRev {
			state = workflow.Draft
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET live_revision_id = ?, published_at = ?, unpublished_at = NULL,
			unpublished_revision_id = NULL, unpublished_by = NULL, last_transition = 'publish' WHERE id = ?`, liveRev, ts, id); err != nil {
			return 0, false, err
		}
		// The public address follows the live revision, whose slug the
		// working one shares.
		slug, err := goPublic(ctx, tx.Tx, id, tx.Now)
		if err != nil {
			return 0, false, err
		}
		pub := live.Clone()
		pub.Slug = slug
		if err := s.indexPublic(ctx, tx.Tx, id, pub, tx.Now); err != nil {
			return 0, false, err
		}
	}
	q := `UPDATE cases SET working_revision_id = ?, state = ?, updated_at = ?`
	if d != nil && state == workflow.Draft && d.Case.State != workflow.Draft {
		// A new draft starts a new review round.
		q += `, submitted_by = NULL, legal_approved_by = NULL, approved_revision_id = NULL, publish_at = NULL`
	}
	if _, err := tx.ExecContext(ctx, q+` WHERE id = ?`, working, string(state), ts, id); err != nil {
		return 0, false, err
	}
	return working, wrote, nil
}

// recordSources keeps the posts the case is made of, with the
// fingerprint and the working revision of this import, and their old
// addresses; an address that is new for the case changes it (o.Kind
// becomes updated), one another case already has stays with it (a note).
func recordSources(ctx context.Context, tx *Tx, site string, id, working int64, sc *SourcedCase, o *SourcedOutcome) error {
	ts := formatTime(tx.Now)
	for _, p := range sc.Posts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_sources (source, source_id, case_id, lang, url, hash, revision_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (source, source_id) DO UPDATE SET lang = excluded.lang, url = excluded.url, hash = excluded.hash,
				revision_id = excluded.revision_id, updated_at = excluded.updated_at
			WHERE import_sources.hash IS NOT excluded.hash OR import_sources.revision_id IS NOT excluded.revision_id
			   OR import_sources.url IS NOT excluded.url OR import_sources.lang IS NOT excluded.lang`,
			site, p.ID, id, string(p.Lang), p.URL, sc.Hash, working, ts, ts); err != nil {
			return err
		}
	}
	for _, p := range sc.Paths {
		key := OldPathKey(p.Path, p.Query)
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT case_id FROM old_paths WHERE path = ?`, key).Scan(&owner)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `INSERT INTO old_paths (path, case_id, lang, source, created_at) VALUES (?, ?, ?, ?, ?)`,
				key, id, string(p.Lang), site, ts); err != nil {
				return err
			}
			if o.Kind == SourcedUnchanged {
				o.Kind = SourcedUpdated
			}
		case err != nil:
			return err
		case owner != id:
			o.Notes = append(o.Notes, fmt.Sprintf("the old address %s already leads to another case (#%d): left there", key, owner))
		}
	}
	return nil
}

func auditSourced(site string, sc *SourcedCase, updated bool) AuditSourceImport {
	a := AuditSourceImport{Site: site, Published: len(sc.Live) > 0, Updated: updated}
	for _, p := range sc.Posts {
		a.Posts = append(a.Posts, AuditSourcePost{ID: p.ID, Lang: string(p.Lang), URL: p.URL})
	}
	return a
}
