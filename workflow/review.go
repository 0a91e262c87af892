package workflow

import (
	"slices"
	"strings"
)

// Review is the lawyer's assessment of a case against PACE Resolution
// 1900 (2012), recorded with the revision it approves.
type Review struct {
	// Deprived is the gate: the person is in custody, under house arrest
	// or serving a sentence.
	Deprived bool `json:"deprived"`
	// Criteria are the PACE criteria that apply, "a" to "e".
	Criteria []string `json:"criteria"`
	// Violence is "no" when the person neither used nor called for
	// violence, "yes" otherwise; "" when not assessed.
	Violence string `json:"violence"`
	// Sufficient is whether the materials suffice for recognition; when
	// they do not, the status is probable_victim.
	Sufficient bool `json:"sufficient"`
	// Category is "conscience" (a prisoner of conscience) or "prosecution"
	// (politically motivated prosecution with serious violations).
	Category string `json:"category"`
	// Demand is "release" or "retrial" (a fair retrial).
	Demand string `json:"demand"`
	Notes  string `json:"notes"`
}

// PACECriteria lists the criteria of PACE Resolution 1900 (2012): a) a
// fundamental ECHR guarantee, b) purely political reasons without an
// offence, c) disproportionate length or conditions, d) discriminatory
// detention, e) clearly unfair proceedings.
func PACECriteria() []string { return []string{"a", "b", "c", "d", "e"} }

// Problem names the first thing missing from the review as a message
// catalog key, or "" when it is complete enough to approve.
func (r *Review) Problem() string {
	n := 0
	for _, c := range r.Criteria {
		if !slices.Contains(PACECriteria(), c) {
			return "review.error.criteria"
		}
		n++
	}
	switch {
	case n == 0:
		return "review.error.criteria"
	case r.Violence != "no" && r.Violence != "yes":
		return "review.error.violence"
	case r.Category != "" && r.Category != "conscience" && r.Category != "prosecution":
		return "review.error.category"
	case r.Demand != "" && r.Demand != "release" && r.Demand != "retrial":
		return "review.error.demand"
	case strings.TrimSpace(r.Notes) == "":
		return "review.error.notes"
	}
	return ""
}
