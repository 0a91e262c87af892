package views

import (
	"fmt"

	"casebook/content"
)

// The studio's addresses of a case, built here alone: handlers redirect to
// them and templates link to them, so that a route and its links cannot
// drift apart. The routes themselves are in handlers.Routes.

// NewCaseURL is the form that starts a case.
const NewCaseURL = "/studio/cases/new"

// StudioCaseURL is a case's page in the studio.
func StudioCaseURL(id int64) string { return fmt.Sprintf("/studio/cases/%d", id) }

// EditURL is a case's edit form.
func EditURL(id int64) string { return StudioCaseURL(id) + "/edit" }

// FormURL is the case form of id, the new-case form for 0.
func FormURL(id int64) string {
	if id == 0 {
		return NewCaseURL
	}
	return EditURL(id)
}

// HistoryURL is a case's revision history.
func HistoryURL(id int64) string { return StudioCaseURL(id) + "/history" }

// CompareURL compares revisions a and b of a case; 0 leaves a number to
// the page's default.
func CompareURL(id int64, a, b int) string {
	u := StudioCaseURL(id) + "/compare"
	switch {
	case a != 0 && b != 0:
		u += fmt.Sprintf("?a=%d&b=%d", a, b)
	case a != 0:
		u += fmt.Sprintf("?a=%d", a)
	}
	return u
}

// RestoreURL takes an old revision back.
func RestoreURL(id int64) string { return StudioCaseURL(id) + "/restore" }

// CommentsURL adds to a case's thread.
func CommentsURL(id int64) string { return StudioCaseURL(id) + "/comments" }

// PreviewURL shows revision number of a case as the public would see it.
func PreviewURL(id int64, number int, l content.Lang) string {
	return fmt.Sprintf("%s/preview?rev=%d&lang=%s", StudioCaseURL(id), number, l)
}
