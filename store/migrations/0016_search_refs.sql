-- Region and category names: a case's region and categories are codes,
-- which the index now holds as tokens in a column of their own
-- (search.RefToken); a search word that names an entry of those
-- reference lists, in either language and any grammatical case, matches
-- the cases that carry it (search.Names, built from the lists as they
-- are, so a renamed region is found by its new name at once, with no case
-- indexed again). FTS5 tables cannot gain a column, so the index is made
-- again; Open fills it from the live revisions (Store.reindexSearch).
DROP TABLE public_fts;
CREATE VIRTUAL TABLE public_fts USING fts5(name, headline, statement, body, extra, latin, refs, tokenize = 'unicode61 remove_diacritics 0');
