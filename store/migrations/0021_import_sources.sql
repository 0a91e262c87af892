-- Cases imported from a site Casebook replaces (a WordPress): each post
-- that made a case, named by the site's address and its id there. A
-- second import of the same site finds the case by it and updates it
-- instead of making another; hash is the fingerprint of what the post
-- mapped to at the last import, and revision_id the working revision
-- that import left, so that a post unchanged since is left alone and a
-- case edited in the studio since is not overwritten unasked.
CREATE TABLE import_sources (
    source      TEXT    NOT NULL,
    source_id   TEXT    NOT NULL,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    lang        TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    revision_id INTEGER REFERENCES revisions(id),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (source, source_id)
);
CREATE INDEX import_sources_case ON import_sources(case_id);

-- The addresses the old site published a case's posts at
-- ("/figurant/aleksandr-akimushkin", "/?p=123"), in the form
-- OldPathKey writes them, and the language of the post. Once the case is
-- public each answers 301 to its profile in that language; before, the
-- address is as unknown as any other, so that a draft is not revealed.
CREATE TABLE old_paths (
    path       TEXT    PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    lang       TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX old_paths_case ON old_paths(case_id);
