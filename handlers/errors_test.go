package handlers_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"casebook/auth"
	"casebook/handlers"
	"casebook/store"
)

// TestInternalErrorsShowAFriendlyPage checks that a failing handler and a
// panicking one both give the templ error page with a 500 status, and that
// neither the error nor a stack trace reaches the page, while the log has it.
func TestInternalErrorsShowAFriendlyPage(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sess, _ := auth.NewSessionStore(ctx, st, false)
	logs := &syncBuffer{}
	h := handlers.New(st, sess, slog.New(slog.NewTextHandler(logs, nil)))
	e := echo.New()
	h.Routes(e)
	e.GET("/en/boom", func(echo.Context) error { return errors.New("secret internal detail") })
	e.GET("/en/panic", func(echo.Context) error { panic("secret panic detail") })
	srv := httptest.NewServer(e)
	defer srv.Close()
	for _, p := range []string{"/en/boom", "/en/panic"} {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 500 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
		checkSecurityHeaders(t, p, res.Header)
		if !strings.Contains(string(body), "Something went wrong") {
			t.Errorf("%s: not the friendly page:\n%s", p, body)
		}
		if strings.Contains(string(body), "secret") || strings.Contains(string(body), "goroutine") {
			t.Errorf("%s leaks the error to the page", p)
		}
	}
	if !strings.Contains(logs.String(), "secret internal detail") || !strings.Contains(logs.String(), "secret panic detail") {
		t.Errorf("the errors were not logged:\n%s", logs.String())
	}
}
