// Package errs holds the typed domain errors that every layer returns and
// that the HTTP error handler maps to status codes in one place.
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

// Error is a domain error with a message that is safe to show to the person
// who caused it.
type Error struct {
	Kind    Kind
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an Error of the given kind with a formatted message.
func E(kind Kind, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// NotFound, Forbidden, Conflict, Invalid and Gone are shorthands for E.
func NotFound(format string, args ...any) error  { return E(KindNotFound, format, args...) }
func Forbidden(format string, args ...any) error { return E(KindForbidden, format, args...) }
func Conflict(format string, args ...any) error  { return E(KindConflict, format, args...) }
func Invalid(format string, args ...any) error   { return E(KindInvalid, format, args...) }
func Gone(format string, args ...any) error      { return E(KindGone, format, args...) }

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

// Message is the text that may be shown to a person for err; internal
// errors get no text so that nothing of the system leaks.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != KindInternal {
		return e.Message
	}
	return ""
}
