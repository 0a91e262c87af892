package workflow

import (
	"strings"
	"testing"
	"time"
)

// TestGuestMayOnlyViewAndComment: a link's holder may view with any link
// and comment with a comment link; no other act (a transition's name
// among them) is open to any link.
func TestGuestMayOnlyViewAndComment(t *testing.T) {
	for _, s := range append(ReviewScopes(), ReviewScope(""), ReviewScope("admin")) {
		valid := s == ScopeView || s == ScopeComment
		if got := GuestMay(s, GuestView); got != valid {
			t.Errorf("%q may view: %v", s, got)
		}
		if got := GuestMay(s, GuestComment); got != (s == ScopeComment) {
			t.Errorf("%q may comment: %v", s, got)
		}
		for _, tr := range Transitions() {
			if GuestMay(s, string(tr)) {
				t.Errorf("%q may %s", s, tr)
			}
		}
		for _, act := range []string{"edit", "approve", "revoke", "create"} {
			if GuestMay(s, act) {
				t.Errorf("%q may %s", s, act)
			}
		}
	}
}

// TestReviewLinkRequestProblems: a label is needed and short, the scope
// one of the two, the lifetime from an hour to 14 days.
func TestReviewLinkRequestProblems(t *testing.T) {
	ok := ReviewLinkRequest{Label: "defence lawyer", Scope: ScopeComment, TTL: ReviewLinkDefaultTTL}
	if fe := ok.Problems(); fe != nil {
		t.Fatalf("%v", fe)
	}
	if ReviewLinkDefaultTTL != 72*time.Hour || ReviewLinkMaxTTL != 14*24*time.Hour {
		t.Errorf("default %v, most %v", ReviewLinkDefaultTTL, ReviewLinkMaxTTL)
	}
	for _, c := range []struct {
		change func(*ReviewLinkRequest)
		field  string
	}{
		{func(r *ReviewLinkRequest) { r.Label = "  " }, "label"},
		{func(r *ReviewLinkRequest) { r.Label = strings.Repeat("я", ReviewLabelMax+1) }, "label"},
		{func(r *ReviewLinkRequest) { r.Scope = "edit" }, "scope"},
		{func(r *ReviewLinkRequest) { r.TTL = ReviewLinkMaxTTL + time.Second }, "hours"},
		{func(r *ReviewLinkRequest) { r.TTL = 0 }, "hours"},
	} {
		r := ok
		c.change(&r)
		if fe := r.Problems(); len(fe) != 1 || fe[c.field] == "" {
			t.Errorf("%+v: %v, want a problem with %s", r, fe, c.field)
		}
	}
	r := ok
	r.TTL = ReviewLinkMaxTTL
	if fe := r.Problems(); fe != nil {
		t.Errorf("14 days: %v", fe)
	}
}
