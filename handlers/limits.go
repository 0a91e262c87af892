package handlers

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"casebook/auth"
)

// limits are the throttles of signing in, one instance per kind of key.
// The rule follows OWASP's account lock-out and device cookie guidance: a
// lock on an account alone is a denial of service that anyone who knows
// the e-mail address can cause, so a browser that has signed in to the
// account before (it holds the account's device cookie) is counted on its
// own, and everyone else is counted by address, by account and address,
// and by account, where the account-wide limit still lets through a right
// password with a right second-factor code.
type limits struct {
	// address counts untrusted failures per client address, whatever
	// the account.
	address *auth.Throttle
	// pair counts untrusted failures per account and client address.
	pair *auth.Throttle
	// account counts untrusted failures per account from anywhere.
	account *auth.Throttle
	// device counts the failures of one trusted browser, by the nonce
	// of its device cookie.
	device *auth.Throttle
	// code counts wrong second-factor codes from untrusted browsers, per
	// account; codeDevice those from one trusted browser.
	code       *auth.Throttle
	codeDevice *auth.Throttle
	// recheck counts wrong answers, per account, when a signed-in
	// person is asked for their password again.
	recheck *auth.Throttle
	// audited remembers which senders (an address, or a known browser)
	// had a failed sign-in written to the audit log in this window: one
	// entry each, so that nobody anonymous can grow the append-only log
	// without bound. The throttles count every failure regardless.
	audited *auth.Throttle
	// review counts, per client address, tokens of review links that
	// opened nothing (reviewlinks.go); reviewComments the comments
	// through each link.
	review         *auth.Throttle
	reviewComments *auth.Throttle
	// reviewViews counts the views of each review link: every view is
	// an audit entry, and a token's holder must not be able to grow the
	// append-only log without bound by reloading.
	reviewViews *auth.Throttle
}

func newLimits() limits {
	const window = 15 * time.Minute
	return limits{
		address: auth.NewThrottle(20, window),
		pair:    auth.NewThrottle(5, window),
		// Twice the pair's: a team's shared office address fails now
		// and then without anyone attacking.
		account:    auth.NewThrottle(10, window),
		device:     auth.NewThrottle(5, window),
		code:       auth.NewThrottle(5, window),
		codeDevice: auth.NewThrottle(5, window),
		recheck:    auth.NewThrottle(5, window),
		audited:    auth.NewThrottle(1, window),
		// As many as the address limit of signing in: a guest who
		// mistypes a link, or opens one that ended, a few times is
		// not held, and guessing a 256-bit token is hopeless anyway.
		review:         auth.NewThrottle(20, window),
		reviewComments: auth.NewThrottle(10, window),
		// Far more than a lawyer reading a draft reloads it.
		reviewViews: auth.NewThrottle(60, window),
	}
}

// SetThrottleClock replaces the clock of every sign-in throttle, for tests
// that move time.
func (h *Handler) SetThrottleClock(now func() time.Time) {
	for _, t := range []*auth.Throttle{h.limits.address, h.limits.pair, h.limits.account, h.limits.device, h.limits.code, h.limits.codeDevice, h.limits.recheck, h.limits.audited,
		h.limits.review, h.limits.reviewComments, h.limits.reviewViews} {
		t.SetClock(now)
	}
}

// Kinds of limit, for the log.
const (
	limitDevice  = "device"
	limitAddress = "address"
	limitPair    = "account+address"
	limitAccount = "account"
	limitViews   = "link views"
)

// attempt is one password attempt with the keys it is counted under.
type attempt struct {
	email string // normalised
	addr  string
	// nonce is the device cookie's when it names this account: the
	// attempt is then trusted and counted by it alone.
	nonce string
}

func (a attempt) trusted() bool   { return a.nonce != "" }
func (a attempt) pairKey() string { return a.email + "\x00" + a.addr }

func (h *Handler) attemptOf(c echo.Context, email string) attempt {
	a := attempt{email: auth.NormalEmail(email), addr: auth.AddressKey(c.RealIP())}
	a.nonce = h.deviceNonce(c, a.email)
	return a
}

// deviceNonce is the nonce of the request's device cookie if the cookie
// names the account of email, else "".
func (h *Handler) deviceNonce(c echo.Context, email string) string {
	if de, nonce, ok := h.sess.Device(c.Request()); ok && de == auth.NormalEmail(email) {
		return nonce
	}
	return ""
}

// wait says how long the attempt must wait before it may try, and which
// limit holds it. The address and pair limits come first: past them, an
// account-wide lock can still be passed with a second factor.
func (h *Handler) wait(a attempt) (time.Duration, string) {
	if a.trusted() {
		return h.limits.device.Wait(a.nonce), limitDevice
	}
	if w := h.limits.address.Wait(a.addr); w > 0 {
		return max(w, h.limits.pair.Wait(a.pairKey())), limitAddress
	}
	if w := h.limits.pair.Wait(a.pairKey()); w > 0 {
		return w, limitPair
	}
	return h.limits.account.Wait(a.email), limitAccount
}

// fail counts a failed attempt. A trusted browser's failures count
// against it alone, so that an attacker's do not reach it and its own do
// not lock anyone else out.
func (h *Handler) fail(a attempt) {
	if a.trusted() {
		h.limits.device.Fail(a.nonce)
		return
	}
	h.limits.address.Fail(a.addr)
	h.limits.pair.Fail(a.pairKey())
	h.limits.account.Fail(a.email)
}

// auditKey is who the audit log's one failed sign-in per window is kept
// for.
func (a attempt) auditKey() string {
	if a.trusted() {
		return "device:" + a.nonce
	}
	return "address:" + a.addr
}

// recordFailure says whether a failure of this attempt is to be written
// to the audit log: the first of its sender in the window.
func (h *Handler) recordFailure(a attempt) bool { return h.limits.audited.Wait(a.auditKey()) == 0 }

// failRecorded notes that the sender's failure of this window is in the
// audit log.
func (h *Handler) failRecorded(a attempt, recorded bool) {
	if recorded {
		h.limits.audited.Fail(a.auditKey())
	}
}

// succeed forgives the failures under the key of this success only: the
// owner signing in must not reset an attack on the account in progress,
// nor one from their address against other accounts.
func (h *Handler) succeed(a attempt) {
	if a.trusted() {
		h.limits.device.Reset(a.nonce)
		return
	}
	h.limits.pair.Reset(a.pairKey())
}

// retryAfter tells the client when to try again.
func retryAfter(c echo.Context, wait time.Duration) {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
}

// minutes is a wait as the whole minutes a page shows, rounded up.
func minutes(wait time.Duration) int { return int(wait.Minutes()) + 1 }
