package workflow

// The rule on a case's private fields (a relative's contact, the defence
// lawyer's, how reliable a source is, notes): what a team keeps beside a
// case and never publishes. The store refuses with it and the case page
// hides its link with it, as for the other rules.

// CanReadPrivate reports whether a may read the private fields of c:
// lawyers, editors and administrators, who work on every case, and the
// researcher who started it (c.CreatedBy), who gathered what is in them.
// Other researchers may not: a relative's telephone number is not
// something everyone on a team needs, and a researcher's account is the
// one a team gives most easily. A case imported without an author
// (CreatedBy 0) is no researcher's.
func CanReadPrivate(a Actor, c Case) bool {
	switch a.Role {
	case Lawyer, Editor, Admin:
		return true
	case Researcher:
		return a.ID != 0 && a.ID == c.CreatedBy
	}
	return false
}

// CanWritePrivate reports whether a may change the private fields of c:
// whoever may read them, in any state of the case. They are not content:
// no review covers them and no revision holds them.
func CanWritePrivate(a Actor, c Case) bool { return CanReadPrivate(a, c) }
