package store

import (
	"context"
	"database/sql"
	"strconv"
)

// audit appends an entry to the audit log inside the caller's transaction,
// so that an action and its record commit together or not at all. There is
// no method that updates or deletes entries, and triggers refuse both.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, actor int64, action string, caseID, revisionID int64, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, actor_id, action, case_id, revision_id, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		formatTime(s.now()), nullID(actor), action, nullID(caseID), nullID(revisionID), detail)
	return err
}

// record writes an audit entry in a transaction of its own, for events
// that change nothing else (a sign-in).
func (s *Store) record(ctx context.Context, actor int64, action string, caseID, revisionID int64, detail string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.audit(ctx, tx, actor, action, caseID, revisionID, detail); err != nil {
		return err
	}
	return tx.Commit()
}

// Record writes an audit entry for an event outside the store, such as a
// sign-out.
func (s *Store) Record(ctx context.Context, actor *User, action, detail string) error {
	return s.record(ctx, actorID(actor), action, 0, 0, detail)
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID         int64
	At         string
	ActorID    int64
	ActorName  string
	Action     string
	CaseID     int64
	RevisionID int64
	Detail     string
}

// Audit lists the newest entries, optionally of one case.
func (s *Store) Audit(ctx context.Context, caseID int64, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT a.id, a.at, coalesce(a.actor_id, 0), coalesce(nullif(u.name, ''), u.email, ''), a.action,
		       coalesce(a.case_id, 0), coalesce(a.revision_id, 0), a.detail
		FROM audit a LEFT JOIN users u ON u.id = a.actor_id
		WHERE ? = 0 OR a.case_id = ?
		ORDER BY a.id DESC LIMIT ?`, caseID, caseID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.CaseID, &e.RevisionID, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func userRef(id int64) string { return "user " + strconv.FormatInt(id, 10) }
