package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"casebook/content"
	"casebook/errs"
	"casebook/workflow"
)

// A case's private fields are what a team keeps beside a case and never
// publishes: a relative's contact, the defence lawyer's, how reliable a
// source is, notes. They live in a table of their own (case_private,
// migration 0022), never in a revision's content nor in content.Case, so
// that no code path that renders, searches, exports or mirrors public
// content can reach them. This file is the only one that reads the table.
// Who may read and write them is workflow.CanReadPrivate and
// CanWritePrivate, checked here inside the transaction; every read that
// hands values to a person is an audit entry (private.read) committed
// with it, every change one naming the fields (private.edit), and an
// export that carries them one too (private.export). No entry holds a
// value.

// The private fields, by key: the form's inputs are "private_"+key (the
// design's contract, PrivateInput), and an export with them writes these
// keys under "private".
const (
	PrivateFamilyContact     = "family_contact"
	PrivateLawyerContact     = "lawyer_contact"
	PrivateSourceReliability = "source_reliability"
	PrivateNotes             = "notes"
)

// PrivateKeys lists the private fields in the order the studio shows
// them.
func PrivateKeys() []string {
	return []string{PrivateFamilyContact, PrivateLawyerContact, PrivateSourceReliability, PrivateNotes}
}

// PrivateInput is the name of a private field's form input.
func PrivateInput(key string) string { return "private_" + key }

// PrivateLimit is the most characters a private field holds: a few
// lines for a contact or an assessment of a source, a long page for
// notes. Counted as characters, not bytes, so that Russian text gets as
// much room as English.
func PrivateLimit(key string) int {
	if key == PrivateNotes {
		return 20000
	}
	return 2000
}

// NormalizePrivate is a value as it is stored: valid UTF-8, line ends as
// "\n" (a browser sends a textarea's as "\r\n"), without the blank space
// around it.
func NormalizePrivate(v string) string {
	v = strings.ToValidUTF8(v, "\uFFFD")
	v = strings.ReplaceAll(v, "\r\n", "\n")
	v = strings.ReplaceAll(v, "\r", "\n")
	return strings.TrimSpace(v)
}

// PrivateSeen is the fingerprint of a value that the form carries beside
// it (a hidden input), so that a save can tell whether someone changed
// the field since the form was opened, and whether the person changed
// it. It is no secret from whoever has the form, which shows the value.
func PrivateSeen(value string) string {
	sum := sha256.Sum256([]byte(NormalizePrivate(value)))
	return hex.EncodeToString(sum[:16])
}

// PrivateField is a private field as stored. UpdatedAt is zero and
// UpdatedBy "" for a field nobody has set.
type PrivateField struct {
	Key       string
	Value     string
	UpdatedAt time.Time
	UpdatedBy string
}

// PrivatePage is what the page of a case's private fields shows: the
// case, and every private field, in PrivateKeys order.
type PrivatePage struct {
	Detail *CaseDetail
	Fields []PrivateField
}

// Field returns the field with the key.
func (p *PrivatePage) Field(key string) PrivateField {
	for _, f := range p.Fields {
		if f.Key == key {
			return f
		}
	}
	return PrivateField{Key: key}
}

// ReadPrivate hands the private fields of a case to actor, who must be
// allowed to read them, with the case. The read is an audit entry naming
// the fields that hold something, committed before any value leaves the
// store; reading fields that are all empty shows nothing and writes
// none.
func (s *Store) ReadPrivate(ctx context.Context, actor *User, caseID int64) (*PrivatePage, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx.Tx, caseID)
	if err != nil {
		return nil, err
	}
	if actor == nil || !workflow.CanReadPrivate(actor.Actor(), d.Workflow()) {
		return nil, errs.Forbidden("error.403.message")
	}
	fields, err := privateFields(ctx, tx.Tx, caseID)
	if err != nil {
		return nil, err
	}
	if err := auditPrivateRead(ctx, tx, actor, caseID, fields); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return &PrivatePage{Detail: d, Fields: fields}, nil
}

// auditPrivateRead records that actor was handed the fields, naming
// those that hold something; nothing when none does.
func auditPrivateRead(ctx context.Context, tx *Tx, actor *User, caseID int64, fields []PrivateField) error {
	filled := filledKeys(fields)
	if len(filled) == 0 {
		return nil
	}
	return audit(ctx, tx, actorID(actor), "private.read", caseID, 0, AuditPrivateFields{Fields: filled})
}

func filledKeys(fields []PrivateField) []string {
	var out []string
	for _, f := range fields {
		if f.Value != "" {
			out = append(out, f.Key)
		}
	}
	return out
}

// privateFields reads every private field of a case, in PrivateKeys
// order, those never set as empty.
func privateFields(ctx context.Context, tx *sql.Tx, caseID int64) ([]PrivateField, error) {
	stored := map[string]PrivateField{}
	if err := each(ctx, tx, `SELECT p.key, p.value, p.updated_at, coalesce(nullif(u.name, ''), u.email, '')
		FROM case_private p LEFT JOIN users u ON u.id = p.updated_by WHERE p.case_id = ?`, []any{caseID}, func(rows *sql.Rows) error {
		var f PrivateField
		var at string
		if err := rows.Scan(&f.Key, &f.Value, &at, &f.UpdatedBy); err != nil {
			return err
		}
		f.UpdatedAt = parseTime(at)
		stored[f.Key] = f
		return nil
	}); err != nil {
		return nil, err
	}
	out := make([]PrivateField, 0, len(PrivateKeys()))
	for _, k := range PrivateKeys() {
		f, ok := stored[k]
		if !ok {
			f = PrivateField{Key: k}
		}
		out = append(out, f)
	}
	return out, nil
}

// privateFilled counts the private fields of a case that hold something:
// what the case page may say of them without showing one.
func privateFilled(ctx context.Context, tx *sql.Tx, caseID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM case_private WHERE case_id = ? AND value != ''`, caseID).Scan(&n)
	return n, err
}

// PrivateEdit is a private field as a form sent it: the value, and the
// fingerprint (PrivateSeen) of the value the form showed, "" when the
// form does not say (it was not opened on the studio's page).
type PrivateEdit struct {
	Key   string
	Value string
	Seen  string
}

// PrivateMerge is what a save makes of a field that the form sent.
type PrivateMerge int

const (
	// PrivateYours: nobody changed the field since the form was opened;
	// the form's value stands.
	PrivateYours PrivateMerge = iota
	// PrivateSame: the form holds what is stored.
	PrivateSame
	// PrivateTheirs: someone changed the field meanwhile and the person
	// did not; theirs stands.
	PrivateTheirs
	// PrivateCollision: both changed it, differently. Nothing is saved
	// until the person has seen the other value.
	PrivateCollision
)

// MergePrivate says what a save makes of a field the form sent, given the
// field as stored now. A form that does not say what it showed is taken
// to have shown an empty field: it may fill one, and never overwrites a
// value its sender did not see.
func MergePrivate(current PrivateField, e PrivateEdit) PrivateMerge {
	v := NormalizePrivate(e.Value)
	seen := e.Seen
	if seen == "" {
		seen = PrivateSeen("")
	}
	switch {
	case v == current.Value:
		return PrivateSame
	case seen == PrivateSeen(current.Value):
		return PrivateYours
	case PrivateSeen(v) == seen:
		return PrivateTheirs
	}
	return PrivateCollision
}

// PrivateConflict is why a save of private fields wrote nothing: someone
// saved some of them after the form was opened, differently. Current is
// every field as stored now (their values were read, and the read is in
// the audit log), Merge what the save made of each field the form sent.
type PrivateConflict struct {
	Current []PrivateField
	Merge   map[string]PrivateMerge
}

func (e *PrivateConflict) Error() string {
	var keys []string
	for k, m := range e.Merge {
		if m == PrivateCollision {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return "private fields changed meanwhile: " + strings.Join(keys, ", ")
}

// ValidatePrivate checks the lengths of the fields a form sent, by input
// name (PrivateInput), with the catalogue key "private.too_long"; nil
// when every one fits.
func ValidatePrivate(edits []PrivateEdit) content.FieldErrors {
	fe := content.FieldErrors{}
	for _, e := range edits {
		if utf8.RuneCountInString(NormalizePrivate(e.Value)) > PrivateLimit(e.Key) {
			fe[PrivateInput(e.Key)] = "private.too_long"
		}
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// SavePrivate writes the private fields a form sent, in one transaction,
// and returns the keys of those it changed. actor must be allowed to
// write them. A value too long is refused with the field's error (an
// errs invalid error wrapping content.FieldErrors) and nothing written.
// A field someone else changed since the form was opened is never
// overwritten unseen: where the person changed it too, differently, the
// save writes nothing and fails with a conflict wrapping
// *PrivateConflict, whose current values the person is then shown (an
// audited read); where the person had not changed it, theirs stands. A
// change is an audit entry naming the fields, never their values.
func (s *Store) SavePrivate(ctx context.Context, actor *User, caseID int64, edits []PrivateEdit) ([]string, error) {
	for _, e := range edits {
		if !slices.Contains(PrivateKeys(), e.Key) {
			return nil, fmt.Errorf("private field %q: %w", e.Key, errs.Invalid("error.400.heading"))
		}
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	d, err := caseDetail(ctx, tx.Tx, caseID)
	if err != nil {
		return nil, err
	}
	if actor == nil || !workflow.CanWritePrivate(actor.Actor(), d.Workflow()) {
		return nil, errs.Forbidden("error.403.message")
	}
	if fe := ValidatePrivate(edits); fe != nil {
		return nil, invalid(fe)
	}
	current, err := privateFields(ctx, tx.Tx, caseID)
	if err != nil {
		return nil, err
	}
	byKey := map[string]PrivateField{}
	for _, f := range current {
		byKey[f.Key] = f
	}
	merge := map[string]PrivateMerge{}
	collided := false
	for _, e := range edits {
		merge[e.Key] = MergePrivate(byKey[e.Key], e)
		collided = collided || merge[e.Key] == PrivateCollision
	}
	if collided {
		// The page that answers shows the values saved meanwhile: that
		// is a read, committed as one, with nothing else.
		if err := auditPrivateRead(ctx, tx, actor, caseID, current); err != nil {
			return nil, err
		}
		if err := tx.Commit(); err != nil {
			return nil, err
		}
		return nil, &errs.Error{Kind: errs.KindConflict, Key: "private.conflict", Err: &PrivateConflict{Current: current, Merge: merge}}
	}
	var changed []string
	for _, k := range PrivateKeys() {
		i := slices.IndexFunc(edits, func(e PrivateEdit) bool { return e.Key == k })
		if i < 0 || merge[k] != PrivateYours {
			continue
		}
		if err := putPrivate(ctx, tx, caseID, k, NormalizePrivate(edits[i].Value), actorID(actor)); err != nil {
			return nil, err
		}
		changed = append(changed, k)
	}
	if len(changed) == 0 {
		return nil, nil
	}
	if err := audit(ctx, tx, actorID(actor), "private.edit", caseID, 0, AuditPrivateFields{Fields: changed}); err != nil {
		return nil, err
	}
	return changed, tx.Commit()
}

// putPrivate writes one private field, stamped with the transaction's
// time and who wrote it (0 for nobody known: an import).
func putPrivate(ctx context.Context, tx *Tx, caseID int64, key, value string, by int64) error {
	return putPrivateAt(ctx, tx.Tx, caseID, key, value, formatTime(tx.Now), nullID(by))
}

func putPrivateAt(ctx context.Context, tx *sql.Tx, caseID int64, key, value, at string, by any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO case_private (case_id, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (case_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		caseID, key, value, at, by)
	return err
}

// DumpPrivate is what `casebook export --include-private` adds to each
// case under "private", and what `casebook import` writes back: the four
// private fields, and who changed each last and when. Other things a
// team keeps inside about a case may join it under keys of their own.
// An export without the flag has no "private" at all.
type DumpPrivate struct {
	FamilyContact     string `json:"family_contact"`
	LawyerContact     string `json:"lawyer_contact"`
	SourceReliability string `json:"source_reliability"`
	Notes             string `json:"notes"`
	// Updated says, by key, who changed a field last and when.
	Updated map[string]DumpPrivateChange `json:"updated,omitempty"`
	// Consent and Takedowns are the case's consent records and takedown
	// requests, oldest first (store/consent_dump.go).
	Consent   []DumpConsent  `json:"consent,omitempty"`
	Takedowns []DumpTakedown `json:"takedowns,omitempty"`
}

// DumpPrivateChange is who changed a private field last (by e-mail, ""
// for nobody known) and when.
type DumpPrivateChange struct {
	At string `json:"at"`
	By string `json:"by,omitempty"`
}

// value points at the field of the key, nil for no private field.
func (p *DumpPrivate) value(key string) *string {
	switch key {
	case PrivateFamilyContact:
		return &p.FamilyContact
	case PrivateLawyerContact:
		return &p.LawyerContact
	case PrivateSourceReliability:
		return &p.SourceReliability
	case PrivateNotes:
		return &p.Notes
	}
	return nil
}

// exportPrivate reads the private fields of a case for an export that
// carries them; nil when the case has none.
func exportPrivate(ctx context.Context, tx *sql.Tx, caseID int64, email func(sql.NullInt64) string) (*DumpPrivate, error) {
	p := &DumpPrivate{}
	n := 0
	if err := each(ctx, tx, `SELECT key, value, updated_at, updated_by FROM case_private WHERE case_id = ? ORDER BY key`, []any{caseID}, func(rows *sql.Rows) error {
		var key, value, at string
		var by sql.NullInt64
		if err := rows.Scan(&key, &value, &at, &by); err != nil {
			return err
		}
		if f := p.value(key); f != nil {
			*f = value
		}
		if p.Updated == nil {
			p.Updated = map[string]DumpPrivateChange{}
		}
		p.Updated[key] = DumpPrivateChange{At: at, By: email(by)}
		n++
		return nil
	}); err != nil {
		return nil, err
	}
	if err := exportConsent(ctx, tx, caseID, p, email); err != nil {
		return nil, err
	}
	if n == 0 && len(p.Consent) == 0 && len(p.Takedowns) == 0 {
		return nil, nil
	}
	return p, nil
}

// privateProblems lists what is wrong with a case's private fields in an
// import file.
func privateProblems(p *DumpPrivate, add func(field, key string)) {
	if p == nil {
		return
	}
	consentProblems(p, add)
	for _, k := range PrivateKeys() {
		if utf8.RuneCountInString(NormalizePrivate(*p.value(k))) > PrivateLimit(k) {
			add("private."+k, "error.too_long")
		}
	}
	for k, ch := range p.Updated {
		if p.value(k) == nil {
			add("private.updated", "error.unknown_value")
		} else if _, err := time.Parse(timeLayout, ch.At); err != nil {
			add("private.updated", "error.unknown_value")
		}
	}
}

// importPrivate writes the private fields of an imported case, with who
// changed each last and when where the file says (user finds or makes
// the account of an e-mail; nil leaves it unknown), and an audit entry
// naming them. A field the file leaves empty and undated is not written.
func importPrivate(ctx context.Context, tx *Tx, caseID int64, p *DumpPrivate, user func(string) (any, error)) error {
	if p == nil {
		return nil
	}
	var written []string
	for _, k := range PrivateKeys() {
		v := NormalizePrivate(*p.value(k))
		ch, dated := p.Updated[k]
		if v == "" && !dated {
			continue
		}
		at, by := formatTime(tx.Now), any(nil)
		if dated {
			at = ch.At
			if user != nil {
				var err error
				if by, err = user(ch.By); err != nil {
					return err
				}
			}
		}
		if err := putPrivateAt(ctx, tx.Tx, caseID, k, v, at, by); err != nil {
			return err
		}
		written = append(written, k)
	}
	if _, err := importConsent(ctx, tx, caseID, p, user); err != nil {
		return err
	}
	if len(written) == 0 {
		return nil
	}
	return audit(ctx, tx, 0, "private.edit", caseID, 0, AuditPrivateFields{Fields: written})
}

// ExportOptions says what an export carries besides the studio.
type ExportOptions struct {
	// Private adds each case's private fields under "private"
	// (`casebook export --include-private`). The export is then an
	// audit entry of its own (private.export) naming File, committed
	// before the dump is handed out.
	Private bool
	File    string
}

// ExportWith is Export with options: with Private, each case that has
// private fields carries them, and the export is recorded in the audit
// log before anything is returned; without, nothing private is read.
func (s *Store) ExportWith(ctx context.Context, opt ExportOptions) (*Dump, error) {
	d, err := s.export(ctx, opt.Private)
	if err != nil {
		return nil, err
	}
	if !opt.Private {
		return d, nil
	}
	n := 0
	for _, c := range d.Cases {
		if c.Private != nil {
			n++
		}
	}
	if err := s.record(ctx, 0, "private.export", 0, 0, AuditPrivateExport{File: opt.File, Cases: n}); err != nil {
		return nil, errors.Join(errors.New("the export with private fields could not be recorded, so it was not made"), err)
	}
	return d, nil
}
