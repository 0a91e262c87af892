package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"

	"casebook/errs"
	"casebook/workflow"
)

// ReviewLink is a link that lets a person without an account read one
// case's draft (see workflow.ReviewScope). Its token is shown to its maker
// once and never stored: the table holds its SHA-256.
type ReviewLink struct {
	ID     int64
	CaseID int64
	Label  string
	Scope  workflow.ReviewScope
	// RevisionID and Revision are the pinned revision's id and number, 0
	// while the link shows the case's working revision at each view.
	RevisionID    int64
	Revision      int
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
	ExpiresAt     time.Time
	// EndedAt and EndedWhy (workflow.LinkRevoked, …) are zero while the
	// link is live; EndedByName is who revoked it.
	EndedAt      time.Time
	EndedWhy     string
	EndedByName  string
	Views        int
	LastViewedAt time.Time
}

// Live reports whether the link still opens.
func (l *ReviewLink) Live() bool { return l.EndedAt.IsZero() }

// reviewTokenBytes is the length of a token's secret: 256 bits from
// crypto/rand, which nobody guesses.
const reviewTokenBytes = 32

// errLinkEnded is the answer for a token that opens nothing: unknown,
// malformed, revoked, expired or ended by a publication. They are one
// answer, so that it tells nothing of which.
var errLinkEnded = errs.NotFound("guest.ended.message")

// newReviewToken makes a token: its text for the URL, and the hash and
// key the table keeps.
func newReviewToken() (string, []byte, int64, error) {
	raw := make([]byte, reviewTokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, 0, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	hash, key := hashReviewToken(raw)
	return token, hash, key, nil
}

func hashReviewToken(raw []byte) ([]byte, int64) {
	sum := sha256.Sum256(raw)
	return sum[:], int64(binary.BigEndian.Uint64(sum[:8]))
}

// parseReviewToken reads a token from a URL: the base64url text of 32
// bytes as newReviewToken writes it, nothing else.
func parseReviewToken(token string) (hash []byte, key int64, ok bool) {
	if len(token) != base64.RawURLEncoding.EncodedLen(reviewTokenBytes) {
		return nil, 0, false
	}
	// Strict: the one spelling of the bytes, so that no two addresses
	// open one link.
	raw, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(raw) != reviewTokenBytes {
		return nil, 0, false
	}
	hash, key = hashReviewToken(raw)
	return hash, key, true
}

// ReviewLinkInput is a new link: what its maker chose, and the revision
// to pin it to (0 for none).
type ReviewLinkInput struct {
	workflow.ReviewLinkRequest
	PinRevisionID int64
}

// CreateReviewLink makes a review link for the case and returns it with
// its token, which exists nowhere else from now on: the caller shows it
// once.
func (s *Store) CreateReviewLink(ctx context.Context, actor *User, caseID int64, in ReviewLinkInput) (*ReviewLink, string, error) {
	if !workflow.CanManageReviewLinks(actor.Actor()) {
		return nil, "", errs.Forbidden("reviewlink.error.role")
	}
	in.Label = strings.TrimSpace(in.Label)
	if fe := in.Problems(); fe != nil {
		return nil, "", invalid(fe)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE id = ?`, caseID).Scan(&caseID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, "", errs.NotFound("error.404.message")
		}
		return nil, "", err
	}
	l := &ReviewLink{CaseID: caseID, Label: in.Label, Scope: in.Scope, CreatedBy: actor.ID, CreatedAt: tx.Now, ExpiresAt: tx.Now.Add(in.TTL)}
	if in.PinRevisionID != 0 {
		err := tx.QueryRowContext(ctx, `SELECT id, number FROM revisions WHERE id = ? AND case_id = ?`, in.PinRevisionID, caseID).Scan(&l.RevisionID, &l.Revision)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, "", errs.Invalid("reviewlink.error.revision")
		}
		if err != nil {
			return nil, "", err
		}
	}
	token, hash, key, err := newReviewToken()
	if err != nil {
		return nil, "", err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO review_links (case_id, token_key, token_hash, label, scope, revision_id, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		caseID, key, hash, l.Label, string(l.Scope), nullID(l.RevisionID), actor.ID, formatTime(l.CreatedAt), formatTime(l.ExpiresAt))
	if err != nil {
		return nil, "", err
	}
	l.ID, _ = res.LastInsertId()
	if err := audit(ctx, tx, actor.ID, "review_link.create", caseID, l.RevisionID, AuditReviewLinkCreate{
		Link: l.ID, Label: l.Label, Scope: string(l.Scope), Expires: l.ExpiresAt.UTC(), Revision: l.Revision}); err != nil {
		return nil, "", err
	}
	if err := tx.Commit(); err != nil {
		return nil, "", err
	}
	return l, token, nil
}

// RevokeReviewLink ends a live link of the case at once. It reports
// whether it did: a link that had already ended stays as it ended.
func (s *Store) RevokeReviewLink(ctx context.Context, actor *User, caseID, linkID int64) (bool, error) {
	if !workflow.CanManageReviewLinks(actor.Actor()) {
		return false, errs.Forbidden("reviewlink.error.role")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	l, err := scanReviewLink(tx.QueryRowContext(ctx, `SELECT `+reviewLinkColumns+` FROM review_links l
		LEFT JOIN revisions r ON r.id = l.revision_id LEFT JOIN users u ON u.id = l.created_by LEFT JOIN users e ON e.id = l.ended_by
		WHERE l.id = ? AND l.case_id = ?`, linkID, caseID))
	if errors.Is(err, sql.ErrNoRows) {
		return false, errs.NotFound("reviewlink.error.unknown")
	}
	if err != nil {
		return false, err
	}
	if ended, err := settleExpiry(ctx, tx, l); err != nil || ended {
		if err == nil {
			err = tx.Commit()
		}
		return false, err
	}
	if !l.Live() {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE review_links SET ended_at = ?, ended_why = ?, ended_by = ? WHERE id = ?`,
		formatTime(tx.Now), workflow.LinkRevoked, actor.ID, l.ID); err != nil {
		return false, err
	}
	if err := audit(ctx, tx, actor.ID, "review_link.revoke", caseID, l.RevisionID, AuditReviewLink{Link: l.ID, Label: l.Label}); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// ReviewLinksPage is the studio's page of a case's review links.
type ReviewLinksPage struct {
	Detail *CaseDetail
	// Links are every link of the case, newest first; one past its
	// expiry is shown as ended by it.
	Links []ReviewLink
}

// ReviewLinks reads a case with its review links in one transaction.
func (s *Store) ReviewLinks(ctx context.Context, caseID int64) (*ReviewLinksPage, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	p := &ReviewLinksPage{Detail: d}
	now := s.now()
	err = each(ctx, tx, `SELECT `+reviewLinkColumns+` FROM review_links l
		LEFT JOIN revisions r ON r.id = l.revision_id LEFT JOIN users u ON u.id = l.created_by LEFT JOIN users e ON e.id = l.ended_by
		WHERE l.case_id = ? ORDER BY l.id DESC`, []any{caseID}, func(rows *sql.Rows) error {
		l, err := scanReviewLink(rows)
		if err != nil {
			return err
		}
		if l.Live() && !now.Before(l.ExpiresAt) {
			l.EndedAt, l.EndedWhy = l.ExpiresAt, workflow.LinkExpired
		}
		p.Links = append(p.Links, *l)
		return nil
	})
	return p, err
}

const reviewLinkColumns = `l.id, l.case_id, l.label, l.scope, coalesce(l.revision_id, 0), coalesce(r.number, 0),
	coalesce(l.created_by, 0), coalesce(nullif(u.name, ''), u.email, ''), l.created_at, l.expires_at,
	l.ended_at, coalesce(l.ended_why, ''), coalesce(nullif(e.name, ''), e.email, ''), l.views, l.last_viewed_at`

func scanReviewLink(row interface{ Scan(...any) error }) (*ReviewLink, error) {
	var l ReviewLink
	var scope, created, expires string
	var ended, viewed sql.NullString
	if err := row.Scan(&l.ID, &l.CaseID, &l.Label, &scope, &l.RevisionID, &l.Revision, &l.CreatedBy, &l.CreatedByName,
		&created, &expires, &ended, &l.EndedWhy, &l.EndedByName, &l.Views, &viewed); err != nil {
		return nil, err
	}
	l.Scope = workflow.ReviewScope(scope)
	l.CreatedAt, l.ExpiresAt = parseTime(created), parseTime(expires)
	l.EndedAt, l.LastViewedAt = parseNullTime(ended), parseNullTime(viewed)
	return &l, nil
}

// settleExpiry records that a live link past its expiry ended by it (at
// its expiry), and reports whether it did.
func settleExpiry(ctx context.Context, tx *Tx, l *ReviewLink) (bool, error) {
	if !l.Live() || tx.Now.Before(l.ExpiresAt) {
		return false, nil
	}
	l.EndedAt, l.EndedWhy = l.ExpiresAt, workflow.LinkExpired
	_, err := tx.ExecContext(ctx, `UPDATE review_links SET ended_at = ?, ended_why = ? WHERE id = ? AND ended_at IS NULL`,
		formatTime(l.ExpiresAt), workflow.LinkExpired, l.ID)
	return err == nil, err
}

// ReviewVisit is what a live link shows: the link, its case and the
// revision (the pinned one, or the working one now).
type ReviewVisit struct {
	Link     ReviewLink
	Case     Case
	Revision *Revision
}

// openReviewLink finds the live link of a token in the caller's write
// transaction, with what it shows. Candidates are found by the first
// bytes of the token's hash and the whole hash is compared in constant
// time, so that the lookup's timing tells nothing of a stored hash. A
// token that opens nothing is errLinkEnded; a link found past its expiry
// is recorded as ended by it first, and ended reports that the caller
// must commit that before answering.
func openReviewLink(ctx context.Context, tx *Tx, token string) (v *ReviewVisit, ended bool, err error) {
	hash, key, ok := parseReviewToken(token)
	if !ok {
		return nil, false, errLinkEnded
	}
	var found *ReviewLink
	var stored [][]byte
	var candidates []*ReviewLink
	if err := each(ctx, tx.Tx, `SELECT l.token_hash, `+reviewLinkColumns+` FROM review_links l
		LEFT JOIN revisions r ON r.id = l.revision_id LEFT JOIN users u ON u.id = l.created_by LEFT JOIN users e ON e.id = l.ended_by
		WHERE l.token_key = ?`, []any{key}, func(rows *sql.Rows) error {
		var h []byte
		l, err := scanReviewLink(scanFirst{rows, &h})
		if err != nil {
			return err
		}
		stored, candidates = append(stored, h), append(candidates, l)
		return nil
	}); err != nil {
		return nil, false, err
	}
	for i, h := range stored {
		if subtle.ConstantTimeCompare(h, hash) == 1 {
			found = candidates[i]
		}
	}
	if found == nil || !found.Live() {
		return nil, false, errLinkEnded
	}
	if ended, err := settleExpiry(ctx, tx, found); err != nil || ended {
		return nil, ended, err
	}
	d, err := caseDetail(ctx, tx.Tx, found.CaseID)
	if err != nil {
		return nil, false, err
	}
	v = &ReviewVisit{Link: *found, Case: d.Case, Revision: d.Working}
	if found.RevisionID != 0 && found.RevisionID != d.Working.ID {
		if v.Revision, err = revision(ctx, tx.Tx, found.RevisionID); err != nil {
			return nil, false, err
		}
	}
	return v, false, nil
}

// scanFirst scans one column into first and the rest as the row's
// scanner would.
type scanFirst struct {
	rows  *sql.Rows
	first any
}

func (s scanFirst) Scan(dest ...any) error { return s.rows.Scan(append([]any{s.first}, dest...)...) }

// VisitReviewLink opens a review link's page: the revision it shows, with
// its case. count says that this is a view (the guest's page, not its
// photo): it counts, with the time, and is an audit entry naming the link
// and never the visitor. A token that opens nothing (unknown, ended, past
// its expiry) is one not-found error, whichever it is.
func (s *Store) VisitReviewLink(ctx context.Context, token string, count bool) (*ReviewVisit, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	v, err := openLiveLink(ctx, tx, token)
	if err != nil {
		return nil, err
	}
	if !count {
		return v, nil
	}
	if !workflow.GuestMay(v.Link.Scope, workflow.GuestView) {
		return nil, errLinkEnded
	}
	if _, err := tx.ExecContext(ctx, `UPDATE review_links SET views = views + 1, last_viewed_at = ? WHERE id = ?`, formatTime(tx.Now), v.Link.ID); err != nil {
		return nil, err
	}
	v.Link.Views++
	v.Link.LastViewedAt = tx.Now
	if err := audit(ctx, tx, 0, "review_link.view", v.Case.ID, v.Revision.ID, AuditReviewLink{Link: v.Link.ID, Label: v.Link.Label}); err != nil {
		return nil, err
	}
	return v, tx.Commit()
}

// openLiveLink opens the live link of token in tx. A link found ended
// (perhaps only now, by its expiry, which openReviewLink records) commits
// that and answers errLinkEnded, like a token that opens nothing.
func openLiveLink(ctx context.Context, tx *Tx, token string) (*ReviewVisit, error) {
	v, ended, err := openReviewLink(ctx, tx, token)
	if ended {
		if err := tx.Commit(); err != nil {
			return nil, err
		}
		return nil, errLinkEnded
	}
	return v, err
}

// AddGuestComment writes a guest's comment, through a live comment link,
// into the case's thread: without an author account, signed with the
// free name, marked as external with the link and its label, on the
// revision the link shows. It is an audit entry naming the link, never
// the visitor. Nothing else is open to a guest: no transition, no edit.
func (s *Store) AddGuestComment(ctx context.Context, token, name, body string) (*ReviewVisit, error) {
	name, body = strings.TrimSpace(name), strings.TrimSpace(body)
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	v, err := openLiveLink(ctx, tx, token)
	if err != nil {
		return nil, err
	}
	if !workflow.GuestMay(v.Link.Scope, workflow.GuestComment) {
		return nil, errs.Forbidden("guest.error.view_only")
	}
	if fe := workflow.GuestCommentProblems(name, body); fe != nil {
		return nil, invalid(fe)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO comments (case_id, revision_id, author_id, transition, body, created_at,
		guest_name, review_link_id, link_label, external) VALUES (?, ?, NULL, '', ?, ?, ?, ?, ?, 1)`,
		v.Case.ID, v.Revision.ID, body, formatTime(tx.Now), name, v.Link.ID, v.Link.Label); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, 0, "review_link.comment", v.Case.ID, v.Revision.ID, AuditReviewLink{Link: v.Link.ID, Label: v.Link.Label}); err != nil {
		return nil, err
	}
	return v, tx.Commit()
}

// endReviewLinks ends every live link of a case in the caller's
// transaction, for why (workflow.LinkPublished or LinkUnpublished): a
// link shows a draft before it goes out, and what went out, or was taken
// down, is another matter than what its holder was asked to read. A link
// already past its expiry ends by that instead. Each link ended is an
// audit entry.
func endReviewLinks(ctx context.Context, tx *Tx, caseID int64, why string) error {
	return endLinksWhere(ctx, tx, `case_id = ?`, caseID, why)
}

// endLinksMadeBy ends every live link an account made, in the caller's
// transaction: when the account is disabled (perhaps taken over), what
// it handed out stops opening with it, and enabling it again does not
// bring the links back.
func endLinksMadeBy(ctx context.Context, tx *Tx, userID int64) error {
	return endLinksWhere(ctx, tx, `created_by = ?`, userID, workflow.LinkCreatorDisabled)
}

// endLinksWhere ends the live links that cond (on review_links, with its
// one argument) picks, for why; each is an audit entry on its case.
func endLinksWhere(ctx context.Context, tx *Tx, cond string, arg any, why string) error {
	type live struct {
		id, caseID int64
		label      string
		rev        int64
		expired    bool
	}
	var links []live
	if err := each(ctx, tx.Tx, `SELECT id, case_id, label, coalesce(revision_id, 0), expires_at <= ? FROM review_links WHERE `+cond+` AND ended_at IS NULL`,
		[]any{formatTime(tx.Now), arg}, func(rows *sql.Rows) error {
			var l live
			if err := rows.Scan(&l.id, &l.caseID, &l.label, &l.rev, &l.expired); err != nil {
				return err
			}
			links = append(links, l)
			return nil
		}); err != nil {
		return err
	}
	for _, l := range links {
		if l.expired {
			if _, err := tx.ExecContext(ctx, `UPDATE review_links SET ended_at = expires_at, ended_why = ? WHERE id = ?`, workflow.LinkExpired, l.id); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_links SET ended_at = ?, ended_why = ? WHERE id = ?`, formatTime(tx.Now), why, l.id); err != nil {
			return err
		}
		if err := audit(ctx, tx, 0, "review_link.end", l.caseID, l.rev, AuditReviewLinkEnd{Link: l.id, Label: l.label, Why: why}); err != nil {
			return err
		}
	}
	return nil
}
