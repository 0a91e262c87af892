-- Unsaved working copies of the case form, kept by the server while a
-- person types (the form's script sends them) and on every save that did
-- not go through. One row per account and form: case_id 0 is the new-case
-- form, otherwise the case edited. A copy is not a revision: nobody but
-- its account ever sees it, and it leaves with the next successful save.
--
-- form is the form's fields as JSON (never a file); NULL once the form was
-- saved or the copy discarded. generation counts those ends: a page
-- carries the generation it was made in, and a copy sent from a page older
-- than the last end is refused, so that a copy sent just before a save
-- cannot come back after it.
CREATE TABLE autosaves (
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    case_id          INTEGER NOT NULL,
    form             TEXT,
    base_revision_id INTEGER,
    generation       INTEGER NOT NULL DEFAULT 0,
    updated_at       TEXT    NOT NULL,
    PRIMARY KEY (user_id, case_id)
) WITHOUT ROWID;

-- A new password or a disabled account is how a team takes an account
-- back from someone else: a copy made meanwhile may be theirs, and it
-- would be offered to the owner as the owner's own text. Signing out and
-- session time-outs keep the copies: those are the owner's lost text.
CREATE TRIGGER autosaves_end_with_password AFTER UPDATE OF password_hash ON users
WHEN NEW.password_hash IS NOT OLD.password_hash
BEGIN
    DELETE FROM autosaves WHERE user_id = NEW.id;
END;

CREATE TRIGGER autosaves_end_with_account AFTER UPDATE OF disabled ON users
WHEN NEW.disabled != 0
BEGIN
    DELETE FROM autosaves WHERE user_id = NEW.id;
END;
