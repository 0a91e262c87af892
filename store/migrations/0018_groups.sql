-- Case groups: the people prosecuted together, whom the field recognises
-- as one group case ("Network", the Ufa Hizb ut-Tahrir case). A reference
-- list like categories, with a description in each language; a
-- prosecution names its group by code in the revision JSON.
CREATE TABLE groups (
    code           TEXT    PRIMARY KEY,
    name_ru        TEXT    NOT NULL,
    name_en        TEXT    NOT NULL,
    description_ru TEXT    NOT NULL DEFAULT '',
    description_en TEXT    NOT NULL DEFAULT '',
    position       INTEGER NOT NULL,
    retired        INTEGER NOT NULL DEFAULT 0
);
