-- The revision a lawyer's approval covers. Publishing needs it to be the
-- working revision: what the lawyer approved is what goes live. Until now
-- only the lawyer was kept (legal_approved_by), and an edit of anything but
-- the articles, statement or body after approval stayed in editorial
-- review under that approval.
ALTER TABLE cases ADD COLUMN approved_revision_id INTEGER REFERENCES revisions(id);

UPDATE cases SET approved_revision_id = (
    SELECT revision_id FROM legal_reviews l WHERE l.case_id = cases.id ORDER BY l.id DESC LIMIT 1)
WHERE legal_approved_by IS NOT NULL;

-- A case waiting for publication whose working revision is not the one
-- approved was changed after the approval: it goes back to the lawyer, as
-- such an edit does from now on, and the audit log says why.
INSERT INTO audit (at, actor_id, action, case_id, revision_id, detail)
SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.000000Z', NULL, 'case.back_to_legal', id, working_revision_id,
       'changed after the legal approval of another revision (migration 0012)'
FROM cases
WHERE state IN ('editorial_review', 'scheduled') AND approved_revision_id IS NOT working_revision_id;

UPDATE cases SET state = 'legal_review', legal_approved_by = NULL, approved_revision_id = NULL, publish_at = NULL
WHERE state IN ('editorial_review', 'scheduled') AND approved_revision_id IS NOT working_revision_id;
