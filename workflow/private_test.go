package workflow

import (
	"fmt"
	"testing"
)

// privateRules is who may read and write a case's private fields, written
// out by hand: role, whether the person started the case, and the rule;
// every other combination is refused.
var privateRules = map[string]bool{
	"researcher/creator/read_private":  true,
	"researcher/creator/write_private": true,
	"lawyer/creator/read_private":      true,
	"lawyer/creator/write_private":     true,
	"lawyer/other/read_private":        true,
	"lawyer/other/write_private":       true,
	"editor/creator/read_private":      true,
	"editor/creator/write_private":     true,
	"editor/other/read_private":        true,
	"editor/other/write_private":       true,
	"admin/creator/read_private":       true,
	"admin/creator/write_private":      true,
	"admin/other/read_private":         true,
	"admin/other/write_private":        true,
}

// TestPrivateFieldsRulesTable: lawyers, editors, administrators and the
// researcher who started the case read and write its private fields, in
// every state; another researcher, an unknown role and nobody do not.
func TestPrivateFieldsRulesTable(t *testing.T) {
	rules := map[string]func(Actor, Case) bool{
		"read_private":  CanReadPrivate,
		"write_private": CanWritePrivate,
	}
	for _, r := range append(Roles(), Role("guest"), Role("")) {
		for _, who := range []string{"creator", "other"} {
			for name, rule := range rules {
				for _, s := range States() {
					c := Case{State: s, CreatedBy: 7, HasLive: s == Published}
					a := Actor{ID: 7, Role: r}
					if who == "other" {
						a.ID = 8
					}
					key := fmt.Sprintf("%s/%s/%s", r, who, name)
					if got := rule(a, c); got != privateRules[key] {
						t.Errorf("%s in %s: %v, want %v", key, s, got, privateRules[key])
					}
				}
			}
		}
	}
	// A case imported without an author is no researcher's, not even
	// of an actor without an id.
	for _, a := range []Actor{{ID: 0, Role: Researcher}, {ID: 3, Role: Researcher}} {
		if CanReadPrivate(a, Case{CreatedBy: 0}) || CanWritePrivate(a, Case{CreatedBy: 0}) {
			t.Errorf("%+v reads the private fields of a case nobody started", a)
		}
	}
}
