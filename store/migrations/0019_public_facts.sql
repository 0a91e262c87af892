-- Person facts and prosecutions in the public index, for the list's and
-- the open data's filters (gender, born_from/born_to, citizenship,
-- released, group, and region and article matching any prosecution),
-- the prosecutions API and the statistics.
--
-- born_on is the date of birth as the public may see it (the year alone
-- unless the birthday is public: content.Case.PublicBornOn), born_year
-- its year, 0 when unknown. released is 1 when the person's custody is
-- "released" (content.Case.Released). articles holds the article codes of
-- every prosecution from now on ("280.3", never "280.3 ч.1"), regions and
-- groups the regions and group codes of every prosecution, each once.
ALTER TABLE public_index ADD COLUMN gender TEXT NOT NULL DEFAULT '';
ALTER TABLE public_index ADD COLUMN born_on TEXT NOT NULL DEFAULT '';
ALTER TABLE public_index ADD COLUMN born_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE public_index ADD COLUMN citizenship TEXT NOT NULL DEFAULT '[]';
ALTER TABLE public_index ADD COLUMN released INTEGER NOT NULL DEFAULT 0;
ALTER TABLE public_index ADD COLUMN regions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE public_index ADD COLUMN groups TEXT NOT NULL DEFAULT '[]';
CREATE INDEX public_index_born_year ON public_index(born_year);

-- One row per prosecution of a published case (content.Case.
-- EffectiveProsecutions of the live revision: a case in the shape before
-- prosecutions is one), in the case's order from 0; data is the
-- prosecution's JSON with the texts of a language the case does not
-- publish emptied. A published case always has at least one row, which
-- is how Open knows a case published before this migration (no row) and
-- fills its facts from its live revision (Store.reindexSearch), so that
-- no case need be published again.
CREATE TABLE public_prosecutions (
    case_id  INTEGER NOT NULL REFERENCES public_index (case_id) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,
    grp      TEXT    NOT NULL DEFAULT '',
    region   TEXT    NOT NULL DEFAULT '',
    articles TEXT    NOT NULL DEFAULT '[]',
    data     TEXT    NOT NULL,
    PRIMARY KEY (case_id, idx)
);
CREATE INDEX public_prosecutions_region ON public_prosecutions(region);
CREATE INDEX public_prosecutions_grp ON public_prosecutions(grp);
