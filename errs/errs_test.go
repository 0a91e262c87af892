package errs

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// TestMessageIsAKeyWithArguments: a domain error gives a person its key
// and arguments through any wrapping, an internal error gives nothing,
// and Error is the key and arguments for the log.
func TestMessageIsAKeyWithArguments(t *testing.T) {
	err := fmt.Errorf("inviting: %w", Conflict("error.email_exists", "anna@example.org"))
	key, args := Message(err)
	if key != "error.email_exists" || !slices.Equal(args, []any{"anna@example.org"}) || KindOf(err) != KindConflict {
		t.Errorf("Message %q %v, kind %d", key, args, KindOf(err))
	}
	if got := err.Error(); got != "inviting: error.email_exists [anna@example.org]" {
		t.Errorf("Error %q", got)
	}
	cause := errors.New("disk full")
	wrapped := &Error{Kind: KindInvalid, Key: "error.form", Err: cause}
	if got := wrapped.Error(); got != "error.form: disk full" || !errors.Is(wrapped, cause) {
		t.Errorf("with a cause: %q", got)
	}
	for _, err := range []error{errors.New("secret"), E(KindInternal, "error.500.message"), nil} {
		if key, args := Message(err); key != "" || args != nil {
			t.Errorf("%v: an internal error shows %q %v", err, key, args)
		}
	}
}
