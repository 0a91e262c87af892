-- Name keys: every Latin spelling of a name reduced to its consonants
-- (search.NameKey), so that Navalny, Navalnyy and Naval'nyi all find
-- Навальный. FTS5 tables cannot gain a column, so the index is made
-- again; Open fills it from the live revisions (Store.reindexSearch).
DROP TABLE public_fts;
CREATE VIRTUAL TABLE public_fts USING fts5(name, headline, statement, body, extra, latin, tokenize = 'unicode61 remove_diacritics 0');
