package handlers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestClientGone: which errors say that the client left, and which are
// the server's own.
func TestClientGone(t *testing.T) {
	writeErr := func(errno error) error {
		return &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", errno)}
	}
	for _, tc := range []struct {
		name                string
		err                 error
		canceled, committed bool
		want                bool
	}{
		{"the store gave up with the canceled request", fmt.Errorf("list: %w", context.Canceled), true, false, true},
		{"a broken pipe", writeErr(syscall.EPIPE), false, true, true},
		{"a reset", writeErr(syscall.ECONNRESET), false, true, true},
		{"the write timeout", writeErr(os.ErrDeadlineExceeded), false, true, true},
		{"any write after the client left", errors.New("http2: stream closed"), true, true, true},
		{"a canceled context of the server's own", context.Canceled, false, false, false},
		{"a failure while the client left", errors.New("no such table"), true, false, false},
		{"a failure after the answer began", errors.New("template failed"), false, true, false},
		{"a reset before anything was written", writeErr(syscall.ECONNRESET), false, false, false},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		if tc.canceled {
			cancel()
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
		c := echo.New().NewContext(req, httptest.NewRecorder())
		if tc.committed {
			c.Response().WriteHeader(http.StatusOK)
		}
		if got := clientGone(c, tc.err); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		cancel()
	}
}
