package workflow

// The rules on accounts, settings and the audit log. The store refuses
// with them and the views hide what they refuse, as for cases: a rule
// lives here once.

// CanManageAccounts reports whether a may invite people, change their
// roles, disable and enable them, issue their reset links and reset
// their second factor: administrators.
func CanManageAccounts(a Actor) bool { return a.Role == Admin }

// CanChangeSettings reports whether a may change the studio's settings
// (the four-eyes rule, corrections without legal review, the roles that
// must use a second factor): administrators.
func CanChangeSettings(a Actor) bool { return a.Role == Admin }

// CanReadAudit reports whether a may read the audit log: editors and
// administrators, who answer for what is published.
func CanReadAudit(a Actor) bool { return a.Role.IsEditor() }

// CanEditSiteTexts reports whether a may change the texts every public
// page shows (how to help, the letter guidance, the disclaimer, the open
// data licence): editors and administrators.
func CanEditSiteTexts(a Actor) bool { return a.Role.IsEditor() }

// CanResetSecondFactor reports whether a may turn off the second factor
// of the account with id target: their own, or anyone's for an
// administrator helping a person who lost their device.
func CanResetSecondFactor(a Actor, target int64) bool {
	return (a.ID != 0 && a.ID == target) || CanManageAccounts(a)
}

// LeavesAnAdmin reports whether a change of an account leaves the studio
// an enabled administrator: the account was one (wasAdmin), after the
// change it is one no more (stillAdmin false: another role, or disabled),
// and otherAdmins counts the enabled administrators besides it. Without
// one, nobody could manage accounts or settings again.
func LeavesAnAdmin(wasAdmin, stillAdmin bool, otherAdmins int) bool {
	return !wasAdmin || stillAdmin || otherAdmins > 0
}
