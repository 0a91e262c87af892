// Package errs holds the typed domain errors that every layer returns and
// that the HTTP error handler maps to status codes in one place.
//
// An Error names what a person reads as a message key of the catalogue
// (package i18n) with its arguments, never as text: the text is chosen at
// the edge, in the reader's language, by the HTTP error handler (the
// page's language, or the signed-in person's) and by the command line (in
// English). errs itself holds no text and imports nothing of Casebook, so
// that every package, the catalogue's own included, may return its errors.
package errs

import (
	"errors"
	"fmt"
)

// Kind says what went wrong in terms a person understands; the HTTP layer
// turns it into a status code.
type Kind int

const (
	KindInternal Kind = iota
	KindNotFound
	KindForbidden
	KindConflict
	KindInvalid
	KindGone
	KindUnauthorized
)

// Error is a domain error. Key is the catalogue message that tells the
// person who caused it what went wrong, and Args are its arguments (fmt
// verbs in the message), shown as they are: an e-mail address, a number,
// never a word that would need translating. Err is a cause for the code
// that unwraps it (a form's field errors, a stale revision) and for the
// log; a person never reads it.
type Error struct {
	Kind Kind
	Key  string
	Args []any
	Err  error
}

// Error is the key and its arguments, for the log and for tests: the same
// whatever the reader's language. A person reads the key's message,
// through i18n.Printer.Error.
func (e *Error) Error() string {
	s := e.Key
	if len(e.Args) > 0 {
		s += fmt.Sprint(" ", e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an Error of the given kind that names the catalogue message key
// with its arguments. The key is a string literal: i18n's
// TestErrsKeysInCatalog reads every call and fails on a key the catalogue
// lacks, or on arguments that its message's verbs do not take.
func E(kind Kind, key string, args ...any) error {
	return &Error{Kind: kind, Key: key, Args: args}
}

// NotFound, Forbidden, Conflict, Invalid and Gone are shorthands for E.
func NotFound(key string, args ...any) error  { return E(KindNotFound, key, args...) }
func Forbidden(key string, args ...any) error { return E(KindForbidden, key, args...) }
func Conflict(key string, args ...any) error  { return E(KindConflict, key, args...) }
func Invalid(key string, args ...any) error   { return E(KindInvalid, key, args...) }
func Gone(key string, args ...any) error      { return E(KindGone, key, args...) }

// KindOf reports the Kind of err, KindInternal when it carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Is reports whether err is a domain error of the given kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// Message is the catalogue key and arguments of what a person may read
// about err; an internal error has none ("", nil), so that nothing of the
// system leaks.
func Message(err error) (key string, args []any) {
	var e *Error
	if errors.As(err, &e) && e.Kind != KindInternal {
		return e.Key, e.Args
	}
	return "", nil
}
