package handlers_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// TestClientThatLeavesIsNoServerError: a visitor who closes the page while
// the server works on it, or while the answer is on its way, is logged as
// gone (Info, status 499), never as a failure of the server (ERROR, 500).
func TestClientThatLeavesIsNoServerError(t *testing.T) {
	e := newEnv(t)
	started := make(chan struct{}, 1)
	// The store is asked with the request's context after the client has
	// gone, as a slow list or export would be.
	e.echo.GET("/en/slow", func(c echo.Context) error {
		started <- struct{}{}
		<-c.Request().Context().Done()
		_, err := e.st.StudioCases(c.Request().Context())
		return err
	})
	// A big answer the client stops reading: the writes fail at the socket.
	e.echo.GET("/en/big", func(c echo.Context) error {
		started <- struct{}{}
		chunk := make([]byte, 1<<20)
		c.Response().WriteHeader(http.StatusOK)
		for i := 0; i < 256; i++ {
			if _, err := c.Response().Write(chunk); err != nil {
				return err
			}
		}
		return nil
	})
	for _, path := range []string{"/en/slow", "/en/big"} {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+path, nil)
		done := make(chan error, 1)
		go func() {
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				_, err = io.ReadFull(res.Body, make([]byte, 1000))
				res.Body.Close()
			}
			done <- err
		}()
		<-started
		if path == "/en/big" {
			// Let the first bytes arrive before leaving.
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) && path == "/en/slow" {
			t.Errorf("%s: the client got %v", path, err)
		}
		line := ""
		for deadline := time.Now().Add(10 * time.Second); line == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			for _, l := range strings.Split(e.logs.String(), "\n") {
				if strings.Contains(l, "path="+path+" ") {
					line = l
				}
			}
		}
		if line == "" {
			t.Fatalf("%s: no log line\n%s", path, e.logs.String())
		}
		if !strings.Contains(line, "level=INFO") || !strings.Contains(line, "client went away") || !strings.Contains(line, "status=499") {
			t.Errorf("%s: logged as %s", path, line)
		}
	}
	// Real routes, the health check among them, asked by a client that
	// left as soon as it had sent the request.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	e.publish(caseForm())
	for _, path := range []string{"/healthz", "/en/", "/en/cases", "/en/cases/aleksandr-akimushkin", "/api/v1/cases.csv"} {
		req := httptest.NewRequest(http.MethodGet, path, nil).WithContext(gone)
		e.echo.ServeHTTP(httptest.NewRecorder(), req)
		if !strings.Contains(e.logs.String(), `msg="client went away" method=GET path=`+path+" status=499") {
			t.Errorf("%s: not logged as a client that left", path)
		}
	}
	logs := e.logs.String()
	if strings.Contains(logs, "level=ERROR") || strings.Contains(logs, "status=500") {
		t.Errorf("a client that left is logged as a server error:\n%s", logs)
	}
	if strings.Contains(logs, "127.0.0.1") {
		t.Errorf("the log holds the client's address:\n%s", logs)
	}
}
