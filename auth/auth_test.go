package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := NewThrottle(3, 10*time.Minute)
	th.SetClock(func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if w := th.Wait("a"); w != 0 {
			t.Fatalf("attempt %d must wait %v", i, w)
		}
		th.Fail("a")
		now = now.Add(time.Minute)
	}
	if w := th.Wait("a"); w != 7*time.Minute {
		t.Errorf("after 3 failures: wait %v, want 7m", w)
	}
	if th.Wait("b") != 0 {
		t.Error("another key is throttled")
	}
	now = now.Add(7 * time.Minute)
	if w := th.Wait("a"); w != 0 {
		t.Errorf("after the window: wait %v", w)
	}
	th.Fail("a")
	th.Fail("a")
	th.Reset("a")
	if th.Wait("a") != 0 {
		t.Error("reset did not forgive")
	}
}

func TestVerifyTOTP(t *testing.T) {
	key, err := NewTOTPKey("Casebook", "a@example.org")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 12, 0, 10, 0, time.UTC)
	code, _ := totp.GenerateCode(key.Secret(), now)
	step, ok := VerifyTOTP(key.Secret(), code, now)
	if !ok || step != now.Unix()/TOTPPeriod {
		t.Fatalf("current code: %v %d", ok, step)
	}
	if _, ok := VerifyTOTP(key.Secret(), code, now.Add(45*time.Second)); !ok {
		t.Error("one step of drift refused")
	}
	if _, ok := VerifyTOTP(key.Secret(), code, now.Add(3*time.Minute)); ok {
		t.Error("an old code accepted")
	}
	for _, bad := range []string{"", "12345", "abcdef", "1234567"} {
		if _, ok := VerifyTOTP(key.Secret(), bad, now); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	png, err := QRCode(key)
	if err != nil || len(png) < 100 || string(png[1:4]) != "PNG" {
		t.Errorf("QR code: %v", err)
	}
}

// TestThrottleKeysAreBounded: a key of megabytes is kept as a hash, so
// the memory a throttle holds is bounded by how many keys it keeps.
func TestThrottleKeysAreBounded(t *testing.T) {
	th := NewThrottle(1, time.Minute)
	huge := strings.Repeat("a", 2<<20)
	th.Fail(huge)
	if th.Wait(huge) == 0 {
		t.Fatal("a long key is not counted")
	}
	if th.Wait(huge+"b") != 0 {
		t.Error("two long keys share a count")
	}
	for k := range th.fails {
		if len(k) > maxKey {
			t.Errorf("a key of %d bytes is kept", len(k))
		}
	}
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":                    "203.0.113.7",
		"::ffff:203.0.113.7":             "203.0.113.7",
		"2001:db8:1:2:3:4:5:6":           "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff:ffff:ff": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":                "2001:db8:1:3::/64",
		"not an address":                 "not an address",
	} {
		if got := AddressKey(in); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", in, got, want)
		}
	}
}
