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
	// Prosecution is the prosecution the review assesses, counting from
	// 1 in the order of the reviewed revision; 0 (the reviews written
	// before prosecutions, and a case with one) assesses the whole case.
	Prosecution int `json:"prosecution,omitempty"`
}

// PACECriteria lists the criteria of PACE Resolution 1900 (2012): a) a
// fundamental ECHR guarantee, b) purely political reasons without an
// offence, c) disproportionate length or conditions, d) discriminatory
// detention, e) clearly unfair proceedings.
func PACECriteria() []string { return []string{"a", "b", "c", "d", "e"} }

// ReviewQuestions are the questions of a review in the order the form
// asks them; Problems names its answers by them.
func ReviewQuestions() []string {
	return []string{"prosecution", "deprived", "criteria", "violence", "sufficient", "category", "demand", "notes"}
}

// Problem names the first thing missing from the review as a message
// catalog key, or "" when it is complete enough to approve.
func (r *Review) Problem() string {
	p := r.Problems()
	for _, q := range ReviewQuestions() {
		if p[q] != "" {
			return p[q]
		}
	}
	return ""
}

// Problems names everything missing from the review, by question (see
// ReviewQuestions), as message catalog keys; empty when it is complete
// enough to approve.
func (r *Review) Problems() map[string]string {
	out := map[string]string{}
	n := 0
	for _, c := range r.Criteria {
		if !slices.Contains(PACECriteria(), c) {
			n = -len(r.Criteria)
			break
		}
		n++
	}
	if n <= 0 {
		out["criteria"] = "review.error.criteria"
	}
	if r.Violence != "no" && r.Violence != "yes" {
		out["violence"] = "review.error.violence"
	}
	if r.Category != "" && r.Category != "conscience" && r.Category != "prosecution" {
		out["category"] = "review.error.category"
	}
	if r.Demand != "" && r.Demand != "release" && r.Demand != "retrial" {
		out["demand"] = "review.error.demand"
	}
	if r.Prosecution < 0 {
		out["prosecution"] = "review.error.prosecution"
	}
	if strings.TrimSpace(r.Notes) == "" {
		out["notes"] = "review.error.notes"
	}
	return out
}
