package auth

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorilla/securecookie"

	"casebook/store"
)

func newTestStore(t *testing.T, name string, secure bool) *SessionStore {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s, err := NewSessionStore(ctx, st, secure)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// deviceCookie issues a device cookie for email and returns it as the
// browser would keep it.
func deviceCookie(t *testing.T, s *SessionStore, r *http.Request, email string) *http.Cookie {
	t.Helper()
	w := httptest.NewRecorder()
	if err := s.IssueDevice(w, r, email); err != nil {
		t.Fatal(err)
	}
	cs := w.Result().Cookies()
	if len(cs) != 1 || cs[0].Name != DeviceCookieName {
		t.Fatalf("cookies %v", cs)
	}
	return cs[0]
}

func withCookie(c *http.Cookie) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/login", nil)
	r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	return r
}

// TestDeviceCookie: the cookie names its account and a nonce of its own,
// stays on the sign-in pages, is out of reach of scripts and other sites,
// and cannot be made from anything else the server signs.
func TestDeviceCookie(t *testing.T) {
	s := newTestStore(t, "a.db", false)
	c := deviceCookie(t, s, httptest.NewRequest(http.MethodPost, "/login", nil), "  Editor@Example.org ")
	if c.Path != DevicePath || DevicePath != "/login" || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure {
		t.Errorf("attributes: %+v", c)
	}
	if c.MaxAge != 30*24*3600 {
		t.Errorf("Max-Age %d", c.MaxAge)
	}
	email, nonce, ok := s.Device(withCookie(c))
	if !ok || email != "editor@example.org" || len(nonce) < 20 {
		t.Fatalf("decoded %q %q %v", email, nonce, ok)
	}
	c2 := deviceCookie(t, s, httptest.NewRequest(http.MethodPost, "/login", nil), "editor@example.org")
	if _, nonce2, _ := s.Device(withCookie(c2)); nonce2 == nonce {
		t.Error("two browsers got the same nonce")
	}
	if _, _, ok := s.Device(httptest.NewRequest(http.MethodPost, "/login", nil)); ok {
		t.Error("no cookie is a device")
	}

	// A session cookie's value under the device cookie's name.
	r := httptest.NewRequest(http.MethodPost, "/login", nil)
	sess, _ := s.New(r, CookieName)
	sess.Values["pending"] = "x"
	w := httptest.NewRecorder()
	if err := s.Save(r, w, sess); err != nil {
		t.Fatal(err)
	}
	sc := w.Result().Cookies()[0]
	if _, _, ok := s.Device(withCookie(&http.Cookie{Name: DeviceCookieName, Value: sc.Value})); ok {
		t.Error("a session cookie passes as a device cookie")
	}
	// And the reverse: a device cookie is no session.
	got, _ := s.New(withCookie(&http.Cookie{Name: CookieName, Value: c.Value}), CookieName)
	if !got.IsNew {
		t.Error("a device cookie passes as a session cookie")
	}
	// Tampered, or from another installation.
	if _, _, ok := s.Device(withCookie(&http.Cookie{Name: DeviceCookieName, Value: c.Value[:len(c.Value)-4] + "AAAA"})); ok {
		t.Error("a tampered device cookie")
	}
	other := newTestStore(t, "b.db", false)
	if _, _, ok := other.Device(withCookie(c)); ok {
		t.Error("a device cookie of another installation")
	}
	// Older than thirty days, by its own issue time.
	old, err := securecookie.EncodeMulti(DeviceCookieName, device{Email: "editor@example.org", Nonce: "n", Issued: time.Now().Add(-31 * 24 * time.Hour).Unix()}, s.codecs...)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := s.Device(withCookie(&http.Cookie{Name: DeviceCookieName, Value: old})); ok {
		t.Error("a device cookie older than 30 days")
	}
}

// TestDeviceCookieSecure: Secure exactly when the session cookie is, with
// --secure-cookies or over TLS.
func TestDeviceCookieSecure(t *testing.T) {
	plain := httptest.NewRequest(http.MethodPost, "/login", nil)
	overTLS := httptest.NewRequest(http.MethodPost, "/login", nil)
	overTLS.TLS = &tls.ConnectionState{}
	for _, c := range []struct {
		secure bool
		r      *http.Request
		want   bool
	}{{false, plain, false}, {false, overTLS, true}, {true, plain, true}} {
		s := newTestStore(t, "s.db", c.secure)
		if got := deviceCookie(t, s, c.r, "a@example.org").Secure; got != c.want {
			t.Errorf("store secure %v, TLS %v: Secure %v", c.secure, c.r.TLS != nil, got)
		}
	}
}
