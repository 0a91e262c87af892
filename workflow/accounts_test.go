package workflow

import (
	"fmt"
	"testing"
)

// accountRules is the design's table for accounts, settings and the
// audit log, written out by hand: role/rule pairs allowed, every other one
// refused.
var accountRules = map[string]bool{
	"admin/manage_accounts":  true,
	"admin/change_settings":  true,
	"editor/read_audit":      true,
	"admin/read_audit":       true,
	"editor/edit_site_texts": true,
	"admin/edit_site_texts":  true,
	"editor/manage_refs":     true,
	"admin/manage_refs":      true,
	"researcher/create":      true,
	"editor/create":          true,
	"admin/create":           true,
	"editor/edit_slug":       true,
	"admin/edit_slug":        true,
	"editor/birthday":        true,
	"admin/birthday":         true,
	"lawyer/review_links":    true,
	"editor/review_links":    true,
	"admin/review_links":     true,
	"editor/decide_takedown": true,
	"admin/decide_takedown":  true,
}

func TestAccountRulesTable(t *testing.T) {
	rules := map[string]func(Actor) bool{
		"manage_accounts": CanManageAccounts,
		"change_settings": CanChangeSettings,
		"read_audit":      CanReadAudit,
		"edit_site_texts": CanEditSiteTexts,
		"manage_refs":     CanManageReferences,
		"create":          CanCreate,
		"edit_slug":       CanEditSlug,
		"birthday":        CanPublishBirthday,
		"review_links":    CanManageReviewLinks,
		"decide_takedown": CanDecideTakedown,
	}
	for _, r := range append(Roles(), Role("guest"), Role("")) {
		for name, rule := range rules {
			key := fmt.Sprintf("%s/%s", r, name)
			if got := rule(Actor{ID: 1, Role: r}); got != accountRules[key] {
				t.Errorf("%s: %v, want %v", key, got, accountRules[key])
			}
		}
	}
}

func TestResetSecondFactor(t *testing.T) {
	for _, tc := range []struct {
		a      Actor
		target int64
		want   bool
	}{
		{Actor{1, Researcher}, 1, true},
		{Actor{1, Editor}, 2, false},
		{Actor{1, Lawyer}, 2, false},
		{Actor{1, Admin}, 2, true},
		{Actor{0, Researcher}, 0, false},
	} {
		if got := CanResetSecondFactor(tc.a, tc.target); got != tc.want {
			t.Errorf("%+v on %d: %v, want %v", tc.a, tc.target, got, tc.want)
		}
	}
}

func TestLeavesAnAdmin(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		wasAdmin, stillAdmin bool
		others               int
		want                 bool
	}{
		{"the last admin made an editor", true, false, 0, false},
		{"the last admin disabled", true, false, 0, false},
		{"an admin made an editor while another remains", true, false, 1, true},
		{"the last admin stays one", true, true, 0, true},
		{"an editor made a lawyer", false, false, 0, true},
		{"a disabled admin enabled", false, true, 0, true},
	} {
		if got := LeavesAnAdmin(tc.wasAdmin, tc.stillAdmin, tc.others); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
