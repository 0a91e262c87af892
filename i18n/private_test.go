package i18n

import (
	"testing"

	"casebook/content"
	"casebook/store"
)

// TestPrivateFieldsAreNamed: every private field has its label and hint
// in both languages, as the page and the audit log name it.
func TestPrivateFieldsAreNamed(t *testing.T) {
	c := New()
	for _, k := range store.PrivateKeys() {
		for _, key := range []string{"private.field." + k, "private.hint." + k} {
			if !c.Has(key) {
				t.Errorf("missing %q", key)
			}
			for _, l := range content.Langs() {
				if got := c.Printer(l).T(key); got == "" || got == key {
					t.Errorf("%s %s: %q", l, key, got)
				}
			}
		}
	}
}
