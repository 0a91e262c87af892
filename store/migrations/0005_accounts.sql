-- Two-factor sign-in: a TOTP secret (enabled once confirmed with a code)
-- and the last time step used, so that a code cannot be replayed.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Single-use recovery codes, stored as SHA-256 hashes (they are random and
-- long, so a fast hash does not make them guessable).
CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users(id),
    hash    TEXT    NOT NULL,
    used_at TEXT,
    PRIMARY KEY (user_id, hash)
);

-- One-time links to set or reset a password, shown to an administrator
-- (there may be no mail server). Only the hash of the token is stored.
CREATE TABLE password_tokens (
    hash       TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    purpose    TEXT    NOT NULL CHECK (purpose IN ('set', 'reset')),
    expires_at TEXT    NOT NULL,
    used_at    TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT    NOT NULL
);
CREATE INDEX password_tokens_user ON password_tokens(user_id);

-- Where a person is signed in: the browser, never the address.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
