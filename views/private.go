package views

import (
	"strings"
	"time"

	"casebook/i18n"
)

// PrivateURL is the page of a case's private fields.
func PrivateURL(id int64) string { return StudioCaseURL(id) + "/private" }

// PrivatePage is the page of a case's private fields: a form of its own
// with one input per field (named PrivateField.Input, the design's
// contract), each with the fingerprint of the value it was opened on.
type PrivatePage struct {
	StudioPage
	ID      int64
	Heading string
	Fields  []PrivateField
	// Error is the summary of a refused save: values too long, or a
	// conflict with someone's save; "" otherwise.
	Error string
}

// PrivateField is one input of the page.
type PrivateField struct {
	Key   string
	Input string
	Label string
	Hint  string
	// Limit says how long the value may be, in the reader's words.
	Limit string
	Rows  int
	Value string
	// Seen is the fingerprint of the value stored when the form was
	// opened (store.PrivateSeen), sent back in a hidden input seen_<key>.
	Seen string
	// Updated says who changed the field last and when, "" for a field
	// never set.
	Updated string
	// Error is the message beside the input.
	Error string
	// Note says that someone else changed the field meanwhile; Theirs,
	// when set, is the value they saved, shown beside the person's own.
	Note   string
	Theirs *string
}

// SeenInput is the name of the hidden input that carries the fingerprint
// of the value the form was opened on.
func (f PrivateField) SeenInput() string { return "seen_" + f.Key }

// PrivateSummary is what the case page says of the private fields to
// those who may read them: a link, and how many hold something.
type PrivateSummary struct {
	URL    string
	Filled int
	Total  int
}

// privateFieldNames names private fields in the reader's language, for
// the audit log.
func privateFieldNames(p *i18n.Printer, keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = p.TOr("private.field."+k, k)
	}
	return strings.Join(names, ", ")
}

// PrivateUpdated words who changed a private field last and when, ""
// for one never set.
func PrivateUpdated(p *i18n.Printer, by string, at time.Time) string {
	switch {
	case at.IsZero():
		return ""
	case by == "":
		return p.T("private.updated_at", formatTime(p.Lang(), at))
	}
	return p.T("private.updated", by, formatTime(p.Lang(), at))
}

// privateDescribedBy ties an input to its hint and, when there are, its
// error and the note on someone else's change.
func privateDescribedBy(f PrivateField) string {
	ids := []string{f.Input + "-hint"}
	if f.Error != "" {
		ids = append(ids, f.Input+"-error")
	}
	if f.Note != "" {
		ids = append(ids, f.Input+"-note")
	}
	return strings.Join(ids, " ")
}

// PrivateTime writes when a private field was changed, in the reader's
// language.
func PrivateTime(p *i18n.Printer, t time.Time) string { return formatTime(p.Lang(), t) }
