-- A case's private fields: what a team keeps beside a case and never
-- publishes (a relative's contact, the defence lawyer's, how reliable a
-- source is, notes). A table of their own, never a revision's content,
-- so that nothing that renders, searches, exports or mirrors public
-- content can reach them: only store/private.go reads it, and each read
-- by a person is an audit entry. One row per case and field; a field
-- emptied keeps its row, with who emptied it and when. The keys are a
-- fixed set: a new one is a new migration, and a form, an export and
-- the studio's words for it.
CREATE TABLE case_private (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    key        TEXT    NOT NULL CHECK (key IN ('family_contact', 'lawyer_contact', 'source_reliability', 'notes')),
    value      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    PRIMARY KEY (case_id, key)
) WITHOUT ROWID;
