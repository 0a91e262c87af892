package store

import (
	"context"
	"encoding/json"

	"casebook/content"
)

// PublicProsecution is one prosecution of a published case, as the open
// data list it: the field counts one row per prosecution of a person
// (OVD-Info), so people and prosecutions can be counted apart.
type PublicProsecution struct {
	// Slug is the case's public address.
	Slug string
	// Index is the prosecution's place in the case's prosecutions, from 0.
	Index       int
	Prosecution content.Prosecution
}

// PublicProsecutions returns a page of the prosecutions of published
// cases and how many there are in all, in the order of the case list
// (newest recognitions first) and each case's own order. The words and
// the filters of the person (status, category, year, gender,
// citizenship, years of birth, release) select cases; Region, Article
// and Group select the prosecutions themselves: a row is kept when that
// prosecution is in the region, charges the article or belongs to the
// group.
func (s *Store) PublicProsecutions(ctx context.Context, q PublicQuery) ([]PublicProsecution, int, error) {
	match, err := s.match(ctx, q.Text)
	if err != nil {
		return nil, 0, err
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	person := q
	person.Region, person.Article, person.Group = "", "", ""
	where, args := person.where(match)
	if q.Region != "" {
		where += " AND pp.region = ?"
		args = append(args, q.Region)
	}
	if q.Article != "" {
		where += " AND EXISTS (SELECT 1 FROM json_each(pp.articles) WHERE value = ?)"
		args = append(args, q.Article)
	}
	if q.Group != "" {
		where += " AND pp.grp = ?"
		args = append(args, q.Group)
	}
	from := `public_prosecutions pp JOIN public_index p ON p.case_id = pp.case_id`
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+from+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.slug, pp.idx, pp.data FROM `+from+` WHERE `+where+`
		ORDER BY p.recognized_on DESC, p.published_at DESC, p.case_id DESC, pp.idx LIMIT ? OFFSET ?`,
		append(args, q.Limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []PublicProsecution
	for rows.Next() {
		var pr PublicProsecution
		var data string
		if err := rows.Scan(&pr.Slug, &pr.Index, &data); err != nil {
			return nil, 0, err
		}
		if err := json.Unmarshal([]byte(data), &pr.Prosecution); err != nil {
			return nil, 0, err
		}
		if pr.Prosecution.Articles == nil {
			pr.Prosecution.Articles = []string{}
		}
		out = append(out, pr)
	}
	return out, total, rows.Err()
}

// The age groups of the statistics, by their codes (AgeGroup).
const (
	AgeUnder25 = "under-25"
	Age25to34  = "25-34"
	Age35to44  = "35-44"
	Age45to54  = "45-54"
	Age55to64  = "55-64"
	Age65up    = "65-plus"
	AgeUnknown = "unknown"
)

// AgeGroups lists the age groups in their order.
func AgeGroups() []string {
	return []string{AgeUnder25, Age25to34, Age35to44, Age45to54, Age55to64, Age65up, AgeUnknown}
}

// AgeGroup is the age group of a person of this age; ok false is an
// unknown age.
func AgeGroup(age int, ok bool) string {
	switch {
	case !ok:
		return AgeUnknown
	case age < 25:
		return AgeUnder25
	case age < 35:
		return Age25to34
	case age < 45:
		return Age35to44
	case age < 55:
		return Age45to54
	case age < 65:
		return Age55to64
	}
	return Age65up
}

// The term groups of the statistics, by their codes (TermGroup).
const (
	TermNone   = "none"
	TermUpTo3  = "up-to-3"
	Term3to5   = "3-5"
	Term5to10  = "5-10"
	Term10to15 = "10-15"
	TermOver15 = "over-15"
)

// TermGroups lists the term groups in their order.
func TermGroups() []string {
	return []string{TermNone, TermUpTo3, Term3to5, Term5to10, Term10to15, TermOver15}
}

// Sentenced says whether a prosecution has a sentence the statistics of
// terms count: a kind of punishment or a term stated.
func Sentenced(s content.Sentence) bool { return s.Kind != "" || s.Months > 0 }

// TermGroup is the group of a sentence's term: a suspended sentence, or
// one without a term in months (a fine alone), is TermNone; otherwise the
// term, whatever the punishment, with each bound in the lower group (3
// years exactly is "up to 3", 5 years "3 to 5").
func TermGroup(s content.Sentence) string {
	m := s.Months
	switch {
	case s.Kind == "suspended" || m <= 0:
		return TermNone
	case m <= 36:
		return TermUpTo3
	case m <= 60:
		return Term3to5
	case m <= 120:
		return Term5to10
	case m <= 180:
		return Term10to15
	}
	return TermOver15
}

// PublicStats are the counts of the statistics page beside the facets:
// people and prosecutions apart, ages and terms.
type PublicStats struct {
	// People is how many published cases there are (one person each),
	// Prosecutions how many prosecutions they have in all.
	People, Prosecutions int
	// Ages counts the people by age group (AgeGroups, every group
	// present, in order), the age reckoned today from the public date of
	// birth (content.Case.Age).
	Ages []Count
	// Terms counts the prosecutions with a sentence (Sentenced) by the
	// group of its term (TermGroups, every group present, in order);
	// Sentenced is how many they are.
	Terms     []Count
	Sentenced int
}

// PublicStats counts the published people by age on the store's today,
// and their prosecutions by the term of their sentences.
func (s *Store) PublicStats(ctx context.Context) (*PublicStats, error) {
	now := s.now()
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	st := &PublicStats{}
	ages := map[string]int{}
	rows, err := tx.QueryContext(ctx, `SELECT born_on FROM public_index`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var born string
		if err := rows.Scan(&born); err != nil {
			rows.Close()
			return nil, err
		}
		// born_on is already what the public may see of it.
		c := content.Case{BornOn: content.Date(born), BirthdayPublic: true}
		ages[AgeGroup(c.Age(now))]++
		st.People++
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	terms := map[string]int{}
	// The sentence alone of each prosecution's JSON.
	rows, err = tx.QueryContext(ctx, `SELECT json_extract(data, '$.sentence') FROM public_prosecutions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		st.Prosecutions++
		var sn content.Sentence
		if err := json.Unmarshal([]byte(raw), &sn); err != nil {
			return nil, err
		}
		if Sentenced(sn) {
			st.Sentenced++
			terms[TermGroup(sn)]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, g := range AgeGroups() {
		st.Ages = append(st.Ages, Count{Key: g, Count: ages[g]})
	}
	for _, g := range TermGroups() {
		st.Terms = append(st.Terms, Count{Key: g, Count: terms[g]})
	}
	return st, nil
}
