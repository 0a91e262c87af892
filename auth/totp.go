package auth

import (
	"bytes"
	"crypto/subtle"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTPPeriod is the length of a code's time step.
const TOTPPeriod = 30

// NewTOTPKey makes a new second-factor secret for an account.
func NewTOTPKey(issuer, account string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: TOTPPeriod, SecretSize: 20})
}

// TOTPKey rebuilds a key from its otpauth:// address.
func TOTPKey(url string) (*otp.Key, error) { return otp.NewKeyFromURL(url) }

// QRCode draws the key as a PNG for an authenticator app to scan; it is
// rendered on the server, so the secret never passes a third party.
func QRCode(key *otp.Key) ([]byte, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// VerifyTOTP checks a six-digit code against the secret at now, allowing
// one step of clock drift either way, and returns the time step it belongs
// to, so that the caller can refuse a code used before.
func VerifyTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / TOTPPeriod
	for _, s := range []int64{step - 1, step, step + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*TOTPPeriod, 0), totp.ValidateOpts{Period: TOTPPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}
