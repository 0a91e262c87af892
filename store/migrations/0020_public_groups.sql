-- The published members of each case group, so that a profile can name
-- its co-defendants and a group page list its members without reading
-- every live revision (a scan of 10,000 took 200 ms). A row says that
-- the live revision of a published case names the group in one of its
-- prosecutions; it exists exactly while the case is in public_index.
--
-- The rows follow public_index by triggers rather than by the Go code
-- that writes it (indexPublic, unindexPublic): that code always sets
-- cases.live_revision_id first and writes public_index after, in the
-- same transaction, so the live revision the triggers read is the one
-- going out. Drafts and working revisions are never read here: a draft
-- co-defendant is not a member for the public, not even by count. The
-- readers (store/groups.go) join public_index and the live revision
-- again, so a row here can never reveal more than those do.
CREATE TABLE public_group_members (
    group_code TEXT    NOT NULL,
    case_id    INTEGER NOT NULL,
    PRIMARY KEY (group_code, case_id)
) WITHOUT ROWID;
CREATE INDEX public_group_members_case ON public_group_members(case_id);

CREATE TRIGGER public_index_groups_insert AFTER INSERT ON public_index
BEGIN
    DELETE FROM public_group_members WHERE case_id = NEW.case_id;
    INSERT OR IGNORE INTO public_group_members (group_code, case_id)
        SELECT j.value ->> 'group', NEW.case_id
        FROM cases c JOIN revisions r ON r.id = c.live_revision_id, json_each(r.content, '$.prosecutions') j
        WHERE c.id = NEW.case_id AND coalesce(j.value ->> 'group', '') != '';
END;

CREATE TRIGGER public_index_groups_update AFTER UPDATE ON public_index
BEGIN
    DELETE FROM public_group_members WHERE case_id = OLD.case_id OR case_id = NEW.case_id;
    INSERT OR IGNORE INTO public_group_members (group_code, case_id)
        SELECT j.value ->> 'group', NEW.case_id
        FROM cases c JOIN revisions r ON r.id = c.live_revision_id, json_each(r.content, '$.prosecutions') j
        WHERE c.id = NEW.case_id AND coalesce(j.value ->> 'group', '') != '';
END;

CREATE TRIGGER public_index_groups_delete AFTER DELETE ON public_index
BEGIN
    DELETE FROM public_group_members WHERE case_id = OLD.case_id;
END;

-- Cases published before this migration.
INSERT OR IGNORE INTO public_group_members (group_code, case_id)
    SELECT j.value ->> 'group', p.case_id
    FROM public_index p JOIN cases c ON c.id = p.case_id JOIN revisions r ON r.id = c.live_revision_id,
         json_each(r.content, '$.prosecutions') j
    WHERE coalesce(j.value ->> 'group', '') != '';
