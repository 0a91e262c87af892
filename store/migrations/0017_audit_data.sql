-- The arguments of an audit entry as data: a JSON object with named
-- fields, one shape per action (store/auditdata.go), which the studio puts
-- into words from the message catalogue in the reader's language. Entries
-- written before keep their words in detail, with data NULL, and the
-- studio reads those words back as before: the log is append-only, and
-- adding a column touches no row.
ALTER TABLE audit ADD COLUMN data TEXT CHECK (data IS NULL OR (json_valid(data) AND json_type(data) = 'object'));
