-- What the public list filters on, beside what it shows.
ALTER TABLE public_index ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE public_index ADD COLUMN articles TEXT NOT NULL DEFAULT '[]';
ALTER TABLE public_index ADD COLUMN categories TEXT NOT NULL DEFAULT '[]';
ALTER TABLE public_index ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
CREATE INDEX public_index_status ON public_index(status);
CREATE INDEX public_index_region ON public_index(region);

-- Full-text search over published content of both languages. The text is
-- stemmed in Go (Russian and English snowball) before it is indexed and
-- before it is searched, so the tokenizer only splits words. The rowid is
-- the case id; rows are written in the same transaction as publish and
-- unpublish.
CREATE VIRTUAL TABLE public_fts USING fts5(name, headline, statement, body, extra, tokenize = 'unicode61 remove_diacritics 0');

-- Texts shown on every profile (disclaimer, how to help, how to write a
-- letter) and on the home page, which editors change in the studio.
CREATE TABLE site_texts (
    key        TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('ru', 'en')),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (key, lang)
);
