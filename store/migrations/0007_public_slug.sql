-- The public address follows the live revision: cases.slug is the working
-- one (the studio's), public_slug the one the public knows, set when a
-- revision goes live and kept after an unpublish so that it answers 410.
-- It stays NULL while a case has never been public.
ALTER TABLE cases ADD COLUMN public_slug TEXT;
UPDATE cases SET public_slug = coalesce((SELECT p.slug FROM public_index p WHERE p.case_id = cases.id), slug)
 WHERE live_revision_id IS NOT NULL OR unpublished_at IS NOT NULL;
CREATE UNIQUE INDEX cases_public_slug ON cases(public_slug);

-- An old slug answers 301 only if it was once a public address; an old
-- working slug stays reserved but answers 404, so that renaming a draft
-- does not reveal it.
ALTER TABLE slug_history ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
UPDATE slug_history SET public = 1 WHERE case_id IN (SELECT id FROM cases WHERE public_slug IS NOT NULL);
