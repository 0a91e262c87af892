package store

import (
	"context"
	"database/sql"
	"strings"

	"casebook/workflow"
)

// Frame is what every studio page needs beside its own content: the
// settings the editorial rules depend on, and what the rules read to
// count the cases waiting for the person, for the number beside
// "Dashboard".
type Frame struct {
	Settings Settings
	// Open are the cases in WaitingStates, as workflow.Rules.Waiting
	// sees them: everything of workflow.Case but what comes from the
	// content (Complete, Status, CorrectionOnly), which Waiting does not
	// read, and the unpublication, which the dashboard's list does not
	// read either.
	Open []workflow.Case
}

// frameSQL selects the cases in WaitingStates, given as its arguments,
// with the fields of Frame.Open. It reads the author of each working revision and
// the contributors of each case, never a revision's content: a count over
// ten thousand cases stays a scan of the cases table and a few index
// lookups for each of the cases not published.
var frameSQL = `SELECT o.state, o.live_revision_id IS NOT NULL, coalesce(o.created_by, 0), coalesce(o.submitted_by, 0),
	coalesce(w.author_id, 0), o.last_transition, o.working_revision_id, coalesce(o.approved_revision_id, 0), ` + contributorsOfSQL + `
	FROM cases o JOIN revisions w ON w.id = o.working_revision_id
	WHERE o.state IN (` + placeholders(len(workflow.WaitingStates())) + `) ORDER BY o.id`

// Frame reads the frame of a studio page in one transaction, so that the
// count and the rules it is counted by agree.
func (s *Store) Frame(ctx context.Context) (*Frame, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	f := &Frame{}
	if f.Settings, err = settings(ctx, tx); err != nil {
		return nil, err
	}
	var args []any
	for _, st := range workflow.WaitingStates() {
		args = append(args, string(st))
	}
	err = each(ctx, tx, frameSQL, args, func(rows *sql.Rows) error {
		var c workflow.Case
		var state, last, contributors string
		if err := rows.Scan(&state, &c.HasLive, &c.CreatedBy, &c.SubmittedBy, &c.WorkingAuthor, &last,
			&c.WorkingRevision, &c.ApprovedRevision, &contributors); err != nil {
			return err
		}
		c.State, c.LastTransition, c.Contributors = workflow.State(state), workflow.Transition(last), parseIDs(contributors)
		f.Open = append(f.Open, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// placeholders is n parameters for a list of values: "?, ?, ?".
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
