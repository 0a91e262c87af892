package store

import (
	"context"
	"slices"
	"testing"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// groupCase is a complete case whose prosecutions name groups, one
// prosecution each ("" for a prosecution of no group).
func groupCase(slug, ru, en string, groups ...string) *content.Case {
	c := sampleCase()
	c.Slug = slug
	c.RU.Name, c.EN.Name = ru, en
	for _, g := range groups {
		c.Prosecutions = append(c.Prosecutions, content.Prosecution{Group: g, Stage: "trial", EN: content.ProsecutionText{Note: "note " + slug}})
	}
	c.Normalize()
	return c
}

func memberSlugs(ms []GroupMember) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Slug)
	}
	slices.Sort(out)
	return out
}

// TestGroupMembersArePublishedOnly: a group's members, a profile's
// co-defendants and the groups the sitemap lists come from the published
// cases alone; a draft member, one taken down and one whose published
// revision names no group are not members, and a taken-down one is a
// member again once it is put back.
func TestGroupMembersArePublishedOnly(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res := mustUser(t, s, "r@example.org", "researcher")
	ed := mustUser(t, s, "e@example.org", "editor")
	ed2 := mustUser(t, s, "e2@example.org", "editor")
	for _, code := range []string{"network", "other"} {
		if err := s.AddRef(ctx, ed, RefGroups, RefInput{Code: code, NameRU: "Сеть " + code, NameEN: "Network " + code, DescRU: "Описание", DescEN: "About"}); err != nil {
			t.Fatal(err)
		}
	}
	d := &Dump{Cases: []DumpCase{
		{Case: *groupCase("anna", "Анна", "Anna", "network")},
		// The group in the second prosecution, and another group.
		{Case: *groupCase("boris", "Борис", "Boris", "other", "network")},
		{Case: *groupCase("vera", "Вера", "Vera", "network")},
		{Case: *groupCase("gleb", "Глеб", "Gleb", "")},
	}}
	if _, err := s.Import(ctx, d, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	// A draft member.
	draft, err := s.CreateCase(ctx, res, groupCase("dmitry", "Дмитрий", "Dmitry", "network"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, slug := range []string{"anna", "boris", "vera", "gleb"} {
		pc, err := s.PublicCaseBySlug(ctx, slug)
		if err != nil {
			t.Fatal(slug, err)
		}
		ids[slug] = pc.Case.ID
	}
	// Vera is taken down.
	unpublish := func(u *User, slug string) {
		t.Helper()
		mustTransition(t, s, u, ids[slug], workflow.Unpublish, workflow.Input{Comment: "safety"})
	}
	unpublish(ed, "vera")

	g, err := s.PublicGroup(ctx, "network")
	if err != nil {
		t.Fatal(err)
	}
	if g.Group.EN.Name != "Network network" || g.Group.RU.Description != "Описание" {
		t.Errorf("group: %+v", g.Group)
	}
	if got := memberSlugs(g.Members); !slices.Equal(got, []string{"anna", "boris"}) {
		t.Errorf("members: %v, want anna and boris", got)
	}
	for _, m := range g.Members {
		if m.Live == nil || m.Name[content.EN] == "" || !m.Complete[content.RU] {
			t.Errorf("member %s read without its content: %+v", m.Slug, m)
		}
	}
	co, err := s.CoDefendants(ctx, ids["anna"], []string{"network", ""})
	if err != nil {
		t.Fatal(err)
	}
	if got := memberSlugs(co["network"]); !slices.Equal(got, []string{"boris"}) || len(co) != 1 {
		t.Errorf("Anna's co-defendants: %v", co)
	}
	// The draft's own co-defendants (its preview) are published ones.
	co, err = s.CoDefendants(ctx, draft, []string{"network"})
	if err != nil {
		t.Fatal(err)
	}
	if got := memberSlugs(co["network"]); !slices.Equal(got, []string{"anna", "boris"}) {
		t.Errorf("the draft's co-defendants: %v", got)
	}
	codes, err := s.PublicGroupCodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 2 || codes[0].Code != "network" || codes[1].Code != "other" || codes[0].UpdatedAt.IsZero() {
		t.Errorf("groups with published members: %+v", codes)
	}

	if _, err := s.PublicGroup(ctx, "nonesuch"); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("unknown group: %v", err)
	}

	// With Anna and Boris taken down too, the group has no published
	// member and is listed nowhere.
	unpublish(ed, "anna")
	unpublish(ed, "boris")
	if g, err := s.PublicGroup(ctx, "network"); err != nil || len(g.Members) != 0 {
		t.Errorf("after the take-downs: %+v, %v", g, err)
	}
	if codes, err := s.PublicGroupCodes(ctx); err != nil || len(codes) != 0 {
		t.Errorf("groups listed after the take-downs: %+v, %v", codes, err)
	}
	// Put back, Anna is a member again.
	mustTransition(t, s, ed2, ids["anna"], workflow.Republish, workflow.Input{Comment: "safe now"})
	if g, err := s.PublicGroup(ctx, "network"); err != nil || !slices.Equal(memberSlugs(g.Members), []string{"anna"}) {
		t.Errorf("after the republication: %+v, %v", g, err)
	}
}

// TestMigration0020FillsMembersOfCasesPublishedBefore: the members of
// cases published before the table existed are read from their live
// revisions when the migration runs.
func TestMigration0020FillsMembersOfCasesPublishedBefore(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	ed := mustUser(t, s, "e@example.org", "editor")
	if err := s.AddRef(ctx, ed, RefGroups, RefInput{Code: "network", NameRU: "Сеть", NameEN: "Network"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, &Dump{Cases: []DumpCase{{Case: *groupCase("anna", "Анна", "Anna", "network")}}}, ImportOptions{AsPublished: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM public_group_members; DELETE FROM schema_migrations WHERE version = '0020_public_groups';
		DROP TRIGGER public_index_groups_insert; DROP TRIGGER public_index_groups_update; DROP TRIGGER public_index_groups_delete;
		DROP TABLE public_group_members`); err != nil {
		t.Fatal(err)
	}
	if err := s.migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if g, err := s.PublicGroup(ctx, "network"); err != nil || !slices.Equal(memberSlugs(g.Members), []string{"anna"}) {
		t.Errorf("after the migration: %+v, %v", g, err)
	}
}
