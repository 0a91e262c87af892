-- Consent records and the takedown register of a case: internal records,
-- never part of a revision, so that nothing that renders, searches,
-- exports or mirrors public content reaches them. Each is append-only, as
-- the audit log is: a new record supersedes an old one, nothing is edited
-- away.

-- Who (the person, the family, the lawyer) gave, refused or could not be
-- asked for consent to what (the profile, the name, the photo, the
-- address), on which day, recorded by whom and when, with a private note.
-- The latest record of a subject (the highest id) is its state.
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    party       TEXT    NOT NULL CHECK (party IN ('person', 'family', 'lawyer')),
    subject     TEXT    NOT NULL CHECK (subject IN ('profile', 'name', 'photo', 'address')),
    decision    TEXT    NOT NULL CHECK (decision IN ('given', 'refused', 'unknown')),
    decided_on  TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT    NOT NULL
);
CREATE INDEX consents_case ON consents(case_id, subject, id);
CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents BEGIN
    SELECT RAISE(ABORT, 'consent records are append-only');
END;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents BEGIN
    SELECT RAISE(ABORT, 'consent records are append-only');
END;

-- A request to take a case (or part of it) down: received on which day,
-- from whom, what it asks (codes, a JSON array) and in what words; who
-- registered it and when. Requester and details are private.
CREATE TABLE takedown_requests (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    received_on TEXT    NOT NULL,
    requester   TEXT    NOT NULL,
    asked       TEXT    NOT NULL CHECK (json_valid(asked) AND json_type(asked) = 'array'),
    details     TEXT    NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT    NOT NULL
);
CREATE INDEX takedown_requests_case ON takedown_requests(case_id, id);

-- The decisions on a request; the latest (the highest id) stands, and a
-- request without one is pending. The reason is private.
CREATE TABLE takedown_decisions (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES takedown_requests(id),
    decision   TEXT    NOT NULL CHECK (decision IN ('removed', 'partly', 'refused')),
    reason     TEXT    NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at TEXT    NOT NULL
);
CREATE INDEX takedown_decisions_request ON takedown_decisions(request_id, id);

CREATE TRIGGER takedown_requests_no_update BEFORE UPDATE ON takedown_requests BEGIN
    SELECT RAISE(ABORT, 'takedown requests are append-only');
END;
CREATE TRIGGER takedown_requests_no_delete BEFORE DELETE ON takedown_requests BEGIN
    SELECT RAISE(ABORT, 'takedown requests are append-only');
END;
CREATE TRIGGER takedown_decisions_no_update BEFORE UPDATE ON takedown_decisions BEGIN
    SELECT RAISE(ABORT, 'takedown decisions are append-only');
END;
CREATE TRIGGER takedown_decisions_no_delete BEFORE DELETE ON takedown_decisions BEGIN
    SELECT RAISE(ABORT, 'takedown decisions are append-only');
END;
