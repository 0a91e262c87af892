-- Review links: a person without an account (the defence lawyer, a
-- relative) reads one case's draft through /review/{token}, and with a
-- comment link writes in its thread. The token itself is never stored:
-- token_hash is the SHA-256 of its 32 random bytes, token_key the first
-- 8 bytes of that hash as an integer, which the lookup finds candidates
-- by before it compares the whole hash in constant time.
CREATE TABLE review_links (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    token_key      INTEGER NOT NULL,
    token_hash     BLOB    NOT NULL CHECK (typeof(token_hash) = 'blob' AND length(token_hash) = 32),
    label          TEXT    NOT NULL,
    scope          TEXT    NOT NULL CHECK (scope IN ('view', 'view_and_comment')),
    -- The revision the link shows; NULL shows the case's working
    -- revision at each view.
    revision_id    INTEGER REFERENCES revisions(id),
    created_by     INTEGER REFERENCES users(id),
    created_at     TEXT    NOT NULL,
    expires_at     TEXT    NOT NULL,
    ended_at       TEXT,
    ended_why      TEXT    CHECK (ended_why IN ('revoked', 'expired', 'published', 'unpublished', 'creator_disabled')),
    ended_by       INTEGER REFERENCES users(id),
    views          INTEGER NOT NULL DEFAULT 0,
    last_viewed_at TEXT,
    CHECK ((ended_at IS NULL) = (ended_why IS NULL))
);
CREATE INDEX review_links_token ON review_links(token_key);
CREATE INDEX review_links_case ON review_links(case_id, id);

-- A comment a guest left through a comment link: no author account, the
-- free name the guest signed with, the link and its label (kept as text,
-- so that the thread still says which link after an export and import,
-- which carry no links), and the mark that it came from outside.
ALTER TABLE comments ADD COLUMN guest_name TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN review_link_id INTEGER REFERENCES review_links(id);
ALTER TABLE comments ADD COLUMN link_label TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN external INTEGER NOT NULL DEFAULT 0 CHECK (external IN (0, 1));
