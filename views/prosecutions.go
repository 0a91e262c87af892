package views

import "casebook/content"

// The view models of a person's prosecutions on the profile, and of a
// case group's page.

// ProsecutionView is one prosecution as the profile details it.
type ProsecutionView struct {
	// Heading names the prosecution among several ("Дело 2"); "" when
	// the case has one.
	Heading string
	// ID is the anchor of its section.
	ID string
	// Group is the group case it belongs to, nil for none.
	Group *GroupLink
	Facts []Fact
	// CoDefendants are the other published members of its group. A
	// co-defendant who is not published is not here: not by name, not by
	// count.
	CoDefendants []PersonLink
	// Note is the per-language note, plain text kept in its lines.
	Note string
}

// GroupLink names a case group and links its page.
type GroupLink struct {
	Name string
	URL  string
}

// PersonLink names a published case and links its profile.
type PersonLink struct {
	Name string
	URL  string
	// Lang is the language of Name and of the profile linked when it is
	// not the page's (a profile that exists only in the other
	// language), else "".
	Lang content.Lang
}

// GroupPage is /{lang}/groups/{code}: a case group and its published
// members.
type GroupPage struct {
	Page
	Name string
	// DescriptionHTML is the group's description, sanitised HTML.
	DescriptionHTML string
	Members         []GroupMemberCard
}

// GroupMemberCard is a published member on a group's page, with their
// own status and custody.
type GroupMemberCard struct {
	Person   PersonLink
	Headline string
	Status   string
	Custody  string
	// Sentence is the sentence in words of the member's prosecution in
	// the group, "" for none yet.
	Sentence string
	Thumb    string
}

// GroupURL is the public address of a case group's page.
func GroupURL(l content.Lang, code string) string { return "/" + string(l) + "/groups/" + code }
