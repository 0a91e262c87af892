package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"casebook/errs"
	"casebook/workflow"
)

// linkFixture is a store with a clock the test moves, one person per
// role and a draft case.
type linkFixture struct {
	s                 *Store
	now               *time.Time
	res, law, ed, adm *User
	id                int64
}

func newLinkFixture(t *testing.T) *linkFixture {
	t.Helper()
	s := openTest(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := &linkFixture{s: s, now: &now}
	s.SetClock(func() time.Time { return *f.now })
	f.res = mustUser(t, s, "r@example.org", "researcher")
	f.law = mustUser(t, s, "l@example.org", "lawyer")
	f.ed = mustUser(t, s, "e@example.org", "editor")
	f.adm = mustUser(t, s, "a@example.org", "admin")
	id, err := s.CreateCase(context.Background(), f.res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	f.id = id
	return f
}

func (f *linkFixture) link(t *testing.T, who *User, scope workflow.ReviewScope, ttl time.Duration, pin int64) (*ReviewLink, string) {
	t.Helper()
	l, token, err := f.s.CreateReviewLink(context.Background(), who, f.id, ReviewLinkInput{
		ReviewLinkRequest: workflow.ReviewLinkRequest{Label: "defence lawyer", Scope: scope, TTL: ttl}, PinRevisionID: pin})
	if err != nil {
		t.Fatal(err)
	}
	return l, token
}

// ended says whether the token opens nothing, and the link's row says
// why it ended.
func (f *linkFixture) endedBy(t *testing.T, token string, id int64) string {
	t.Helper()
	if _, err := f.s.VisitReviewLink(context.Background(), token, true); !errs.Is(err, errs.KindNotFound) {
		t.Fatalf("the token still opens: %v", err)
	}
	var why string
	if err := f.s.w.QueryRow(`SELECT coalesce(ended_why, '') FROM review_links WHERE id = ?`, id).Scan(&why); err != nil {
		t.Fatal(err)
	}
	return why
}

// TestReviewLinkTokenIsStoredHashed: the token is 32 random bytes in
// base64url; the table holds their SHA-256 and nothing from which the
// token could be read back, and neither does any other part of the
// database file, the audit log included.
func TestReviewLinkTokenIsStoredHashed(t *testing.T) {
	ctx := context.Background()
	f := newLinkFixture(t)
	l, token := f.link(t, f.ed, workflow.ScopeComment, workflow.ReviewLinkDefaultTTL, 0)
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 {
		t.Fatalf("token %q: %d bytes, %v", token, len(raw), err)
	}
	var stored []byte
	var key int64
	if err := f.s.w.QueryRow(`SELECT token_hash, token_key FROM review_links WHERE id = ?`, l.ID).Scan(&stored, &key); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if !bytes.Equal(stored, sum[:]) {
		t.Errorf("token_hash is not the SHA-256 of the token")
	}
	// No column of any row of the table, nor anything in the file, holds
	// the token or its bytes.
	var row string
	if err := f.s.w.QueryRow(`SELECT quote(id) || quote(case_id) || quote(token_key) || quote(label) || quote(scope) || quote(revision_id)
		|| quote(created_by) || quote(created_at) || quote(expires_at) || quote(views) FROM review_links WHERE id = ?`, l.ID).Scan(&row); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(row, token) {
		t.Errorf("a column holds the token: %s", row)
	}
	audit, _ := f.s.Audit(ctx, f.id, 100)
	for _, e := range audit {
		if strings.Contains(string(e.Data), token) {
			t.Errorf("the audit entry %s holds the token", e.Action)
		}
	}
	if _, err := f.s.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{f.s.Path(), f.s.Path() + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if bytes.Contains(b, []byte(token)) || bytes.Contains(b, raw) {
			t.Errorf("%s holds the token", filepath.Base(p))
		}
		if p == f.s.Path() && !bytes.Contains(b, sum[:]) {
			t.Errorf("%s does not hold the hash: the scan reads nothing", filepath.Base(p))
		}
	}
	// The token opens the link; one character off, or another length,
	// opens nothing.
	if _, err := f.s.VisitReviewLink(ctx, token, false); err != nil {
		t.Fatal(err)
	}
	wrong := []byte(token)
	wrong[5] ^= 1
	// The last character carries 4 bits of the secret and 2 of padding:
	// another spelling of the same bytes opens nothing either.
	last := base64.RawURLEncoding.EncodeToString(raw)
	alias := []byte(last)
	alias[42] ^= 1
	for _, bad := range []string{string(wrong), string(alias), token[:42], token + "A", "", strings.Repeat("A", 43), "../../etc/passwd"} {
		if _, err := f.s.VisitReviewLink(ctx, bad, false); !errs.Is(err, errs.KindNotFound) {
			t.Errorf("%q opens: %v", bad, err)
		}
	}
}

// TestReviewLinkLookupComparesTheWholeHash: of two links that share the
// lookup key (b's made a's by hand), a's token opens a and only a: the
// whole hash decides, not the key.
func TestReviewLinkLookupComparesTheWholeHash(t *testing.T) {
	ctx := context.Background()
	f := newLinkFixture(t)
	a, ta := f.link(t, f.ed, workflow.ScopeComment, time.Hour, 0)
	b, tb := f.link(t, f.ed, workflow.ScopeView, time.Hour, 0)
	if _, err := f.s.w.Exec(`UPDATE review_links SET token_key = (SELECT token_key FROM review_links WHERE id = ?) WHERE id = ?`, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	v, err := f.s.VisitReviewLink(ctx, ta, false)
	if err != nil || v.Link.ID != a.ID {
		t.Errorf("a's token opens %+v (%v), want link %d", v, err, a.ID)
	}
	// b's token names a key no row has now.
	if _, err := f.s.VisitReviewLink(ctx, tb, false); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("b's token: %v", err)
	}
}

// TestReviewLinkRules: who may make and revoke links, how long one may
// live, and that a guest's view counts and is audited by the link alone.
func TestReviewLinkRules(t *testing.T) {
	ctx := context.Background()
	f := newLinkFixture(t)
	in := ReviewLinkInput{ReviewLinkRequest: workflow.ReviewLinkRequest{Label: "sister", Scope: workflow.ScopeView, TTL: time.Hour}}
	if _, _, err := f.s.CreateReviewLink(ctx, f.res, f.id, in); !errs.Is(err, errs.KindForbidden) {
		t.Errorf("a researcher makes a link: %v", err)
	}
	for _, who := range []*User{f.law, f.ed, f.adm} {
		if _, _, err := f.s.CreateReviewLink(ctx, who, f.id, in); err != nil {
			t.Errorf("%s: %v", who.Role, err)
		}
	}
	long := in
	long.TTL = workflow.ReviewLinkMaxTTL + time.Hour
	if _, _, err := f.s.CreateReviewLink(ctx, f.ed, f.id, long); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("a link of 14 days and an hour: %v", err)
	}
	long.TTL = workflow.ReviewLinkMaxTTL
	if _, _, err := f.s.CreateReviewLink(ctx, f.ed, f.id, long); err != nil {
		t.Errorf("a link of 14 days: %v", err)
	}
	other, err := f.s.CreateCase(ctx, f.res, sampleCase())
	if err != nil {
		t.Fatal(err)
	}
	od, _ := f.s.CaseDetail(ctx, other)
	pinOther := in
	pinOther.PinRevisionID = od.Case.WorkingRevisionID
	if _, _, err := f.s.CreateReviewLink(ctx, f.ed, f.id, pinOther); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("a link pinned to another case's revision: %v", err)
	}

	l, token := f.link(t, f.ed, workflow.ScopeView, time.Hour, 0)
	if _, err := f.s.RevokeReviewLink(ctx, f.res, f.id, l.ID); !errs.Is(err, errs.KindForbidden) {
		t.Errorf("a researcher revokes a link: %v", err)
	}
	if _, err := f.s.RevokeReviewLink(ctx, f.ed, other, l.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("a link revoked through another case: %v", err)
	}
	*f.now = f.now.Add(time.Minute)
	for range 2 {
		if _, err := f.s.VisitReviewLink(ctx, token, true); err != nil {
			t.Fatal(err)
		}
	}
	// The photo's request is no view.
	if _, err := f.s.VisitReviewLink(ctx, token, false); err != nil {
		t.Fatal(err)
	}
	p, _ := f.s.ReviewLinks(ctx, f.id)
	for _, got := range p.Links {
		if got.ID == l.ID && (got.Views != 2 || !got.LastViewedAt.Equal(*f.now)) {
			t.Errorf("views %d, last %v", got.Views, got.LastViewedAt)
		}
	}
	entries, _ := f.s.Audit(ctx, f.id, 2)
	for _, e := range entries {
		a, err := e.Args()
		if e.Action != "review_link.view" || err != nil || a != (AuditReviewLink{Link: l.ID, Label: "defence lawyer"}) || e.ActorID != 0 {
			t.Errorf("view entry: %s %s %v", e.Action, e.Data, err)
		}
	}
	if ok, err := f.s.RevokeReviewLink(ctx, f.law, f.id, l.ID); !ok || err != nil {
		t.Fatalf("revoke: %v %v", ok, err)
	}
	if ok, err := f.s.RevokeReviewLink(ctx, f.law, f.id, l.ID); ok || err != nil {
		t.Errorf("revoked twice: %v %v", ok, err)
	}
	if why := f.endedBy(t, token, l.ID); why != workflow.LinkRevoked {
		t.Errorf("ended by %q", why)
	}
}

// TestReviewLinksEnd: a link ends on revoke, on expiry (checked at its
// next use, with the clock moved), and when its case is published (by an
// editor, or by the scheduler), unpublished or put back.
func TestReviewLinksEnd(t *testing.T) {
	ctx := context.Background()
	review := workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}}

	t.Run("expiry", func(t *testing.T) {
		f := newLinkFixture(t)
		l, token := f.link(t, f.ed, workflow.ScopeComment, 2*time.Hour, 0)
		*f.now = f.now.Add(2*time.Hour - time.Second)
		if _, err := f.s.VisitReviewLink(ctx, token, true); err != nil {
			t.Fatalf("a second before its end: %v", err)
		}
		*f.now = f.now.Add(time.Second)
		// The list shows it ended before anyone tried it.
		p, _ := f.s.ReviewLinks(ctx, f.id)
		if p.Links[0].Live() || p.Links[0].EndedWhy != workflow.LinkExpired {
			t.Errorf("the list shows an expired link as %+v", p.Links[0])
		}
		if _, err := f.s.AddGuestComment(ctx, token, "Anna", "Too late?"); !errs.Is(err, errs.KindNotFound) {
			t.Errorf("a comment through an expired link: %v", err)
		}
		if why := f.endedBy(t, token, l.ID); why != workflow.LinkExpired {
			t.Errorf("ended by %q", why)
		}
		// Moving the clock back does not bring it back.
		*f.now = f.now.Add(-time.Hour)
		if _, err := f.s.VisitReviewLink(ctx, token, true); !errs.Is(err, errs.KindNotFound) {
			t.Errorf("an expired link opens again: %v", err)
		}
	})

	t.Run("publish, unpublish, republish", func(t *testing.T) {
		f := newLinkFixture(t)
		before, tb := f.link(t, f.ed, workflow.ScopeComment, time.Hour, 0)
		mustTransition(t, f.s, f.res, f.id, workflow.Submit, workflow.Input{})
		mustTransition(t, f.s, f.law, f.id, workflow.ApproveLegal, review)
		// Submitting and approving end nothing.
		if _, err := f.s.VisitReviewLink(ctx, tb, false); err != nil {
			t.Fatalf("after the approval: %v", err)
		}
		mustTransition(t, f.s, f.ed, f.id, workflow.Publish, workflow.Input{})
		if why := f.endedBy(t, tb, before.ID); why != workflow.LinkPublished {
			t.Errorf("ended by %q", why)
		}
		entries, _ := f.s.Audit(ctx, f.id, 5)
		found := false
		for _, e := range entries {
			if a, _ := e.Args(); e.Action == "review_link.end" && a == (AuditReviewLinkEnd{Link: before.ID, Label: "defence lawyer", Why: workflow.LinkPublished}) {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry of the link's end")
		}

		live, tl := f.link(t, f.law, workflow.ScopeView, time.Hour, 0)
		mustTransition(t, f.s, f.ed, f.id, workflow.Unpublish, workflow.Input{Comment: "The family asked."})
		if why := f.endedBy(t, tl, live.ID); why != workflow.LinkUnpublished {
			t.Errorf("ended by %q", why)
		}

		down, td := f.link(t, f.law, workflow.ScopeView, time.Hour, 0)
		mustTransition(t, f.s, f.adm, f.id, workflow.Republish, workflow.Input{Comment: "The family agreed."})
		if why := f.endedBy(t, td, down.ID); why != workflow.LinkPublished {
			t.Errorf("ended by %q", why)
		}
	})

	t.Run("scheduled publication", func(t *testing.T) {
		f := newLinkFixture(t)
		mustTransition(t, f.s, f.res, f.id, workflow.Submit, workflow.Input{})
		mustTransition(t, f.s, f.law, f.id, workflow.ApproveLegal, review)
		mustTransition(t, f.s, f.ed, f.id, workflow.Publish, workflow.Input{PublishAt: f.now.Add(3 * time.Hour)})
		l, token := f.link(t, f.ed, workflow.ScopeComment, 48*time.Hour, 0)
		// One that will have expired when the time comes ends by that.
		old, told := f.link(t, f.ed, workflow.ScopeView, time.Hour, 0)
		*f.now = f.now.Add(2 * time.Hour)
		if ids, _ := f.s.PublishDue(ctx); len(ids) != 0 {
			t.Fatal("published early")
		}
		if _, err := f.s.VisitReviewLink(ctx, token, false); err != nil {
			t.Fatalf("while scheduled: %v", err)
		}
		*f.now = f.now.Add(2 * time.Hour)
		if ids, err := f.s.PublishDue(ctx); err != nil || len(ids) != 1 {
			t.Fatalf("PublishDue: %v %v", ids, err)
		}
		if why := f.endedBy(t, token, l.ID); why != workflow.LinkPublished {
			t.Errorf("ended by %q", why)
		}
		if why := f.endedBy(t, told, old.ID); why != workflow.LinkExpired {
			t.Errorf("the expired one ended by %q", why)
		}
	})
}

// TestReviewLinkShowsItsRevision: a pinned link shows its revision after
// later edits; an unpinned one the working revision of the moment.
func TestReviewLinkShowsItsRevision(t *testing.T) {
	ctx := context.Background()
	f := newLinkFixture(t)
	d, _ := f.s.CaseDetail(ctx, f.id)
	_, pinned := f.link(t, f.ed, workflow.ScopeView, time.Hour, d.Case.WorkingRevisionID)
	_, floating := f.link(t, f.ed, workflow.ScopeView, time.Hour, 0)
	c := d.Working.Content.Clone()
	c.EN.Headline = "A later headline"
	if _, err := f.s.SaveRevision(ctx, f.res, f.id, d.Case.WorkingRevisionID, c); err != nil {
		t.Fatal(err)
	}
	if v, err := f.s.VisitReviewLink(ctx, pinned, true); err != nil || v.Revision.Number != 1 || v.Revision.Content.EN.Headline == "A later headline" {
		t.Errorf("the pinned link shows %+v (%v)", v, err)
	}
	if v, err := f.s.VisitReviewLink(ctx, floating, true); err != nil || v.Revision.Number != 2 || v.Revision.Content.EN.Headline != "A later headline" {
		t.Errorf("the unpinned link shows %+v (%v)", v, err)
	}
}

// TestGuestCommentLandsInTheThread: a guest's comment through a comment
// link is in the case's thread without an author, with the guest's name
// and the link's label, marked external, audited by the link; export and
// import keep it so. A view-only link takes no comment, and a comment
// without a name or text is refused.
func TestGuestCommentLandsInTheThread(t *testing.T) {
	ctx := context.Background()
	f := newLinkFixture(t)
	l, token := f.link(t, f.law, workflow.ScopeComment, time.Hour, 0)
	_, viewOnly := f.link(t, f.law, workflow.ScopeView, time.Hour, 0)
	if _, err := f.s.AddGuestComment(ctx, viewOnly, "Anna", "A comment"); !errs.Is(err, errs.KindForbidden) {
		t.Errorf("a comment through a view-only link: %v", err)
	}
	for _, c := range [][2]string{{"", "text"}, {"Anna", "  "}, {strings.Repeat("я", workflow.GuestNameMax+1), "text"}} {
		if _, err := f.s.AddGuestComment(ctx, token, c[0], c[1]); !errs.Is(err, errs.KindInvalid) {
			t.Errorf("%q: %v", c, err)
		}
	}
	if err := f.s.AddComment(ctx, f.res, f.id, "An internal note"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.AddGuestComment(ctx, token, "  Anna Petrova ", "The date of the arrest is wrong."); err != nil {
		t.Fatal(err)
	}
	thread, err := f.s.Comments(ctx, f.id)
	if err != nil || len(thread) != 2 {
		t.Fatalf("thread: %v %v", thread, err)
	}
	g := thread[1]
	if !g.External || g.AuthorID != 0 || g.AuthorName != "" || g.GuestName != "Anna Petrova" || g.LinkLabel != "defence lawyer" || g.LinkID != l.ID || g.RevisionNumber != 1 {
		t.Errorf("the guest's comment: %+v", g)
	}
	if thread[0].External || thread[0].GuestName != "" {
		t.Errorf("the internal comment: %+v", thread[0])
	}
	entries, _ := f.s.Audit(ctx, f.id, 1)
	if a, _ := entries[0].Args(); entries[0].Action != "review_link.comment" || a != (AuditReviewLink{Link: l.ID, Label: "defence lawyer"}) {
		t.Errorf("audit: %s %s", entries[0].Action, entries[0].Data)
	}

	d, err := f.s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var dc DumpComment
	for _, c := range d.Cases[0].Comments {
		if c.External {
			dc = c
		}
	}
	if dc.Guest != "Anna Petrova" || dc.Link != "defence lawyer" || dc.Author != "" {
		t.Errorf("export: %+v", dc)
	}
	b := openTest(t)
	if _, err := b.Import(ctx, d, ImportOptions{Source: "x.json"}); err != nil {
		t.Fatal(err)
	}
	back, _ := b.Comments(ctx, 1)
	if len(back) != 2 || !back[1].External || back[1].GuestName != "Anna Petrova" || back[1].LinkLabel != "defence lawyer" || back[1].AuthorID != 0 || back[1].LinkID != 0 {
		t.Errorf("after import: %+v", back)
	}
	if back[0].External || back[0].AuthorName == "" {
		t.Errorf("the internal comment after import: %+v", back[0])
	}
}
