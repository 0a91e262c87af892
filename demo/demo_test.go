package demo

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"casebook/content"
	"casebook/store"
	"casebook/workflow"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out bytes.Buffer
	if err := Load(ctx, st, &out); err != nil {
		t.Fatal(err)
	}
	cases, err := st.StudioCases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 5 {
		t.Fatalf("%d demo cases, want the seed and at least four more", len(cases))
	}
	states := map[workflow.State]int{}
	for _, c := range cases {
		states[c.State]++
	}
	for _, s := range []workflow.State{workflow.Draft, workflow.LegalReview, workflow.EditorialReview, workflow.Published} {
		if states[s] == 0 {
			t.Errorf("no demo case in %s", s)
		}
	}
	pc, err := st.PublicCaseBySlug(ctx, "aleksandr-akimushkin")
	if err != nil {
		t.Fatal(err)
	}
	if got := pc.Live.Content.CompleteLangs(); len(got) != 2 {
		t.Errorf("the seed profile is complete in %v", got)
	}
	if !strings.Contains(pc.Live.Content.EN.Body, "calls himself a ‘citizen of the USSR.’") {
		t.Errorf("the English seed text was not kept verbatim")
	}
	if pc.Live.Content.DetainedOn != content.Date("2024-05") || pc.Live.Content.SentencedOn != "2024-09-19" {
		t.Errorf("seed dates %s %s", pc.Live.Content.DetainedOn, pc.Live.Content.SentencedOn)
	}
	// Every account printed can sign in with the password printed.
	lines := regexp.MustCompile(`(?m)^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$`).FindAllStringSubmatch(out.String(), -1)
	if len(lines) != 4 {
		t.Fatalf("printed accounts:\n%s", out.String())
	}
	for _, l := range lines {
		u, err := st.Authenticate(ctx, l[2], l[3])
		if err != nil || string(u.Role) != l[1] {
			t.Errorf("%s cannot sign in as %s: %v", l[2], l[1], err)
		}
	}
	// Loading again keeps the content and prints new passwords.
	out.Reset()
	if err := Load(ctx, st, &out); err != nil {
		t.Fatal(err)
	}
	again, _ := st.StudioCases(ctx)
	if len(again) != len(cases) {
		t.Errorf("a second load added cases")
	}
	l2 := regexp.MustCompile(`(?m)^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$`).FindAllStringSubmatch(out.String(), -1)
	if len(l2) != 4 || l2[0][3] == lines[0][3] {
		t.Errorf("second load did not print new passwords:\n%s", out.String())
	}
	if _, err := st.Authenticate(ctx, l2[0][2], l2[0][3]); err != nil {
		t.Errorf("new password does not work: %v", err)
	}
}

func TestDemoContentIsValid(t *testing.T) {
	cs, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if fe := c.Validate(); fe != nil {
			t.Errorf("%s: %v", c.Slug, fe)
		}
		if strings.Contains(c.RU.Body+c.EN.Body, "http") {
			t.Errorf("%s: a body links out; demo bodies load nothing from elsewhere", c.Slug)
		}
	}
}
