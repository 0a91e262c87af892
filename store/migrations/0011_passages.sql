-- The words a reader sees of each language's headline, statement and body
-- (search.Passage), made when a case goes live, so that a search quotes
-- its matching passage without reading and reducing the Markdown of every
-- result. Open fills them for cases published before (Store.reindexSearch).
ALTER TABLE public_index ADD COLUMN passage_ru TEXT NOT NULL DEFAULT '';
ALTER TABLE public_index ADD COLUMN passage_en TEXT NOT NULL DEFAULT '';
