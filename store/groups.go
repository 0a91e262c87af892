package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"casebook/content"
	"casebook/errs"
)

// A case group's members, as the public may know them: only published
// cases, read from their live revisions through the public index, never
// from a working revision. A draft co-defendant, or one taken down, is
// therefore not a member here at all: not by name, not by count. Every
// public surface that names members (a profile's co-defendants, the
// group page, the sitemap, the mirror) reads them from these methods.

// GroupMember is a published case one of whose prosecutions names a
// group.
type GroupMember struct {
	CaseID       int64
	Slug         string
	Status       string
	RecognizedOn content.Date
	Name         map[content.Lang]string
	Headline     map[content.Lang]string
	Complete     map[content.Lang]bool
	// Thumb is the address of the photo's list variant, or "".
	Thumb     string
	UpdatedAt time.Time
	// Live is the live content as the public sees it (ForPublic), for
	// the member's custody and its prosecutions in the group.
	Live *content.Case
}

// PublicGroup is a case group with its published members.
type PublicGroup struct {
	Group   content.Group
	Members []GroupMember
}

// memberColumns are what a member is read with; scanMember reads them.
// The live revision is read through public_index, which holds exactly
// the published cases.
const memberColumns = `p.case_id, p.slug, p.status, p.recognized_on, p.name_ru, p.name_en, p.headline_ru, p.headline_en,
	p.complete_ru, p.complete_en, p.photo_thumb, p.updated_at, r.content`

const memberFrom = `public_index p JOIN cases c ON c.id = p.case_id JOIN revisions r ON r.id = c.live_revision_id`

// inGroups is the condition that a published case (p) is a member of one
// of the groups of the JSON array bound to it: that its live revision
// names the group in one of its prosecutions (public_group_members, kept
// beside public_index by migration 0020). A revision written before
// prosecutions has none, and no group.
const inGroups = `p.case_id IN (SELECT case_id FROM public_group_members
	WHERE group_code IN (SELECT value FROM json_each(?)))`

func scanMember(rows *sql.Rows) (GroupMember, error) {
	m := GroupMember{Name: map[content.Lang]string{}, Headline: map[content.Lang]string{}, Complete: map[content.Lang]bool{}}
	var nru, nen, hru, hen, rec, updated, body string
	var cru, cen bool
	if err := rows.Scan(&m.CaseID, &m.Slug, &m.Status, &rec, &nru, &nen, &hru, &hen, &cru, &cen, &m.Thumb, &updated, &body); err != nil {
		return m, err
	}
	m.RecognizedOn = content.Date(rec)
	m.UpdatedAt = parseTime(updated)
	m.Name[content.RU], m.Name[content.EN] = nru, nen
	m.Headline[content.RU], m.Headline[content.EN] = hru, hen
	m.Complete[content.RU], m.Complete[content.EN] = cru, cen
	var c content.Case
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return m, fmt.Errorf("live revision of case %d: %w", m.CaseID, err)
	}
	c.Normalize()
	c.Slug = m.Slug
	m.Live = c.ForPublic()
	return m, nil
}

// members reads the published members of the groups codes names, other
// than the case except (0 for none), in the order of the cases.
func members(ctx context.Context, tx *sql.Tx, codes []string, except int64) ([]GroupMember, error) {
	list, _ := json.Marshal(codes)
	var out []GroupMember
	err := each(ctx, tx, `SELECT `+memberColumns+` FROM `+memberFrom+`
		WHERE p.case_id != ? AND `+inGroups+` ORDER BY p.case_id`, []any{except, string(list)}, func(rows *sql.Rows) error {
		m, err := scanMember(rows)
		if err != nil {
			return err
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// PublicGroup returns the group with code and its published members. A
// code that names no group is errs.KindNotFound; a group without a
// published member is returned with none, for the caller to decide.
func (s *Store) PublicGroup(ctx context.Context, code string) (*PublicGroup, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	g := PublicGroup{Group: content.Group{Code: code}}
	err = tx.QueryRowContext(ctx, `SELECT name_ru, name_en, description_ru, description_en FROM groups WHERE code = ?`, code).
		Scan(&g.Group.RU.Name, &g.Group.EN.Name, &g.Group.RU.Description, &g.Group.EN.Description)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFound("error.404.message")
	}
	if err != nil {
		return nil, err
	}
	if g.Members, err = members(ctx, tx, []string{code}, 0); err != nil {
		return nil, err
	}
	return &g, nil
}

// CoDefendants returns, for each of the groups codes names, its published
// members other than the case caseID: the co-defendants a profile names.
// A group with no other published member is absent from the map.
func (s *Store) CoDefendants(ctx context.Context, caseID int64, codes []string) (map[string][]GroupMember, error) {
	out := map[string][]GroupMember{}
	var want []string
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" {
			want = append(want, c)
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ms, err := members(ctx, tx, want, caseID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		seen := map[string]bool{}
		for _, p := range m.Live.Prosecutions {
			for _, code := range want {
				if p.Group == code && !seen[code] {
					seen[code] = true
					out[code] = append(out[code], m)
				}
			}
		}
	}
	return out, nil
}

// GroupListing is a group that has published members, as the sitemap and
// the static mirror list it.
type GroupListing struct {
	Code string
	// UpdatedAt is the latest publication among its members.
	UpdatedAt time.Time
}

// PublicGroupCodes lists the groups that have at least one published
// member, by code. A group whose members are all drafts or taken down is
// not listed: listing it would say that it has members the public cannot
// see.
func (s *Store) PublicGroupCodes(ctx context.Context) ([]GroupListing, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var out []GroupListing
	err = each(ctx, tx, `
		SELECT g.code, max(p.updated_at) FROM public_group_members m
		JOIN public_index p ON p.case_id = m.case_id
		JOIN groups g ON g.code = m.group_code
		GROUP BY g.code ORDER BY g.code`, nil, func(rows *sql.Rows) error {
		var l GroupListing
		var updated string
		if err := rows.Scan(&l.Code, &updated); err != nil {
			return err
		}
		l.UpdatedAt = parseTime(updated)
		out = append(out, l)
		return nil
	})
	return out, err
}
