package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"casebook/content"
	"casebook/workflow"
)

// ExportFormat names the object that Export writes.
const ExportFormat = "casebook-export"

// Dump is the whole studio as Export writes it: every case with every
// revision, comment, legal review and audit entry, the accounts they name
// (without passwords), the reference lists and the images. Import of a Dump
// into an empty database gives the same Dump back.
type Dump struct {
	Format     string                `json:"format"`
	Version    int                   `json:"version"`
	ExportedAt string                `json:"exported_at"`
	Users      []DumpUser            `json:"users"`
	References map[RefKind][]DumpRef `json:"references"`
	Media      []DumpMedia           `json:"media"`
	Cases      []DumpCase            `json:"cases"`
	Audit      []DumpAudit           `json:"audit"`
	// Groups are the case groups of a file `{"groups": [...], "cases":
	// [...]}` (the design's import shape); an export carries them among
	// its references instead.
	Groups []content.Group `json:"-"`
}

// DumpUser is an account named by the dump. Passwords never leave the
// database: imported accounts are created disabled.
type DumpUser struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// DumpRef is a reference list entry.
type DumpRef struct {
	Code    string `json:"code"`
	NameRU  string `json:"name_ru"`
	NameEN  string `json:"name_en"`
	Retired bool   `json:"retired"`
	// A group's descriptions.
	DescriptionRU string `json:"description_ru,omitempty"`
	DescriptionEN string `json:"description_en,omitempty"`
}

// DumpMedia is a stored image; Data is base64 in JSON.
type DumpMedia struct {
	Hash    string `json:"hash"`
	Ext     string `json:"ext"`
	Mime    string `json:"mime"`
	Variant string `json:"variant"`
	Parent  string `json:"parent"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Data    []byte `json:"data"`
}

// DumpCase is a case: the content of its working revision at the top level,
// as the case JSON of the design, plus what the studio knows about it.
type DumpCase struct {
	content.Case
	ID              int64  `json:"id"`
	State           string `json:"state"`
	WorkingRevision int    `json:"working_revision"`
	LiveRevision    int    `json:"live_revision"`
	CreatedBy       string `json:"created_by"`
	SubmittedBy     string `json:"submitted_by"`
	LegalApprovedBy string `json:"legal_approved_by"`
	// ApprovedRevision is the number of the revision the approval of
	// this review round covers, 0 for none.
	ApprovedRevision int `json:"approved_revision,omitempty"`
	// UnpublishedRevision is the number of the revision the last
	// unpublish took off, while it may be put back; UnpublishedBy who
	// took it off.
	UnpublishedRevision int    `json:"unpublished_revision,omitempty"`
	UnpublishedBy       string `json:"unpublished_by,omitempty"`
	PublishAt           string `json:"publish_at"`
	PublishedAt         string `json:"published_at"`
	UnpublishedAt       string `json:"unpublished_at"`
	CreatedAt           string `json:"created_at"`
	UpdatedAt           string `json:"updated_at"`
	// PublicSlug is the address the public knows (see Case.PublicSlug),
	// "" while the case has never been public.
	PublicSlug string `json:"public_slug,omitempty"`
	// OldSlugs are earlier public addresses; they answer 301.
	OldSlugs []string `json:"old_slugs"`
	// ReservedSlugs are earlier working slugs that were never public:
	// still the case's, answering 404.
	ReservedSlugs []string `json:"reserved_slugs,omitempty"`
	// ImportedFrom are the posts of another site the case was imported
	// from (ImportSourced), so that an import of that site after a
	// restore still finds the case; OldAddresses the addresses that site
	// gave them, which lead to the case.
	ImportedFrom   []DumpSource     `json:"imported_from,omitempty"`
	OldAddresses   []DumpOldAddress `json:"old_addresses,omitempty"`
	LastTransition string           `json:"last_transition,omitempty"`
	Revisions      []DumpRevision   `json:"revisions"`
	Comments       []DumpComment    `json:"comments"`
	Reviews        []DumpReview     `json:"reviews"`
	Audit          []DumpAudit      `json:"audit"`

	// Private holds the case's private fields in an export made with
	// them (ExportOptions.Private); nil, and no key, otherwise.
	Private *DumpPrivate `json:"private,omitempty"`
}

// DumpSource is a post of another site a case was imported from: the
// site, the post's id there, its language and address, the fingerprint
// of what it mapped to and the working revision the import left.
type DumpSource struct {
	Source   string `json:"source"`
	ID       string `json:"id"`
	Lang     string `json:"lang"`
	URL      string `json:"url"`
	Hash     string `json:"hash"`
	Revision int    `json:"revision"`
}

// DumpOldAddress is an address of another site that leads to a case (see
// OldPathKey), with the language it leads to and the site.
type DumpOldAddress struct {
	Path   string `json:"path"`
	Lang   string `json:"lang"`
	Source string `json:"source"`
}

// DumpRevision is one revision of a case.
type DumpRevision struct {
	Number    int           `json:"number"`
	State     string        `json:"state"`
	Author    string        `json:"author"`
	CreatedAt string        `json:"created_at"`
	Content   *content.Case `json:"content"`
}

// DumpComment is a message of a case's review thread.
type DumpComment struct {
	Revision   int    `json:"revision"`
	Author     string `json:"author"`
	Transition string `json:"transition"`
	Body       string `json:"body"`
	CreatedAt  string `json:"created_at"`
	// External marks a guest's comment through a review link (no
	// author): Guest is the name the guest signed with, Link the link's
	// label. Links themselves are not exported.
	External bool   `json:"external,omitempty"`
	Guest    string `json:"guest,omitempty"`
	Link     string `json:"link,omitempty"`
}

// DumpReview is a lawyer's assessment.
type DumpReview struct {
	Revision  int             `json:"revision"`
	Lawyer    string          `json:"lawyer"`
	Review    workflow.Review `json:"review"`
	CreatedAt string          `json:"created_at"`
}

// DumpAudit is an audit entry; accounts are named by e-mail and revisions
// by number.
type DumpAudit struct {
	At       string `json:"at"`
	Actor    string `json:"actor"`
	Action   string `json:"action"`
	Revision int    `json:"revision"`
	// Detail holds the words of an entry written before migration 0017,
	// Data the action's arguments of one written since (see AuditEntry).
	Detail string          `json:"detail"`
	Data   json.RawMessage `json:"data,omitempty"`
}

// Export reads the whole studio in one snapshot, without the cases'
// private fields (see ExportWith).
func (s *Store) Export(ctx context.Context) (*Dump, error) { return s.export(ctx, false) }

func (s *Store) export(ctx context.Context, private bool) (*Dump, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d := &Dump{Format: ExportFormat, Version: 1, ExportedAt: formatTime(s.now()), References: map[RefKind][]DumpRef{}}
	emails := map[int64]string{}
	if err := each(ctx, tx, `SELECT id, email, name, role FROM users ORDER BY id`, nil, func(rows *sql.Rows) error {
		var id int64
		var u DumpUser
		if err := rows.Scan(&id, &u.Email, &u.Name, &u.Role); err != nil {
			return err
		}
		emails[id] = u.Email
		d.Users = append(d.Users, u)
		return nil
	}); err != nil {
		return nil, err
	}
	email := func(id sql.NullInt64) string { return emails[id.Int64] }
	for _, k := range RefKinds() {
		ru, en := k.columns()
		d.References[k] = []DumpRef{}
		desc := `'', ''`
		if k.HasDescription() {
			desc = `description_ru, description_en`
		}
		if err := each(ctx, tx, `SELECT code, `+ru+`, `+en+`, retired, `+desc+` FROM `+string(k)+` ORDER BY position, code`, nil, func(rows *sql.Rows) error {
			var r DumpRef
			if err := rows.Scan(&r.Code, &r.NameRU, &r.NameEN, &r.Retired, &r.DescriptionRU, &r.DescriptionEN); err != nil {
				return err
			}
			d.References[k] = append(d.References[k], r)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := each(ctx, tx, `SELECT hash, ext, mime, variant, coalesce(parent, ''), width, height, data FROM media ORDER BY variant DESC, hash`, nil, func(rows *sql.Rows) error {
		var m DumpMedia
		if err := rows.Scan(&m.Hash, &m.Ext, &m.Mime, &m.Variant, &m.Parent, &m.Width, &m.Height, &m.Data); err != nil {
			return err
		}
		d.Media = append(d.Media, m)
		return nil
	}); err != nil {
		return nil, err
	}
	var ids []int64
	if err := each(ctx, tx, `SELECT id FROM cases ORDER BY id`, nil, func(rows *sql.Rows) error {
		var id int64
		ids = append(ids, id)
		return rows.Scan(&ids[len(ids)-1])
	}); err != nil {
		return nil, err
	}
	for _, id := range ids {
		dc, err := exportCase(ctx, tx, id, email)
		if err != nil {
			return nil, err
		}
		if private {
			if dc.Private, err = exportPrivate(ctx, tx, id, email); err != nil {
				return nil, err
			}
		}
		d.Cases = append(d.Cases, *dc)
	}
	d.Audit = []DumpAudit{}
	if err := each(ctx, tx, `SELECT at, actor_id, action, detail, data FROM audit WHERE case_id IS NULL ORDER BY id`, nil, func(rows *sql.Rows) error {
		var a DumpAudit
		var actor sql.NullInt64
		var data sql.NullString
		if err := rows.Scan(&a.At, &actor, &a.Action, &a.Detail, &data); err != nil {
			return err
		}
		a.Actor, a.Data = email(actor), rawData(data)
		d.Audit = append(d.Audit, a)
		return nil
	}); err != nil {
		return nil, err
	}
	if d.Users == nil {
		d.Users = []DumpUser{}
	}
	if d.Media == nil {
		d.Media = []DumpMedia{}
	}
	if d.Cases == nil {
		d.Cases = []DumpCase{}
	}
	return d, nil
}

func exportCase(ctx context.Context, tx *sql.Tx, id int64, email func(sql.NullInt64) string) (*DumpCase, error) {
	var dc DumpCase
	var created, submitted, approved sql.NullInt64
	var working, live, approvedRev, unpubRev, unpubBy sql.NullInt64
	var publishAt, publishedAt, unpublishedAt sql.NullString
	err := tx.QueryRowContext(ctx, `
		SELECT c.id, c.slug, coalesce(c.public_slug, ''), c.state, w.number, l.number, a.number, u.number, c.unpublished_by, c.created_by, c.submitted_by, c.legal_approved_by,
		       c.publish_at, c.published_at, c.unpublished_at, c.created_at, c.updated_at, c.last_transition
		FROM cases c JOIN revisions w ON w.id = c.working_revision_id LEFT JOIN revisions l ON l.id = c.live_revision_id
		LEFT JOIN revisions a ON a.id = c.approved_revision_id LEFT JOIN revisions u ON u.id = c.unpublished_revision_id
		WHERE c.id = ?`, id).Scan(&dc.ID, &dc.Slug, &dc.PublicSlug, &dc.State, &working, &live, &approvedRev, &unpubRev, &unpubBy, &created, &submitted, &approved,
		&publishAt, &publishedAt, &unpublishedAt, &dc.CreatedAt, &dc.UpdatedAt, &dc.LastTransition)
	if err != nil {
		return nil, err
	}
	dc.WorkingRevision, dc.LiveRevision, dc.ApprovedRevision = int(working.Int64), int(live.Int64), int(approvedRev.Int64)
	dc.UnpublishedRevision, dc.UnpublishedBy = int(unpubRev.Int64), email(unpubBy)
	dc.CreatedBy, dc.SubmittedBy, dc.LegalApprovedBy = email(created), email(submitted), email(approved)
	dc.PublishAt, dc.PublishedAt, dc.UnpublishedAt = publishAt.String, publishedAt.String, unpublishedAt.String
	numbers := map[int64]int{}
	if err := each(ctx, tx, `SELECT id, number, state, author_id, created_at, content FROM revisions WHERE case_id = ? ORDER BY number`, []any{id}, func(rows *sql.Rows) error {
		var r DumpRevision
		var rid int64
		var author sql.NullInt64
		var body string
		if err := rows.Scan(&rid, &r.Number, &r.State, &author, &r.CreatedAt, &body); err != nil {
			return err
		}
		r.Author = email(author)
		r.Content = new(content.Case)
		if err := json.Unmarshal([]byte(body), r.Content); err != nil {
			return err
		}
		numbers[rid] = r.Number
		dc.Revisions = append(dc.Revisions, r)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, r := range dc.Revisions {
		if r.Number == dc.WorkingRevision {
			dc.Case = *r.Content
		}
	}
	if err := tx.QueryRowContext(ctx, `SELECT slug FROM cases WHERE id = ?`, id).Scan(&dc.Slug); err != nil {
		return nil, err
	}
	dc.OldSlugs = []string{}
	if err := each(ctx, tx, `SELECT slug, public FROM slug_history WHERE case_id = ? ORDER BY created_at, slug`, []any{id}, func(rows *sql.Rows) error {
		var slug string
		var public bool
		if err := rows.Scan(&slug, &public); err != nil {
			return err
		}
		if public {
			dc.OldSlugs = append(dc.OldSlugs, slug)
		} else {
			dc.ReservedSlugs = append(dc.ReservedSlugs, slug)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, tx, `SELECT source, source_id, lang, url, hash, revision_id FROM import_sources WHERE case_id = ? ORDER BY source, source_id`, []any{id}, func(rows *sql.Rows) error {
		var src DumpSource
		var rev sql.NullInt64
		if err := rows.Scan(&src.Source, &src.ID, &src.Lang, &src.URL, &src.Hash, &rev); err != nil {
			return err
		}
		src.Revision = numbers[rev.Int64]
		dc.ImportedFrom = append(dc.ImportedFrom, src)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, tx, `SELECT path, lang, source FROM old_paths WHERE case_id = ? ORDER BY path`, []any{id}, func(rows *sql.Rows) error {
		var a DumpOldAddress
		if err := rows.Scan(&a.Path, &a.Lang, &a.Source); err != nil {
			return err
		}
		dc.OldAddresses = append(dc.OldAddresses, a)
		return nil
	}); err != nil {
		return nil, err
	}
	dc.Comments = []DumpComment{}
	if err := each(ctx, tx, `SELECT revision_id, author_id, transition, body, created_at, external, guest_name, link_label FROM comments WHERE case_id = ? ORDER BY id`, []any{id}, func(rows *sql.Rows) error {
		var c DumpComment
		var rev, author sql.NullInt64
		if err := rows.Scan(&rev, &author, &c.Transition, &c.Body, &c.CreatedAt, &c.External, &c.Guest, &c.Link); err != nil {
			return err
		}
		c.Revision, c.Author = numbers[rev.Int64], email(author)
		dc.Comments = append(dc.Comments, c)
		return nil
	}); err != nil {
		return nil, err
	}
	dc.Reviews = []DumpReview{}
	if err := each(ctx, tx, `SELECT revision_id, lawyer_id, review, created_at FROM legal_reviews WHERE case_id = ? ORDER BY id`, []any{id}, func(rows *sql.Rows) error {
		var r DumpReview
		var rev, lawyer sql.NullInt64
		var body string
		if err := rows.Scan(&rev, &lawyer, &body, &r.CreatedAt); err != nil {
			return err
		}
		r.Revision, r.Lawyer = numbers[rev.Int64], email(lawyer)
		if err := json.Unmarshal([]byte(body), &r.Review); err != nil {
			return err
		}
		dc.Reviews = append(dc.Reviews, r)
		return nil
	}); err != nil {
		return nil, err
	}
	dc.Audit = []DumpAudit{}
	if err := each(ctx, tx, `SELECT at, actor_id, action, revision_id, detail, data FROM audit WHERE case_id = ? ORDER BY id`, []any{id}, func(rows *sql.Rows) error {
		var a DumpAudit
		var actor, rev sql.NullInt64
		var data sql.NullString
		if err := rows.Scan(&a.At, &actor, &a.Action, &rev, &a.Detail, &data); err != nil {
			return err
		}
		a.Actor, a.Revision, a.Data = email(actor), numbers[rev.Int64], rawData(data)
		dc.Audit = append(dc.Audit, a)
		return nil
	}); err != nil {
		return nil, err
	}
	return &dc, nil
}

func each(ctx context.Context, tx *sql.Tx, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Problem is one thing wrong with an import file: which case (by position
// and slug), which field, and a message catalog key.
type Problem struct {
	Index int
	Slug  string
	Field string
	Key   string
}

// ImportError lists every problem found; nothing was imported.
type ImportError struct{ Problems []Problem }

func (e *ImportError) Error() string {
	return fmt.Sprintf("import refused: %d problems", len(e.Problems))
}

// ImportOptions changes how plain cases are imported.
type ImportOptions struct {
	// AsPublished publishes plain cases at once, for moving an existing
	// site over; otherwise they are drafts.
	AsPublished bool
	// Source names the file, for the audit log.
	Source string
	// Progress, if set, is called as cases are written.
	Progress func(done, total int)
}

// ParseImport reads an import file: a JSON array of cases in the schema
// of the design, or the object Export writes.
func ParseImport(data []byte) (*Dump, error) {
	trimmed := strings.TrimLeft(string(data), " \t\r\n\ufeff")
	if strings.HasPrefix(trimmed, "[") {
		var cases []content.Case
		dec := json.NewDecoder(strings.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cases); err != nil {
			return nil, fmt.Errorf("not a JSON array of cases: %w", err)
		}
		d := &Dump{}
		for _, c := range cases {
			d.Cases = append(d.Cases, DumpCase{Case: c})
		}
		return d, nil
	}
	var d Dump
	if err := json.Unmarshal([]byte(trimmed), &d); err != nil {
		return nil, fmt.Errorf("not a JSON array of cases nor a Casebook export: %w", err)
	}
	if d.Format == "" {
		// The design's object of groups and cases.
		var gc struct {
			Groups []content.Group `json:"groups"`
			Cases  []content.Case  `json:"cases"`
		}
		dec := json.NewDecoder(strings.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&gc); err != nil {
			return nil, fmt.Errorf("not an object of groups and cases: %w", err)
		}
		out := &Dump{Groups: gc.Groups}
		for _, c := range gc.Cases {
			out.Cases = append(out.Cases, DumpCase{Case: c})
		}
		return out, nil
	}
	if d.Format != ExportFormat {
		return nil, fmt.Errorf("not a Casebook export (format %q)", d.Format)
	}
	if d.Version != 1 {
		return nil, fmt.Errorf("export version %d is not supported", d.Version)
	}
	return &d, nil
}

// Import writes the cases of d in one transaction: all of them or, when
// any is wrong, none, with every problem reported. Plain cases (no
// revisions) become drafts, or published with AsPublished; cases of an
// export keep their revisions, states, comments, reviews and audit entries.
func (s *Store) Import(ctx context.Context, d *Dump, opt ImportOptions) (int, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	users := map[string]int64{}
	for _, u := range d.Users {
		id, err := ensureUser(ctx, tx.Tx, u, tx.Now)
		if err != nil {
			return 0, err
		}
		users[strings.ToLower(u.Email)] = id
	}
	user := func(email string) (any, error) {
		if email == "" {
			return nil, nil
		}
		if id, ok := users[strings.ToLower(email)]; ok {
			return id, nil
		}
		// An export names every account it uses; a hand-written file may
		// not, and then the account is made (disabled) from the e-mail.
		id, err := ensureUser(ctx, tx.Tx, DumpUser{Email: email, Role: string(workflow.Researcher)}, tx.Now)
		if err != nil {
			return nil, err
		}
		users[strings.ToLower(email)] = id
		return id, nil
	}
	for _, k := range RefKinds() {
		for _, r := range d.References[k] {
			in := RefInput{Code: r.Code, NameRU: r.NameRU, NameEN: r.NameEN, Retired: r.Retired, DescRU: r.DescriptionRU, DescEN: r.DescriptionEN}
			if err := insertRef(ctx, tx.Tx, k, in, false); err != nil {
				return 0, err
			}
		}
	}
	// A file's groups are created, or updated, before the cases that
	// name them; a group wrong in the file is a problem like a case's.
	var groupProblems []Problem
	for i, g := range d.Groups {
		in := RefInput{Code: g.Code, NameRU: g.RU.Name, NameEN: g.EN.Name, DescRU: g.RU.Description, DescEN: g.EN.Description}
		if fe := in.validate(RefGroups, true); fe != nil {
			for field, key := range fe {
				groupProblems = append(groupProblems, Problem{Index: i + 1, Slug: g.Code, Field: "groups." + field, Key: key})
			}
			continue
		}
		if err := insertRef(ctx, tx.Tx, RefGroups, in, true); err != nil {
			return 0, err
		}
	}
	for _, m := range d.Media {
		var parent any
		if m.Parent != "" {
			parent = m.Parent
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO media (hash, ext, mime, variant, parent, width, height, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
			m.Hash, m.Ext, m.Mime, m.Variant, parent, m.Width, m.Height, m.Data, formatTime(tx.Now)); err != nil {
			return 0, err
		}
	}
	if problems, err := s.checkImport(ctx, tx.Tx, d); err != nil {
		return 0, err
	} else if problems = append(groupProblems, problems...); len(problems) > 0 {
		return 0, &ImportError{Problems: problems}
	}
	now := tx.Now
	for i := range d.Cases {
		dc := &d.Cases[i]
		if len(dc.Revisions) == 0 {
			err = s.importPlain(ctx, tx, dc, opt, now)
		} else {
			err = s.importFull(ctx, tx, dc, user, opt, now)
		}
		if err != nil {
			return 0, fmt.Errorf("case %d (%s): %w", i+1, dc.Slug, err)
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(d.Cases))
		}
	}
	for _, a := range d.Audit {
		actor, err := user(a.Actor)
		if err != nil {
			return 0, err
		}
		data, err := dataColumn(a.Data)
		if err != nil {
			return 0, fmt.Errorf("audit entry %s %s: %w", a.At, a.Action, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor_id, action, detail, data) VALUES (?, ?, ?, ?, ?)`, a.At, actor, a.Action, a.Detail, data); err != nil {
			return 0, err
		}
	}
	if err := audit(ctx, tx, 0, "import", 0, 0, AuditImport{Cases: len(d.Cases), Source: opt.Source}); err != nil {
		return 0, err
	}
	// A bulk load leaves the search index in many segments.
	if err := optimizeSearch(ctx, tx.Tx); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	s.bump()
	return len(d.Cases), nil
}

// freeSlug returns base, or base-2, base-3..., whichever is used neither
// in the database nor by another case of the file.
func freeSlug(ctx context.Context, tx *sql.Tx, base string, seen map[string]bool) (string, error) {
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		if seen[slug] {
			continue
		}
		if used, err := slugUsed(ctx, tx, slug, 0); err != nil || !used {
			return slug, err
		}
	}
}

func ensureUser(ctx context.Context, tx *sql.Tx, u DumpUser, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, u.Email).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	role, ok := workflow.ParseRole(u.Role)
	if !ok {
		role = workflow.Researcher
	}
	// No password hash can match "!": the account exists for attribution
	// until an administrator sets a password and enables it.
	res, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, '!', 1, ?)`,
		u.Email, u.Name, string(role), formatTime(now))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// checkImport validates every case against the rules of the studio before
// anything is written, and lists all that is wrong.
func (s *Store) checkImport(ctx context.Context, tx *sql.Tx, d *Dump) ([]Problem, error) {
	var problems []Problem
	seen := map[string]bool{}
	for i := range d.Cases {
		dc := &d.Cases[i]
		add := func(field, key string) {
			problems = append(problems, Problem{Index: i + 1, Slug: dc.Slug, Field: field, Key: key})
		}
		contents := []*content.Case{&dc.Case}
		if len(dc.Revisions) > 0 {
			contents = nil
			working := false
			for j, r := range dc.Revisions {
				if r.Content == nil || r.Number != j+1 {
					add("revisions", "import.revisions")
					break
				}
				working = working || r.Number == dc.WorkingRevision
				contents = append(contents, r.Content)
			}
			if !working || (dc.LiveRevision != 0 && dc.LiveRevision > len(dc.Revisions)) {
				add("revisions", "import.revisions")
			}
			if !slices.Contains(workflow.States(), workflow.State(dc.State)) {
				add("state", "error.unknown_value")
			}
		}
		for _, c := range contents {
			// A revision of an export is stored as the file has it, in
			// the shape it was written in: one written before
			// prosecutions keeps its top-level fields and gains none, as
			// old revisions are never rewritten (reading one gives it
			// the prosecution they make). A plain case is saved anew,
			// and so in today's shape.
			old := len(dc.Revisions) > 0 && len(c.Prosecutions) == 0
			c.Normalize()
			for field, key := range c.Validate() {
				add(field, key)
			}
			var ie error
			if err := checkRefs(ctx, tx, c, nil); err != nil {
				ie = err
			} else if err := checkPhoto(ctx, tx, c); err != nil {
				ie = err
			}
			var fe content.FieldErrors
			if errors.As(ie, &fe) {
				for field, key := range fe {
					add(field, key)
				}
			} else if ie != nil {
				return nil, ie
			}
			if old {
				c.Prosecutions = nil
			}
		}
		privateProblems(dc.Private, add)
		var slugs []string
		switch {
		case dc.Slug == "" && len(dc.Revisions) > 0:
			add("slug", "error.slug")
		case dc.Slug == "":
			// A plain case without a slug gets one from its name, free in
			// the database and in the file alike.
			slug, err := freeSlug(ctx, tx, content.MakeSlug(&dc.Case), seen)
			if err != nil {
				return nil, err
			}
			dc.Slug = slug
			seen[slug] = true
		case !slugPattern.MatchString(dc.Slug) || len(dc.Slug) > 100:
			add("slug", "error.slug")
		default:
			slugs = append(slugs, dc.Slug)
		}
		if dc.PublicSlug != "" && dc.PublicSlug != dc.Slug {
			if !slugPattern.MatchString(dc.PublicSlug) {
				add("public_slug", "error.slug")
			} else {
				slugs = append(slugs, dc.PublicSlug)
			}
		}
		for _, old := range append(slices.Clone(dc.OldSlugs), dc.ReservedSlugs...) {
			if !slugPattern.MatchString(old) {
				add("old_slugs", "error.slug")
				continue
			}
			slugs = append(slugs, old)
		}
		for _, slug := range slugs {
			if seen[slug] {
				add("slug", "import.duplicate_slug")
			}
			seen[slug] = true
			if used, err := slugUsed(ctx, tx, slug, 0); err != nil {
				return nil, err
			} else if used {
				add("slug", "error.slug_taken")
			}
		}
	}
	// Problems are reported in file order, fields sorted within a case.
	slices.SortStableFunc(problems, func(a, b Problem) int {
		if a.Index != b.Index {
			return a.Index - b.Index
		}
		return strings.Compare(a.Field, b.Field)
	})
	return slices.CompactFunc(problems, func(a, b Problem) bool { return a == b }), nil
}

// importPlain writes a case of the design's schema as a new draft (or,
// with AsPublished, as a published case).
func (s *Store) importPlain(ctx context.Context, tx *Tx, dc *DumpCase, opt ImportOptions, now time.Time) error {
	c := dc.Case.Clone()
	c.Normalize()
	slug := dc.Slug
	c.Slug = slug
	state := workflow.Draft
	if opt.AsPublished {
		state = workflow.Published
	}
	ts := formatTime(now)
	res, err := tx.ExecContext(ctx, `INSERT INTO cases (slug, state, created_at, updated_at) VALUES (?, ?, ?, ?)`, slug, string(state), ts, ts)
	if err != nil {
		return err
	}
	id, _ := res.LastInsertId()
	revID, err := insertRevision(ctx, tx, id, 1, c, state, 0)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET working_revision_id = ? WHERE id = ?`, revID, id); err != nil {
		return err
	}
	if opt.AsPublished {
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET live_revision_id = ?, published_at = ?, public_slug = slug WHERE id = ?`, revID, ts, id); err != nil {
			return err
		}
		if err := s.indexPublic(ctx, tx.Tx, id, c, now); err != nil {
			return err
		}
	}
	if err := importPrivate(ctx, tx, id, dc.Private, nil); err != nil {
		return err
	}
	return audit(ctx, tx, 0, "case.import", id, revID, AuditCaseImport{Source: opt.Source, Published: opt.AsPublished})
}

// importFull restores a case of an export with its whole history.
func (s *Store) importFull(ctx context.Context, tx *Tx, dc *DumpCase, user func(string) (any, error), opt ImportOptions, now time.Time) error {
	var idArg any
	var taken int
	if dc.ID > 0 {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE id = ?`, dc.ID).Scan(&taken); err != nil {
			return err
		}
		if taken == 0 {
			idArg = dc.ID // keep the case's number where it is free
		}
	}
	created, err := user(dc.CreatedBy)
	if err != nil {
		return err
	}
	submitted, err := user(dc.SubmittedBy)
	if err != nil {
		return err
	}
	approved, err := user(dc.LegalApprovedBy)
	if err != nil {
		return err
	}
	publicSlug := dc.PublicSlug
	if publicSlug == "" && (dc.LiveRevision != 0 || dc.UnpublishedAt != "") {
		// An export written before the public address was kept apart:
		// the case was public under its one slug.
		publicSlug = dc.Slug
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO cases (id, slug, public_slug, state, submitted_by, legal_approved_by, publish_at, published_at, unpublished_at, created_by, created_at, updated_at, last_transition)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		idArg, dc.Slug, nullText(publicSlug), dc.State, submitted, approved, nullText(dc.PublishAt), nullText(dc.PublishedAt), nullText(dc.UnpublishedAt), created, dc.CreatedAt, dc.UpdatedAt, dc.LastTransition)
	if err != nil {
		return err
	}
	id, _ := res.LastInsertId()
	revIDs := map[int]int64{}
	for _, r := range dc.Revisions {
		author, err := user(r.Author)
		if err != nil {
			return err
		}
		body, err := json.Marshal(r.Content)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO revisions (case_id, number, content, state, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, r.Number, string(body), r.State, author, r.CreatedAt)
		if err != nil {
			return err
		}
		revIDs[r.Number], _ = res.LastInsertId()
	}
	rev := func(n int) any {
		if id, ok := revIDs[n]; ok {
			return id
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET working_revision_id = ?, live_revision_id = ? WHERE id = ?`, rev(dc.WorkingRevision), rev(dc.LiveRevision), id); err != nil {
		return err
	}
	for i, slug := range append(slices.Clone(dc.OldSlugs), dc.ReservedSlugs...) {
		// A case never public has no public old address, whatever an
		// older export called its old slugs.
		public := i < len(dc.OldSlugs) && publicSlug != ""
		if _, err := tx.ExecContext(ctx, `INSERT INTO slug_history (slug, case_id, created_at, public) VALUES (?, ?, ?, ?)`, slug, id, formatTime(now), public); err != nil {
			return err
		}
	}
	for _, src := range dc.ImportedFrom {
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_sources (source, source_id, case_id, lang, url, hash, revision_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, source_id) DO NOTHING`,
			src.Source, src.ID, id, src.Lang, src.URL, src.Hash, rev(src.Revision), formatTime(now), formatTime(now)); err != nil {
			return err
		}
	}
	for _, a := range dc.OldAddresses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO old_paths (path, case_id, lang, source, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (path) DO NOTHING`, a.Path, id, a.Lang, a.Source, formatTime(now)); err != nil {
			return err
		}
	}
	for _, c := range dc.Comments {
		// A guest's comment has no author, whatever a file says.
		var author any
		if !c.External {
			if author, err = user(c.Author); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO comments (case_id, revision_id, author_id, transition, body, created_at, external, guest_name, link_label)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, rev(c.Revision), author, c.Transition, c.Body, c.CreatedAt, c.External, c.Guest, c.Link); err != nil {
			return err
		}
	}
	for _, r := range dc.Reviews {
		lawyer, err := user(r.Lawyer)
		if err != nil {
			return err
		}
		body, err := json.Marshal(r.Review)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO legal_reviews (case_id, revision_id, lawyer_id, review, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, rev(r.Revision), lawyer, string(body), r.CreatedAt); err != nil {
			return err
		}
	}
	// An export written before approvals named their revision: the
	// latest review's, as migration 0012 took it.
	approvedRev := rev(dc.ApprovedRevision)
	if dc.ApprovedRevision == 0 && approved != nil && len(dc.Reviews) > 0 {
		approvedRev = rev(dc.Reviews[len(dc.Reviews)-1].Revision)
	}
	unpublishedBy, err := user(dc.UnpublishedBy)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET approved_revision_id = ?, unpublished_revision_id = ?, unpublished_by = ? WHERE id = ?`,
		approvedRev, rev(dc.UnpublishedRevision), unpublishedBy, id); err != nil {
		return err
	}
	for _, a := range dc.Audit {
		actor, err := user(a.Actor)
		if err != nil {
			return err
		}
		data, err := dataColumn(a.Data)
		if err != nil {
			return fmt.Errorf("audit entry %s %s: %w", a.At, a.Action, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor_id, action, case_id, revision_id, detail, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.At, actor, a.Action, id, rev(a.Revision), a.Detail, data); err != nil {
			return err
		}
	}
	if dc.LiveRevision != 0 {
		// Indexed as read: an old revision as its one prosecution.
		live := dc.Revisions[dc.LiveRevision-1].Content.Clone()
		live.Normalize()
		live.Slug = publicSlug
		published := parseTime(dc.PublishedAt)
		if published.IsZero() {
			published = now
		}
		if err := s.indexPublic(ctx, tx.Tx, id, live, published); err != nil {
			return err
		}
	}
	if err := importPrivate(ctx, tx, id, dc.Private, user); err != nil {
		return err
	}
	return audit(ctx, tx, 0, "case.import", id, revIDs[dc.WorkingRevision], AuditCaseImport{Source: opt.Source, History: true})
}

// rawData is an audit entry's data column for the export: nil for an
// entry written before the column existed, so that the key is left out.
func rawData(data sql.NullString) json.RawMessage {
	if !data.Valid {
		return nil
	}
	return json.RawMessage(data.String)
}

// dataColumn is an exported audit entry's data as the column holds it:
// compact, as the store writes it, so that an export of the import gives
// the same bytes; NULL where the entry has none.
func dataColumn(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, errors.New("its data is not a JSON object")
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, err
	}
	return b.String(), nil
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
