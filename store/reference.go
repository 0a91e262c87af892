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
	Code    string
	Name    map[content.Lang]string
	Retired bool
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
}

// RefKind names a reference list.
type RefKind string

const (
	RefStatuses   RefKind = "statuses"
	RefRegions    RefKind = "regions"
	RefArticles   RefKind = "articles"
	RefCategories RefKind = "categories"
)

// RefKinds lists the reference lists in the order the studio shows them.
func RefKinds() []RefKind { return []RefKind{RefStatuses, RefRegions, RefArticles, RefCategories} }

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
	} {
		rows, err := tx.QueryContext(ctx, q.sql)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var it RefItem
			var ru, en string
			if err := rows.Scan(&it.Code, &ru, &en, &it.Retired); err != nil {
				rows.Close()
				return nil, err
			}
			it.Name = map[content.Lang]string{content.RU: ru, content.EN: en}
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
	var region, prevRegion []string
	if c.Region != "" {
		region = []string{c.Region}
	}
	if p.Region != "" {
		prevRegion = []string{p.Region}
	}
	if err := check("region", "regions", region, prevRegion); err != nil {
		return err
	}
	if err := check("articles", "articles", c.Articles, p.Articles); err != nil {
		return err
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
	ru, en := k.columns()
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+string(k)+` (code, `+ru+`, `+en+`, retired, position)
		VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 10 FROM `+string(k)+`))`,
		in.Code, in.NameRU, in.NameEN, in.Retired); err != nil {
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
	res, err := tx.ExecContext(ctx, `UPDATE `+string(k)+` SET `+ru+` = ?, `+en+` = ?, retired = ? WHERE code = ?`,
		in.NameRU, in.NameEN, in.Retired, in.Code)
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

// RefUsage counts the cases whose revisions use each code of a list.
func (s *Store) RefUsage(ctx context.Context, k RefKind) (map[string]int, error) {
	var q string
	switch k {
	case RefStatuses:
		q = `SELECT json_extract(content, '$.status'), count(DISTINCT case_id) FROM revisions GROUP BY 1`
	case RefRegions:
		q = `SELECT json_extract(content, '$.region'), count(DISTINCT case_id) FROM revisions GROUP BY 1`
	case RefArticles:
		q = `SELECT j.value, count(DISTINCT r.case_id) FROM revisions r, json_each(r.content, '$.articles') j GROUP BY 1`
	default:
		q = `SELECT j.value, count(DISTINCT r.case_id) FROM revisions r, json_each(r.content, '$.categories') j GROUP BY 1`
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

func refInUse(ctx context.Context, tx *sql.Tx, k RefKind, code string) (bool, error) {
	var q string
	switch k {
	case RefStatuses:
		q = `SELECT EXISTS (SELECT 1 FROM revisions WHERE json_extract(content, '$.status') = ?)`
	case RefRegions:
		q = `SELECT EXISTS (SELECT 1 FROM revisions WHERE json_extract(content, '$.region') = ?)`
	case RefArticles:
		q = `SELECT EXISTS (SELECT 1 FROM revisions r, json_each(r.content, '$.articles') j WHERE j.value = ?)`
	default:
		q = `SELECT EXISTS (SELECT 1 FROM revisions r, json_each(r.content, '$.categories') j WHERE j.value = ?)`
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
