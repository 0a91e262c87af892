package main

import (
	"errors"
	"fmt"
	"testing"

	"casebook/errs"
)

// TestDomainErrorsInEnglish: a domain error names a catalogue message, and
// the command line shows that message in English, within what the
// command said around it; the error still unwraps to the domain error.
func TestDomainErrorsInEnglish(t *testing.T) {
	err := inEnglish(fmt.Errorf("sign in: %w", errs.Conflict("login.throttled", 15)))
	if got, want := err.Error(), "sign in: Too many failed attempts. Try again in 15 min."; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if !errs.Is(err, errs.KindConflict) {
		t.Errorf("the English error does not unwrap to the domain error")
	}
	// A message a person reads, not the cause behind it.
	cause := errors.New("a detail for the log")
	err = inEnglish(fmt.Errorf("role: %w", &errs.Error{Kind: errs.KindConflict, Key: "error.last_admin", Err: cause}))
	if got, want := err.Error(), "role: At least one administrator must remain."; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if !errors.Is(err, cause) {
		t.Errorf("the cause is lost")
	}
	// Other errors stay as they are.
	plain := errors.New("import: give one JSON file")
	if err := inEnglish(plain); err != plain {
		t.Errorf("a plain error changed: %v", err)
	}
	if err := inEnglish(nil); err != nil {
		t.Errorf("nil became %v", err)
	}
}
