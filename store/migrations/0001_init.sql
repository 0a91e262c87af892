-- Accounts. E-mail is compared case-insensitively so that "A@x" and "a@x"
-- cannot become two accounts.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL CHECK (role IN ('researcher', 'lawyer', 'editor', 'admin')),
    password_hash TEXT    NOT NULL,
    lang          TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL
);

-- Server-side sessions. The primary key is the SHA-256 of the token that the
-- (signed, encrypted) cookie carries, so a copy of the database does not hand
-- out live sessions.
CREATE TABLE sessions (
    id           TEXT    PRIMARY KEY,
    user_id      INTEGER REFERENCES users(id) ON DELETE CASCADE,
    data         BLOB    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Instance settings and secrets generated on first start (session keys).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- A case points at its working revision (the latest) and, once published, at
-- its live revision. The public site reads live revisions only.
CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    slug                TEXT    NOT NULL UNIQUE,
    state               TEXT    NOT NULL CHECK (state IN ('draft', 'legal_review', 'editorial_review', 'published', 'scheduled')),
    working_revision_id INTEGER REFERENCES revisions(id),
    live_revision_id    INTEGER REFERENCES revisions(id),
    submitted_by        INTEGER REFERENCES users(id),
    legal_approved_by   INTEGER REFERENCES users(id),
    publish_at          TEXT,
    published_at        TEXT,
    unpublished_at      TEXT,
    created_by          INTEGER REFERENCES users(id),
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL
);
CREATE INDEX cases_live ON cases(live_revision_id) WHERE live_revision_id IS NOT NULL;

-- Revisions are immutable: every save inserts one holding the whole content
-- (both languages) as the case JSON of the design.
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    number     INTEGER NOT NULL,
    content    TEXT    NOT NULL CHECK (json_valid(content)),
    state      TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users(id),
    created_at TEXT    NOT NULL,
    UNIQUE (case_id, number)
);

CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable');
END;
CREATE TRIGGER revisions_undeletable BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable');
END;

-- The internal review thread: free comments and the comments of transitions.
-- Never shown on the public site.
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    revision_id INTEGER REFERENCES revisions(id),
    author_id   INTEGER REFERENCES users(id),
    transition  TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX comments_case ON comments(case_id, id);

-- A lawyer's assessment, kept with the revision it approved.
CREATE TABLE legal_reviews (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    revision_id INTEGER NOT NULL REFERENCES revisions(id),
    lawyer_id   INTEGER NOT NULL REFERENCES users(id),
    review      TEXT    NOT NULL CHECK (json_valid(review)),
    created_at  TEXT    NOT NULL
);
CREATE INDEX legal_reviews_case ON legal_reviews(case_id, id);

-- Append-only record of who did what. Triggers refuse any change.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    action      TEXT    NOT NULL,
    case_id     INTEGER REFERENCES cases(id),
    revision_id INTEGER REFERENCES revisions(id),
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_case ON audit(case_id, id);
CREATE INDEX audit_actor ON audit(actor_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;

-- What the public list and search read: one row per published case, written
-- in the same transaction as publish and unpublish so that the public site
-- never shows a case that is not live.
CREATE TABLE public_index (
    case_id       INTEGER PRIMARY KEY REFERENCES cases(id),
    slug          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    recognized_on TEXT    NOT NULL,
    published_at  TEXT    NOT NULL,
    name_ru       TEXT    NOT NULL,
    name_en       TEXT    NOT NULL,
    headline_ru   TEXT    NOT NULL,
    headline_en   TEXT    NOT NULL,
    complete_ru   INTEGER NOT NULL,
    complete_en   INTEGER NOT NULL,
    -- lower-cased text of both languages; SQLite's LIKE folds ASCII only
    search_text   TEXT    NOT NULL
);
CREATE INDEX public_index_order ON public_index(recognized_on DESC, published_at DESC);
