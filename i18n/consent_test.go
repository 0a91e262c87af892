package i18n

import (
	"testing"

	"casebook/workflow"
)

// TestConsentCodesAreNamed: every code of consent records and takedown
// requests that the studio shows through a key built at run time has its
// message, and so has the reason a refused photo gives.
func TestConsentCodesAreNamed(t *testing.T) {
	c := New()
	keys := []string{string(workflow.ReasonPhotoConsent), "takedown.decision." + workflow.TakedownPending}
	for prefix, codes := range map[string][]string{
		"consent.party.": workflow.ConsentParties(), "consent.subject.": workflow.ConsentSubjects(), "consent.decision.": workflow.ConsentDecisions(),
		"takedown.asked.": workflow.TakedownAsks(), "takedown.decision.": workflow.TakedownDecisions(),
	} {
		for _, code := range codes {
			keys = append(keys, prefix+code)
		}
	}
	for _, k := range keys {
		if !c.Has(k) {
			t.Errorf("missing %q", k)
		}
	}
}
