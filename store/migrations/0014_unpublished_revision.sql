-- What an unpublish took off the public site and who did it, so that the
-- studio can show the take-down and an editor can put the same revision
-- back as it was. Cases unpublished before this migration keep neither:
-- the live revision of that time was not recorded.
ALTER TABLE cases ADD COLUMN unpublished_revision_id INTEGER REFERENCES revisions(id);
ALTER TABLE cases ADD COLUMN unpublished_by INTEGER REFERENCES users(id);
