-- The words a reader sees of each language's headline, statement and body
-- (search.Passage), made when a case goes live, so that a search quotes
-- its matching passage without reading and reducing the Markdown of every
-- result. A table of their own keeps public_index narrow for the lists
-- and counts that scan it. Open fills it for cases published before
-- (Store.reindexSearch).
CREATE TABLE public_passages (
    case_id INTEGER PRIMARY KEY REFERENCES public_index (case_id) ON DELETE CASCADE,
    ru      TEXT NOT NULL,
    en      TEXT NOT NULL
);
