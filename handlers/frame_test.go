package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"casebook/workflow"
)

// TestFrameCountIsTheDashboardsList: the number beside "Dashboard" on
// any studio page is the length of the dashboard's "waiting for you", for
// every kind of account, over cases in every state, with and without a
// published revision, with changes by the reviewers themselves (four
// eyes), and with the settings in every position. The frame counts from a
// small query and the dashboard from the whole list; they must agree.
func TestFrameCountIsTheDashboardsList(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	first := int64(0)
	for _, live := range []bool{false, true} {
		for _, st := range workflow.States() {
			if id := e.caseIn(st, live); first == 0 {
				first = id
			}
		}
	}
	author, lawyer0 := e.extra("author", "researcher"), e.extra("lawyer0", "lawyer")
	step := func(who string, id int64, tr workflow.Transition, in workflow.Input) {
		t.Helper()
		if _, err := e.st.Transition(ctx, workflow.Default(), e.users[who], id, e.detail(id).Case.WorkingRevisionID, tr, in); err != nil {
			t.Fatalf("%s by %s: %v", tr, who, err)
		}
	}
	edit := func(who string, id int64, headline string) {
		t.Helper()
		c := e.detail(id).Working.Content.Clone()
		c.EN.Headline = headline
		if _, err := e.st.SaveRevision(ctx, e.users[who], id, e.detail(id).Case.WorkingRevisionID, c); err != nil {
			t.Fatal(err)
		}
	}
	review := workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Sufficient: true, Notes: "n"}}
	// Sent back to the researcher who started it.
	sentBack, err := e.st.CreateCase(ctx, e.users["researcher"], parseForm(caseForm()))
	if err != nil {
		t.Fatal(err)
	}
	step("researcher", sentBack, workflow.Submit, workflow.Input{})
	step("lawyer0", sentBack, workflow.RequestChanges, workflow.Input{Comment: "The verdict."})
	// A lawyer's change in legal review, and an editor's in editorial
	// review, each under a later one by someone else: four eyes keeps
	// them from deciding on it although neither wrote the working
	// revision.
	lawyers, err := e.st.CreateCase(ctx, author, parseForm(caseForm()))
	if err != nil {
		t.Fatal(err)
	}
	edit("lawyer", lawyers, "The lawyer's change")
	edit("author", lawyers, "The author's change")
	step("author", lawyers, workflow.Submit, workflow.Input{})
	editors, err := e.st.CreateCase(ctx, author, parseForm(caseForm()))
	if err != nil {
		t.Fatal(err)
	}
	step("author", editors, workflow.Submit, workflow.Input{})
	edit("editor", editors, "The editor's change")
	edit("lawyer0", editors, "The lawyer's change")
	step("lawyer", editors, workflow.ApproveLegal, review)
	// A correction of a published case, which the settings may let an
	// editor publish without a lawyer.
	corrected := e.caseIn(workflow.Published, false)
	c := e.detail(corrected).Working.Content.Clone()
	c.PlaceOfDetention = "IK-7"
	if _, err := e.st.SaveRevision(ctx, lawyer0, corrected, e.detail(corrected).Case.WorkingRevisionID, c); err != nil {
		t.Fatal(err)
	}

	clients := map[string]*client{}
	for _, r := range workflow.Roles() {
		clients[string(r)] = e.login(string(r))
	}
	for _, name := range []string{"author", "lawyer0", "editor0", "editor1"} {
		clients[name] = e.loginAs(name)
	}
	rowLink := regexp.MustCompile(`^/studio/cases/\d+$`)
	counts := map[bool]string{}
	for _, fourEyes := range []bool{true, false} {
		for _, corrections := range []bool{false, true} {
			if err := e.st.SetFourEyes(ctx, e.users["admin"], fourEyes); err != nil {
				t.Fatal(err)
			}
			if err := e.st.SetCorrections(ctx, e.users["admin"], corrections); err != nil {
				t.Fatal(err)
			}
			setting := fmt.Sprintf("four eyes %v, corrections %v", fourEyes, corrections)
			all := ""
			for _, name := range []string{"researcher", "lawyer", "editor", "admin", "author", "lawyer0", "editor0", "editor1"} {
				cl := clients[name]
				listed := map[string]bool{}
				cl.get("/studio/").doc(t).Find(".waiting a").Each(func(_ int, s *goquerySelection) {
					if href := s.AttrOr("href", ""); rowLink.MatchString(href) {
						listed[href] = true
					}
				})
				for _, page := range []string{casePath(first), "/studio/account"} {
					r := cl.get(page)
					if r.StatusCode != http.StatusOK {
						t.Fatalf("%s: %s: %d", name, page, r.StatusCode)
					}
					badge := r.doc(t).Find("header .count-badge")
					got := 0
					if badge.Length() != 0 {
						if got, err = strconv.Atoi(badge.Text()); err != nil {
							t.Fatalf("%s: %s: the count %q", name, page, badge.Text())
						}
					}
					if got != len(listed) {
						t.Errorf("%s: %s counts %d on %s, the dashboard lists %d", setting, name, got, page, len(listed))
					}
				}
				all += fmt.Sprintf("%s=%d ", name, len(listed))
			}
			counts[fourEyes] = all
		}
	}
	if counts[true] == counts[false] {
		t.Errorf("four eyes changes nothing of what waits (%s): the cases test nothing of it", counts[true])
	}
}
