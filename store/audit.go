package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"casebook/workflow"
)

// audit appends an entry to the audit log inside the caller's transaction,
// so that an action and its record commit together or not at all. There is
// no method that updates or deletes entries, and triggers refuse both.
// data is the action's arguments, a value of its type in auditdata.go (nil
// for an action without any); the studio puts them into words.
func audit(ctx context.Context, tx *Tx, actor int64, action string, caseID, revisionID int64, data any) error {
	body, err := auditJSON(action, data)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit (at, actor_id, action, case_id, revision_id, data) VALUES (?, ?, ?, ?, ?, ?)`,
		formatTime(tx.Now), nullID(actor), action, nullID(caseID), nullID(revisionID), body)
	return err
}

// record writes an audit entry in a transaction of its own, for events
// that change nothing else (a sign-in).
func (s *Store) record(ctx context.Context, actor int64, action string, caseID, revisionID int64, data any) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := audit(ctx, tx, actor, action, caseID, revisionID, data); err != nil {
		return err
	}
	return tx.Commit()
}

// Record writes an audit entry for an event outside the store, such as a
// sign-out; data as for audit.
func (s *Store) Record(ctx context.Context, actor *User, action string, data any) error {
	return s.record(ctx, actorID(actor), action, 0, 0, data)
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorName  string
	Action     string
	CaseID     int64
	CaseSlug   string
	RevisionID int64
	Revision   int
	// Detail holds the words of an entry written before migration 0017;
	// "" for one written since.
	Detail string
	// Data holds the action's arguments as a JSON object (read it with
	// Args); nil for an entry written before migration 0017.
	Data json.RawMessage
}

// AuditQuery selects audit entries: of one case, of one person, older than
// an entry (for paging), newest first.
type AuditQuery struct {
	CaseID  int64
	ActorID int64
	Before  int64
	Limit   int
}

// AuditLog lists audit entries.
func (s *Store) AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `
		SELECT a.id, a.at, coalesce(a.actor_id, 0), coalesce(nullif(u.name, ''), u.email, ''), a.action,
		       coalesce(a.case_id, 0), coalesce(c.slug, ''), coalesce(a.revision_id, 0), coalesce(r.number, 0), a.detail, a.data
		FROM audit a
		LEFT JOIN users u ON u.id = a.actor_id
		LEFT JOIN cases c ON c.id = a.case_id
		LEFT JOIN revisions r ON r.id = a.revision_id
		WHERE (? = 0 OR a.case_id = ?) AND (? = 0 OR a.actor_id = ?) AND (? = 0 OR a.id < ?)
		ORDER BY a.id DESC LIMIT ?`, q.CaseID, q.CaseID, q.ActorID, q.ActorID, q.Before, q.Before, q.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		var data sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.CaseID, &e.CaseSlug, &e.RevisionID, &e.Revision, &e.Detail, &data); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		if data.Valid {
			e.Data = json.RawMessage(data.String)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Audit lists the newest entries, optionally of one case.
func (s *Store) Audit(ctx context.Context, caseID int64, limit int) ([]AuditEntry, error) {
	return s.AuditLog(ctx, AuditQuery{CaseID: caseID, Limit: limit})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AuditActions lists every action code the audit log can hold. The studio
// shows each through the message "audit.action."+code; a test checks that
// every code the sources write is here and in the catalog.
func AuditActions() []string {
	out := []string{
		"login", "login.failed", "login.2fa", "login.2fa_failed", "login.recovery_code", "logout", "session.end",
		"user.create", "user.password", "user.password_change", "user.reset_link", "user.password_set",
		"user.role", "user.enable", "user.disable", "user.totp_enable", "user.totp_disable", "user.lang", "user.password_check_failed",
		"settings.four_eyes", "settings.corrections", "settings.require_2fa", "site_text.edit", "form.kept",
		"case.create", "case.edit", "case.restore", "case.slug", "case.comment", "case.import", "case.import_wordpress", "case.back_to_legal", "import",
		"reference.add", "reference.update", "reference.delete", "media.upload", "export", "export_site",
		"private.read", "private.edit", "private.export",
		"review_link.create", "review_link.revoke", "review_link.end", "review_link.view", "review_link.comment",
		"consent.record", "takedown.register", "takedown.decide", "case.held",
	}
	for _, t := range workflow.Transitions() {
		out = append(out, "transition."+string(t))
	}
	return out
}
