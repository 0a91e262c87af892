-- The last workflow move of a case, so that the studio can say "changes
-- requested" without reading the comment thread.
ALTER TABLE cases ADD COLUMN last_transition TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_scheduled ON cases(publish_at) WHERE state = 'scheduled';
