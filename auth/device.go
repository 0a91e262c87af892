package auth

import (
	"crypto/rand"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
)

// DeviceCookieName is the cookie that says a browser has signed in to an
// account before (OWASP's "device cookie"). It lets the owner's usual
// browser past the lock-outs that an attacker's failures cause elsewhere.
const DeviceCookieName = "casebook_device"

// DeviceMaxAge is how long a browser stays known. It equals securecookie's
// default maximum age, which the codecs enforce on decoding as well.
const DeviceMaxAge = 30 * 24 * time.Hour

// DevicePath limits the device cookie to the sign-in pages: the public
// site must stay free of cookies, and nothing else needs it.
const DevicePath = "/login"

// device is what a device cookie carries. The nonce tells one browser
// from another, so that failures from a stolen copy lock that copy only.
type device struct {
	Email  string
	Nonce  string
	Issued int64
}

// NormalEmail is the form of an e-mail address that device cookies and
// throttles compare: accounts are matched without regard to case.
func NormalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// IssueDevice marks the browser of the request as one that has signed in
// to the account of email, with a fresh nonce. It uses the session
// store's keys; securecookie puts the cookie's name into the MAC, so a
// session cookie cannot be passed off as a device cookie, or the reverse.
func (s *SessionStore) IssueDevice(w http.ResponseWriter, r *http.Request, email string) error {
	d := device{Email: NormalEmail(email), Nonce: rand.Text(), Issued: time.Now().Unix()}
	encoded, err := securecookie.EncodeMulti(DeviceCookieName, d, s.codecs...)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name:     DeviceCookieName,
		Value:    encoded,
		Path:     DevicePath,
		MaxAge:   int(DeviceMaxAge.Seconds()),
		HttpOnly: true,
		Secure:   s.Options.Secure || r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	return nil
}

// Device returns the account e-mail (normalised) and the nonce of the
// request's device cookie; ok is false when there is none, or it is
// forged, expired or made with other keys.
func (s *SessionStore) Device(r *http.Request) (email, nonce string, ok bool) {
	c, err := r.Cookie(DeviceCookieName)
	if err != nil {
		return "", "", false
	}
	var d device
	if err := securecookie.DecodeMulti(DeviceCookieName, c.Value, &d, s.codecs...); err != nil {
		return "", "", false
	}
	// The codecs check the age too, but only as long as nobody changes
	// their maximum: the issue time inside is the cookie's own bound.
	issued := time.Unix(d.Issued, 0)
	if d.Email == "" || d.Nonce == "" || time.Since(issued) > DeviceMaxAge || time.Until(issued) > time.Minute {
		return "", "", false
	}
	return d.Email, d.Nonce, true
}
