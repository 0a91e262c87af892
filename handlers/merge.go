package handlers

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/revdiff"
	"casebook/store"
	"casebook/views"
)

// The conflict panel's controls, beside the content fields (which are
// named after the JSON keys): the keys of the fields that collided, the
// choice for each (keep_<key>), and the revision the person first opened,
// which the form carries until every collision is decided.
const (
	formCollision = "collision"
	formKeep      = "keep_"
	formMergeBase = "merge_base"
)

// formMerge is what a case form sent on an older revision rests on: the
// revisions from the one the person opened to the current one.
type formMerge struct {
	// since runs from the merge base to the current revision, oldest
	// first; nil when the base is not a revision of the case.
	since []*store.Revision
	// formRev is the content of the form's own revision: the merge base
	// for a first conflict, the current revision of the conflict page
	// for a form sent from it; nil when unknown.
	formRev   *content.Case
	formRevID int64
	current   *store.Revision
	// choices holds, for each collision the conflict page listed,
	// views.KeepTheirs, views.KeepMine or "" for none made.
	choices   map[string]string
	mergeBase int64
}

// mergeArgs reads what a case form says about its bases and choices.
func mergeArgs(form url.Values) (formRev, mergeBase int64, choices map[string]string) {
	formRev, _ = strconv.ParseInt(form.Get("revision"), 10, 64)
	choices = map[string]string{}
	for _, key := range form[formCollision] {
		if !revdiff.IsField(key) {
			continue
		}
		switch v := form.Get(formKeep + key); v {
		case views.KeepTheirs, views.KeepMine:
			choices[key] = v
		default:
			choices[key] = ""
		}
	}
	mergeBase = formRev
	if len(choices) > 0 {
		mergeBase, _ = strconv.ParseInt(form.Get(formMergeBase), 10, 64)
	}
	return formRev, mergeBase, choices
}

// loadMerge reads the revisions a form rests on.
func (h *Handler) loadMerge(ctx context.Context, caseID, formRev, mergeBase int64, choices map[string]string, current *store.Revision) (*formMerge, error) {
	m := &formMerge{formRevID: formRev, current: current, choices: choices, mergeBase: mergeBase}
	if formRev == current.ID && mergeBase == current.ID {
		m.since, m.formRev = []*store.Revision{current}, current.Content
		return m, nil
	}
	since, err := h.st.RevisionsSince(ctx, caseID, mergeBase)
	if err != nil && !errs.Is(err, errs.KindNotFound) {
		return nil, err
	}
	if len(since) > 0 && since[len(since)-1].ID == current.ID {
		m.since = since
	}
	if formRev == current.ID {
		m.formRev = current.Content
	}
	for _, r := range m.since {
		if r.ID == formRev {
			m.formRev = r.Content
		}
	}
	return m, nil
}

// active reports whether the form needs merging: it is stale, or it comes
// from a conflict page whose collisions are not all settled yet.
func (m *formMerge) active() bool {
	return m.formRevID != m.current.ID || len(m.choices) > 0
}

// base is the content the person first opened, or nil when unknown.
func (m *formMerge) base() *content.Case {
	if len(m.since) == 0 {
		return nil
	}
	return m.since[0].Content
}

// merge merges what the person sent with the current revision. shown is
// what the form holds from now on: the sent fields merged from the form's
// own revision, so that an edit made on a conflict page stands. panel is
// the merge from the revision first opened, which the page describes, and
// collide tells whether anything in shown still waits for a choice.
func (m *formMerge) merge(sent *content.Case) (shown *content.Case, panel *revdiff.MergeResult, collide bool) {
	step := revdiff.Merge(m.formRev, m.current.Content, sent)
	if len(m.choices) == 0 {
		return step.Merged, step, len(step.Collisions()) > 0
	}
	return step.Merged, revdiff.Merge(m.base(), m.current.Content, step.Merged), len(step.Collisions()) > 0
}

// decide applies the choices of a conflict page to what it sent and
// reports whether one is missing. A choice applies to the revision that
// page showed: keeping theirs takes that revision's value, or for rows its
// version of the rows both sides changed.
func (m *formMerge) decide(sent *content.Case) (missing bool) {
	if len(m.choices) == 0 {
		return false
	}
	theirs := m.formRev
	if theirs == nil {
		theirs = m.current.Content
	}
	r := revdiff.Merge(m.base(), theirs, sent)
	for _, f := range r.Collisions() {
		if choice, listed := m.choices[f.Key]; listed && choice == "" {
			return true
		}
	}
	for key, choice := range m.choices {
		if choice == views.KeepTheirs {
			revdiff.CopyField(sent, r.Alternative, key)
		}
	}
	return false
}

// changedBy lists, per field, the revisions after the base that changed it.
func (m *formMerge) changedBy() map[string][]*store.Revision {
	out := map[string][]*store.Revision{}
	for i := 1; i < len(m.since); i++ {
		for _, key := range revdiff.ChangedKeys(m.since[i-1].Content, m.since[i].Content) {
			out[key] = append(out[key], m.since[i])
		}
	}
	return out
}

// authors names the people behind revs, each once, or the current
// revision's author when nothing tells.
func (m *formMerge) authors(revs []*store.Revision) string {
	if len(revs) == 0 {
		revs = []*store.Revision{m.current}
	}
	var names []string
	for _, r := range revs {
		if !slices.Contains(names, r.AuthorName) {
			names = append(names, r.AuthorName)
		}
	}
	return strings.Join(names, ", ")
}

// describe tells the person what a merge did, for the conflict panel:
// the revisions saved since they opened the form, the fields merged
// without asking, and each collision with who made it, both versions and
// the choice made so far. A form sent from a conflict page already holds
// their changes, which the merge then sees as made alike by both: those
// are called theirs, as the first page called them.
func (h *Handler) describe(ctx context.Context, p *i18n.Printer, m *formMerge, r *revdiff.MergeResult, missing bool) (*views.Conflict, error) {
	cf := &views.Conflict{Current: m.current, MergeBase: m.mergeBase}
	if len(m.since) > 0 {
		cf.BaseNumber = m.since[0].Number
		for _, rev := range m.since[1:] {
			cf.Since = append(cf.Since, views.ConflictRevision{Number: rev.Number, Author: rev.AuthorName, At: rev.CreatedAt})
		}
	} else {
		cf.Since = []views.ConflictRevision{{Number: m.current.Number, Author: m.current.AuthorName, At: m.current.CreatedAt}}
	}
	by := m.changedBy()
	base := m.base()
	for _, f := range r.Fields {
		label := fieldLabel(p, f.Key, f.Lang)
		if f.Outcome != revdiff.Collision {
			o := f.Outcome
			if o == revdiff.Same && len(m.choices) > 0 {
				o = revdiff.Theirs
			}
			cf.Merged = append(cf.Merged, views.MergedField{Label: label, Key: f.Key, Outcome: o, By: m.authors(by[f.Key])})
			continue
		}
		col := views.Collision{Label: label, Key: f.Key, By: m.authors(by[f.Key]), At: m.current.CreatedAt}
		if revs := by[f.Key]; len(revs) > 0 {
			col.At = revs[len(revs)-1].CreatedAt
		}
		from := base
		if from == nil {
			// Nothing to mark a change against: show each side whole.
			col.Theirs = revdiff.FieldWords(m.current.Content, m.current.Content, f.Key)
			col.Yours = revdiff.FieldWords(r.Merged, r.Merged, f.Key)
		} else {
			col.Theirs = revdiff.FieldWords(from, m.current.Content, f.Key)
			col.Yours = revdiff.FieldWords(from, r.Merged, f.Key)
		}
		if f.Key == "photo" {
			var err error
			col.Photo = true
			if col.TheirPhoto, err = h.photoPreview(ctx, m.current.Content.Photo.URL); err != nil {
				return nil, err
			}
			if col.YourPhoto, err = h.photoPreview(ctx, r.Merged.Photo.URL); err != nil {
				return nil, err
			}
			// The pictures show which photo; the words show the credit.
			fromCredit := m.current.Content.Photo.Credit
			if from != nil {
				fromCredit = from.Photo.Credit
			}
			col.Theirs = revdiff.Words(fromCredit, m.current.Content.Photo.Credit)
			col.Yours = revdiff.Words(fromCredit, r.Merged.Photo.Credit)
		}
		col.Choice = m.choices[f.Key]
		_, listed := m.choices[f.Key]
		col.Missing = missing && listed && col.Choice == ""
		cf.Collisions = append(cf.Collisions, col)
	}
	cf.Undecided = missing
	return cf, nil
}

// photoPreview is the address that shows a photo in the studio, or "".
func (h *Handler) photoPreview(ctx context.Context, url string) (string, error) {
	if content.MediaHash(url) == "" {
		return "", nil
	}
	thumb, err := h.st.PhotoThumb(ctx, url)
	if err != nil || thumb != "" {
		return thumb, err
	}
	return url, nil
}
