// Package auth keeps studio sessions on the server: a gorilla/sessions
// store whose cookie carries only a signed, encrypted random token, while
// the session itself lives in SQLite, so that signing out, a password
// change or a disabled account ends it everywhere at once.
package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"casebook/errs"
	"casebook/store"
)

// CookieName is the studio's session cookie.
const CookieName = "casebook_session"

// UserKey is the session value holding the signed-in user's id.
const UserKey = "uid"

// ExpiredUserKey is set, on the empty session that replaces one that ended
// by time, to the user whose session it was.
const ExpiredUserKey = "expired_uid"

// SessionStore implements sessions.Store on top of the database.
type SessionStore struct {
	db      *store.Store
	codecs  []securecookie.Codec
	Options *sessions.Options
	// Idle ends a session nobody used for this long.
	Idle time.Duration
	// Lifetime ends every session this long after sign-in.
	Lifetime time.Duration
}

// NewSessionStore loads (or on first start generates) the cookie keys.
// secure marks cookies Secure, for a server behind TLS.
func NewSessionStore(ctx context.Context, db *store.Store, secure bool) (*SessionStore, error) {
	hashKey, blockKey, err := db.SessionKeys(ctx)
	if err != nil {
		return nil, err
	}
	s := &SessionStore{
		db:       db,
		codecs:   securecookie.CodecsFromPairs(hashKey, blockKey),
		Idle:     2 * time.Hour,
		Lifetime: 12 * time.Hour,
		Options: &sessions.Options{
			Path:     "/",
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
	}
	return s, nil
}

// Get returns the session of the request, cached for the request's life.
func (s *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New returns the session that the request's cookie names, or a new empty
// one when there is no valid cookie or the session has ended.
func (s *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	session := sessions.NewSession(s, name)
	opts := *s.Options
	// Served over TLS directly, the cookie is Secure even without
	// --secure-cookies: a browser must never send it over plain HTTP.
	opts.Secure = opts.Secure || r.TLS != nil
	session.Options = &opts
	session.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return session, nil
	}
	var token string
	if err := securecookie.DecodeMulti(name, c.Value, &token, s.codecs...); err != nil {
		// A forged, old-key or truncated cookie is no session at all.
		return session, nil
	}
	row, err := s.db.LoadSession(r.Context(), tokenID(token), s.Idle)
	var expired *store.ExpiredError
	if errors.As(err, &expired) {
		// Not a session any more, but a form sent into it can be kept for
		// the person it belonged to.
		session.Values[ExpiredUserKey] = expired.UserID
		return session, nil
	}
	if errs.Is(err, errs.KindNotFound) {
		return session, nil
	}
	if err != nil {
		return session, err
	}
	if err := gob.NewDecoder(bytes.NewReader(row.Data)).Decode(&session.Values); err != nil {
		return session, nil
	}
	session.ID = token
	session.IsNew = false
	return session, nil
}

// Save writes the session and sets its cookie; a negative MaxAge deletes
// both.
func (s *SessionStore) Save(r *http.Request, w http.ResponseWriter, session *sessions.Session) error {
	if session.Options.MaxAge < 0 {
		if session.ID != "" {
			if err := s.db.DeleteSession(r.Context(), tokenID(session.ID)); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(session.Name(), "", session.Options))
		return nil
	}
	if session.ID == "" {
		session.ID = rand.Text() + rand.Text()
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(session.Values); err != nil {
		return err
	}
	uid, _ := session.Values[UserKey].(int64)
	if err := s.db.SaveSession(r.Context(), tokenID(session.ID), uid, buf.Bytes(), s.Lifetime, r.UserAgent()); err != nil {
		return err
	}
	encoded, err := securecookie.EncodeMulti(session.Name(), session.ID, s.codecs...)
	if err != nil {
		return err
	}
	// The cookie ends with the browser; the server decides how long the
	// session lives.
	http.SetCookie(w, sessions.NewCookie(session.Name(), encoded, session.Options))
	return nil
}

// Renew gives the session a new token and drops the old one, so that a
// token planted before sign-in is worthless after it.
func (s *SessionStore) Renew(r *http.Request, session *sessions.Session) error {
	if session.ID != "" {
		if err := s.db.DeleteSession(r.Context(), tokenID(session.ID)); err != nil {
			return err
		}
	}
	session.ID = ""
	session.IsNew = true
	return nil
}

// ID is the database key of a session: what the studio shows a person to
// name their sessions, never the token itself.
func ID(session *sessions.Session) string {
	if session == nil || session.ID == "" {
		return ""
	}
	return tokenID(session.ID)
}

// tokenID is the database key of a session token. Only the hash is
// stored, so a copy of the database does not hold live sessions.
func tokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
