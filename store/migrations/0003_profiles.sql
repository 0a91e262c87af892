-- Recognition statuses become a reference list that editors manage.
CREATE TABLE statuses (
    code     TEXT    PRIMARY KEY,
    name_ru  TEXT    NOT NULL,
    name_en  TEXT    NOT NULL,
    position INTEGER NOT NULL,
    retired  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO statuses (code, name_ru, name_en, position) VALUES
  ('political_prisoner', 'Политзаключённый', 'Political prisoner', 10),
  ('probable_victim', 'Вероятная жертва политических преследований', 'Probable victim of political persecution', 20),
  ('persecuted', 'Преследуемый по политическим мотивам', 'Politically persecuted', 30),
  ('released', 'Освобождён', 'Released', 40),
  ('deceased', 'Умер в заключении', 'Died in custody', 50),
  ('removed', 'Снят с учёта', 'Removed from the list', 60);

-- Every slug a case has had: an old address answers 301 to the new one
-- forever, so links in the press keep working.
CREATE TABLE slug_history (
    slug       TEXT    PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    created_at TEXT    NOT NULL
);

-- Images, re-encoded without metadata, addressed by the SHA-256 of their
-- bytes. A "list" variant names the "profile" variant it was cut from.
CREATE TABLE media (
    hash       TEXT    PRIMARY KEY,
    ext        TEXT    NOT NULL,
    mime       TEXT    NOT NULL,
    variant    TEXT    NOT NULL,
    parent     TEXT,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    data       BLOB    NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT    NOT NULL
);
CREATE INDEX media_parent ON media(parent) WHERE parent IS NOT NULL;

-- The photo of the live revision: media is public only while a live
-- revision uses it.
ALTER TABLE public_index ADD COLUMN photo_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE public_index ADD COLUMN photo_thumb TEXT NOT NULL DEFAULT '';
CREATE INDEX public_index_photo ON public_index(photo_hash) WHERE photo_hash != '';

-- A form that arrived after its session had expired, kept for the person
-- who sent it until they sign in again.
CREATE TABLE pending_saves (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    path       TEXT    NOT NULL,
    form       TEXT    NOT NULL CHECK (json_valid(form)),
    created_at TEXT    NOT NULL
);
CREATE INDEX pending_saves_user ON pending_saves(user_id, path);
