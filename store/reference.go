package store

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strings"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// RefItem is an entry of a reference list (region, article, category).
type RefItem struct {
	Code string
	Name map[content.Lang]string
	// Description is a group's description per language (the other
	// lists have none).
	Description map[content.Lang]string
	Retired     bool
}

// Label is the entry's name in l.
func (r RefItem) Label(l content.Lang) string {
	if n := r.Name[l]; n != "" {
		return n
	}
	return r.Code
}

// References are the reference lists the case form chooses from.
type References struct {
	Statuses   []RefItem
	Regions    []RefItem
	Articles   []RefItem
	Categories []RefItem
	Groups     []RefItem
}

// RefKind names a reference list.
type RefKind string

const (
	RefStatuses   RefKind = "statuses"
	RefRegions    RefKind = "regions"
	RefArticles   RefKind = "articles"
	RefCategories RefKind = "categories"
	// RefGroups are the case groups: the people prosecuted together.
	RefGroups RefKind = "groups"
)

// RefKinds lists the reference lists in the order the studio shows them.
func RefKinds() []RefKind {
	return []RefKind{RefStatuses, RefRegions, RefArticles, RefCategories, RefGroups}
}

// HasDescription reports whether the list's entries carry a description
// in each language besides their names.
func (k RefKind) HasDescription() bool { return k == RefGroups }

// ParseRefKind returns the list named s, and whether it is one.
func ParseRefKind(s string) (RefKind, bool) {
	k := RefKind(s)
	return k, slices.Contains(RefKinds(), k)
}

// List returns the entries of one kind.
func (r *References) List(k RefKind) []RefItem {
	switch k {
	case RefStatuses:
		return r.Statuses
	case RefRegions:
		return r.Regions
	case RefArticles:
		return r.Articles
	case RefGroups:
		return r.Groups
	}
	return r.Categories
}

// columns are the name columns of a list's table; articles have titles.
func (k RefKind) columns() (ru, en string) {
	if k == RefArticles {
		return "title_ru", "title_en"
	}
	return "name_ru", "name_en"
}

// Find returns the entry with code in list, and whether there is one.
func Find(list []RefItem, code string) (RefItem, bool) {
	for _, it := range list {
		if it.Code == code {
			return it, true
		}
	}
	return RefItem{}, false
}

// References returns the reference lists in display order.
func (s *Store) References(ctx context.Context) (*References, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var refs References
	for _, q := range []struct {
		sql  string
		dest *[]RefItem
	}{
		{`SELECT code, name_ru, name_en, retired FROM statuses ORDER BY position, code`, &refs.Statuses},
		{`SELECT code, name_ru, name_en, retired FROM regions ORDER BY position, code`, &refs.Regions},
		{`SELECT code, title_ru, title_en, retired FROM articles ORDER BY position, code`, &refs.Articles},
		{`SELECT code, name_ru, name_en, retired FROM categories ORDER BY position, code`, &refs.Categories},
		{`SELECT code, name_ru, name_en, retired, description_ru, description_en FROM groups ORDER BY position, code`, &refs.Groups},
	} {
		rows, err := tx.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var it RefItem
			var ru, en, dru, den string
			dest := []any{&it.Code, &ru, &en, &it.Retired}
			if q.dest == &refs.Groups {
				dest = append(dest, &dru, &den)
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return nil, err
			}
			it.Name = map[content.Lang]string{content.RU: ru, content.EN: en}
			if q.dest == &refs.Groups {
				it.Description = map[content.Lang]string{content.RU: dru, content.EN: den}
			}
			*q.dest = append(*q.dest, it)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return &refs, nil
}

// checkRefs refuses codes that are not in the reference lists, or that are
// retired, unless the previous revision already used them: retiring an
// entry must not make old cases impossible to save.
func checkRefs(ctx context.Context, tx *sql.Tx, c, prev *content.Case) error {
	fe := content.FieldErrors{}
	check := func(field, table string, codes []string, prevCodes []string) error {
		for _, code := range codes {
			var retired bool
			err := tx.QueryRowContext(ctx, `SELECT retired FROM `+table+` WHERE code = ?`, code).Scan(&retired)
			if err == sql.ErrNoRows || (err == nil && retired && !slices.Contains(prevCodes, code)) {
				fe[field] = "error.unknown_value"
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	var p content.Case
	if prev != nil {
		p = *prev
	}
	var status, prevStatus []string
	if c.Status != "" {
		status = []string{c.Status}
	}
	if p.Status != "" {
		prevStatus = []string{p.Status}
	}
	if err := check("status", "statuses", status, prevStatus); err != nil {
		return err
	}
	// Each prosecution's region, article codes and group, against every
	// one the previous revision used: a retired entry stays valid where
	// it was.
	var prevRegions, prevArticles, prevGroups []string
	for _, q := range p.EffectiveProsecutions() {
		prevRegions = append(prevRegions, q.Region)
		prevArticles = append(prevArticles, q.ArticleCodes()...)
		prevGroups = append(prevGroups, q.Group)
	}
	for i, q := range c.EffectiveProsecutions() {
		if q.Region != "" {
			if err := check(content.ProsecutionKey(i, "region"), "regions", []string{q.Region}, prevRegions); err != nil {
				return err
			}
		}
		if err := check(content.ProsecutionKey(i, "articles"), "articles", q.ArticleCodes(), prevArticles); err != nil {
			return err
		}
		if q.Group != "" {
			before := len(fe)
			if err := check(content.ProsecutionKey(i, "group"), "groups", []string{q.Group}, prevGroups); err != nil {
				return err
			}
			if len(fe) > before {
				fe[content.ProsecutionKey(i, "group")] = "error.unknown_group"
			}
		}
	}
	if err := check("categories", "categories", c.Categories, p.Categories); err != nil {
		return err
	}
	if len(fe) > 0 {
		return &errs.Error{Kind: errs.KindInvalid, Key: "error.form", Err: fe}
	}
	return nil
}

var (
	refCodePattern     = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*$`)
	articleCodePattern = regexp.MustCompile(`^[0-9]{1,4}(?:\.[0-9]{1,2})?$`)
)

// RefInput is what an editor types for a reference entry.
type RefInput struct {
	Code    string
	NameRU  string
	NameEN  string
	Retired bool
	// DescRU and DescEN describe a group (RefGroups); other lists
	// ignore them.
	DescRU, DescEN string
}

func (in *RefInput) validate(k RefKind, isNew bool) content.FieldErrors {
	fe := content.FieldErrors{}
	in.Code, in.NameRU, in.NameEN = strings.TrimSpace(in.Code), strings.TrimSpace(in.NameRU), strings.TrimSpace(in.NameEN)
	if isNew {
		pattern := refCodePattern
		if k == RefArticles {
			pattern = articleCodePattern
		}
		if !pattern.MatchString(in.Code) || len(in.Code) > 60 {
			fe["code"] = "error.ref_code"
		}
	}
	if in.NameRU == "" || len([]rune(in.NameRU)) > 500 {
		fe["name_ru"] = "error.ref_name"
	}
	if in.NameEN == "" || len([]rune(in.NameEN)) > 500 {
		fe["name_en"] = "error.ref_name"
	}
	in.DescRU, in.DescEN = strings.TrimSpace(in.DescRU), strings.TrimSpace(in.DescEN)
	if !k.HasDescription() {
		in.DescRU, in.DescEN = "", ""
	}
	if len([]rune(in.DescRU)) > 5000 {
		fe["description_ru"] = "error.too_long"
	}
	if len([]rune(in.DescEN)) > 5000 {
		fe["description_en"] = "error.too_long"
	}
	if len(fe) > 0 {
		return fe
	}
	return nil
}

func invalid(fe content.FieldErrors) error {
	return &errs.Error{Kind: errs.KindInvalid, Key: "error.form", Err: fe}
}

// AddRef adds an entry at the end of a reference list.
func (s *Store) AddRef(ctx context.Context, actor *User, k RefKind, in RefInput) error {
	if !workflow.CanManageReferences(actor.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	if fe := in.validate(k, true); fe != nil {
		return invalid(fe)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+string(k)+` WHERE code = ?`, in.Code).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return invalid(content.FieldErrors{"code": "error.ref_taken"})
	}
	if err := insertRef(ctx, tx.Tx, k, in, false); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor.ID, "reference.add", 0, 0, AuditRef{Kind: string(k), Code: in.Code}); err != nil {
		return err
	}
	return s.commitPublic(tx.Tx)
}

// UpdateRef renames an entry or retires it (or brings it back). A retired
// entry stays on the cases that use it but is no longer offered.
func (s *Store) UpdateRef(ctx context.Context, actor *User, k RefKind, in RefInput) error {
	if !workflow.CanManageReferences(actor.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	if fe := in.validate(k, false); fe != nil {
		return invalid(fe)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ru, en := k.columns()
	q, args := `UPDATE `+string(k)+` SET `+ru+` = ?, `+en+` = ?, retired = ? WHERE code = ?`, []any{in.NameRU, in.NameEN, in.Retired, in.Code}
	if k.HasDescription() {
		q = `UPDATE ` + string(k) + ` SET ` + ru + ` = ?, ` + en + ` = ?, retired = ?, description_ru = ?, description_en = ? WHERE code = ?`
		args = []any{in.NameRU, in.NameEN, in.Retired, in.DescRU, in.DescEN, in.Code}
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFound("error.404.message")
	}
	if err := audit(ctx, tx, actor.ID, "reference.update", 0, 0, AuditRefUpdate{Kind: string(k), Code: in.Code, Retired: in.Retired}); err != nil {
		return err
	}
	return s.commitPublic(tx.Tx)
}

// DeleteRef removes an entry that no revision of any case has ever used;
// one in use can only be retired, so that old revisions keep their meaning.
func (s *Store) DeleteRef(ctx context.Context, actor *User, k RefKind, code string) error {
	if !workflow.CanManageReferences(actor.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	used, err := refInUse(ctx, tx.Tx, k, code)
	if err != nil {
		return err
	}
	if used {
		return errs.Conflict("error.ref_in_use")
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM `+string(k)+` WHERE code = ?`, code)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.NotFound("error.404.message")
	}
	if err := audit(ctx, tx, actor.ID, "reference.delete", 0, 0, AuditRef{Kind: string(k), Code: code}); err != nil {
		return err
	}
	return s.commitPublic(tx.Tx)
}

// insertRef adds an entry at the end of its list; with upsert, an entry
// of that code already there takes the names (and description) given.
func insertRef(ctx context.Context, tx *sql.Tx, k RefKind, in RefInput, upsert bool) error {
	ru, en := k.columns()
	cols, vals := `code, `+ru+`, `+en+`, retired`, `?, ?, ?, ?`
	args := []any{in.Code, in.NameRU, in.NameEN, in.Retired}
	if k.HasDescription() {
		cols, vals = cols+`, description_ru, description_en`, vals+`, ?, ?`
		args = append(args, in.DescRU, in.DescEN)
	}
	conflict := ` ON CONFLICT (code) DO NOTHING`
	if upsert {
		conflict = ` ON CONFLICT (code) DO UPDATE SET ` + ru + ` = excluded.` + ru + `, ` + en + ` = excluded.` + en
		if k.HasDescription() {
			conflict += `, description_ru = excluded.description_ru, description_en = excluded.description_en`
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+string(k)+` (`+cols+`, position)
		VALUES (`+vals+`, (SELECT coalesce(max(position), 0) + 10 FROM `+string(k)+`))`+conflict, args...)
	return err
}

// RefUsage counts the cases whose revisions use each code of a list.
func (s *Store) RefUsage(ctx context.Context, k RefKind) (map[string]int, error) {
	var q string
	switch k {
	case RefStatuses:
		q = `SELECT json_extract(content, '$.status'), count(DISTINCT case_id) FROM revisions GROUP BY 1`
	default:
		q = `SELECT code, count(DISTINCT case_id) FROM (` + refUses(k) + `) GROUP BY 1`
	}
	rows, err := s.r.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code sql.NullString
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		if code.Valid {
			out[code.String] = n
		}
	}
	return out, rows.Err()
}

// refUses is a query of (code, case_id) for every use of an entry of k by
// any revision: the top-level fields of a revision in the shape before
// prosecutions, and every prosecution's of one after (an article as the
// field writes it, "280.3 ч.1", uses the code before the space).
func refUses(k RefKind) string {
	switch k {
	case RefRegions:
		return `SELECT json_extract(content, '$.region') AS code, case_id FROM revisions
			UNION ALL SELECT json_extract(p.value, '$.region'), r.case_id FROM revisions r, json_each(r.content, '$.prosecutions') p`
	case RefArticles:
		return `SELECT ` + articleCodeSQL("j.value") + ` AS code, r.case_id FROM revisions r, json_each(r.content, '$.articles') j
			UNION ALL SELECT ` + articleCodeSQL("a.value") + `, r.case_id FROM revisions r, json_each(r.content, '$.prosecutions') p, json_each(p.value, '$.articles') a`
	case RefGroups:
		return `SELECT json_extract(p.value, '$.group') AS code, r.case_id FROM revisions r, json_each(r.content, '$.prosecutions') p`
	}
	return `SELECT j.value AS code, r.case_id FROM revisions r, json_each(r.content, '$.categories') j`
}

// articleCodeSQL is content.ArticleCode in SQL.
func articleCodeSQL(col string) string {
	return `CASE WHEN instr(trim(` + col + `), ' ') > 0 THEN substr(trim(` + col + `), 1, instr(trim(` + col + `), ' ') - 1) ELSE trim(` + col + `) END`
}

func refInUse(ctx context.Context, tx *sql.Tx, k RefKind, code string) (bool, error) {
	var q string
	switch k {
	case RefStatuses:
		q = `SELECT EXISTS (SELECT 1 FROM revisions WHERE json_extract(content, '$.status') = ?)`
	default:
		q = `SELECT EXISTS (SELECT 1 FROM (` + refUses(k) + `) WHERE code = ?)`
	}
	var used bool
	err := tx.QueryRowContext(ctx, q, code).Scan(&used)
	return used, err
}

// commitPublic commits a change the public pages show and starts a new
// generation of them.
func (s *Store) commitPublic(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return err
	}
	s.bump()
	return nil
}
