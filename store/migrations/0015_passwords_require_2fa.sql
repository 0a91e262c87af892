-- A new installation requires the second factor of editors and
-- administrators, who can publish and manage accounts: a phished or
-- guessed password alone must not be enough for them. Settings relax it.
-- A database that already has accounts keeps what it had: switching the
-- requirement on under a running team would hold every editor at the
-- enrolment page at their next click, on the night of a publication as
-- on any other; the settings page recommends it to them instead.
INSERT INTO settings (key, value)
SELECT 'require_2fa', 'editor,admin'
WHERE NOT EXISTS (SELECT 1 FROM users)
ON CONFLICT (key) DO NOTHING;
