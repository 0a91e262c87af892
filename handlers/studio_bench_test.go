//go:build unix

package handlers

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"casebook/auth"
	"casebook/demo"
	"casebook/store"
	"casebook/workflow"
)

// studioBenchCases is how many cases the studio benchmark's database
// holds: the size of a large project's archive.
const studioBenchCases = 10000

// studioBenchVersion names the cached database; change it whenever
// buildStudioBench makes another one.
const studioBenchVersion = "2"

const studioBenchPassword = "ochre walrus timpani quiver"

// studioBench is a running studio over the benchmark database, with a
// signed-in session per account and the case whose pages are measured.
type studioBench struct {
	st      *store.Store
	h       *Handler
	e       *echo.Echo
	cookies map[string][]*http.Cookie
	users   map[string]*store.User
	target  int64
	working int
}

var (
	studioBenchOnce sync.Once
	studioBenchPath string
	studioBenchErr  error
)

// studioBenchDB is the benchmark database. Making it imports 10,000 cases
// and takes a thousand of them through the workflow, which takes about a
// minute; it is made once and kept in the temporary directory under a
// name that says what it holds, so that runs after the first (and the
// runs on the commit before a change) start at once.
func studioBenchDB(ctx context.Context) (string, error) {
	studioBenchOnce.Do(func() {
		cached := filepath.Join(os.TempDir(), fmt.Sprintf("casebook-studio-bench-v%s-%d.db", studioBenchVersion, studioBenchCases))
		if _, err := os.Stat(cached); err == nil {
			studioBenchPath = cached
			return
		}
		tmp := cached + ".building"
		os.Remove(tmp)
		if studioBenchErr = buildStudioBench(ctx, tmp); studioBenchErr != nil {
			return
		}
		if studioBenchErr = os.Rename(tmp, cached); studioBenchErr == nil {
			studioBenchPath = cached
		}
	})
	return studioBenchPath, studioBenchErr
}

// copyFile copies the file at from to a new file at to.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var studioBenchRoles = map[string]workflow.Role{
	"researcher": workflow.Researcher, "lawyer": workflow.Lawyer, "lawyer2": workflow.Lawyer,
	"editor": workflow.Editor, "editor2": workflow.Editor, "admin": workflow.Admin,
}

// buildStudioBench makes the benchmark database at path: 10,000 published
// synthetic cases, one in ten of them being worked on again in every
// state of the workflow (new drafts, drafts sent back, legal and editorial
// reviews with and without changes by the reviewers, scheduled), and a
// hundred new cases of the researcher's, half of them sent back.
func buildStudioBench(ctx context.Context, path string) error {
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := demo.Synthetic(studioBenchCases, 1, 0)
	if err != nil {
		return err
	}
	if _, err := st.Import(ctx, d, store.ImportOptions{AsPublished: true}); err != nil {
		return err
	}
	u := map[string]*store.User{}
	for name, role := range studioBenchRoles {
		if u[name], err = st.CreateUser(ctx, nil, store.NewUser{Email: name + "@example.org", Name: name, Role: string(role), Password: studioBenchPassword}); err != nil {
			return err
		}
	}
	// Editors sign in with the password alone, as in the handlers' tests.
	if err := st.SetRequired2FA(ctx, u["admin"], nil); err != nil {
		return err
	}
	cases, err := st.StudioCases(ctx)
	if err != nil {
		return err
	}
	bySlug := map[string]int64{}
	for _, cs := range cases {
		bySlug[cs.Slug] = cs.ID
	}
	working := func(id int64) (int64, error) {
		d, err := st.CaseDetail(ctx, id)
		if err != nil {
			return 0, err
		}
		return d.Case.WorkingRevisionID, nil
	}
	edit := func(who string, id int64, what string) error {
		d, err := st.CaseDetail(ctx, id)
		if err != nil {
			return err
		}
		c := d.Working.Content.Clone()
		c.EN.Headline += " " + what
		_, err = st.SaveRevision(ctx, u[who], id, d.Case.WorkingRevisionID, c)
		return err
	}
	step := func(who string, id int64, t workflow.Transition, in workflow.Input) error {
		rev, err := working(id)
		if err != nil {
			return err
		}
		if _, err := st.Transition(ctx, workflow.Default(), u[who], id, rev, t, in); err != nil {
			return fmt.Errorf("%s by %s on case %d: %w", t, who, id, err)
		}
		return nil
	}
	review := workflow.Input{Review: &workflow.Review{Criteria: []string{"a"}, Violence: "no", Deprived: true, Sufficient: true, Category: "conscience", Demand: "release", Notes: "Speech."}}
	later := workflow.Input{PublishAt: time.Now().Add(30 * 24 * time.Hour)}
	sendBack := workflow.Input{Comment: "The verdict is missing."}
	for i := range studioBenchCases / 10 {
		id := bySlug[d.Cases[i*10].Case.Slug]
		if err := edit("researcher", id, "(updated)"); err != nil {
			return err
		}
		var steps []func() error
		submit := func() error { return step("researcher", id, workflow.Submit, workflow.Input{}) }
		approve := func() error { return step("lawyer", id, workflow.ApproveLegal, review) }
		byEditor := func() error { return edit("editor", id, "(edited)") }
		switch i % 10 {
		case 2:
			steps = append(steps, submit, func() error { return step("lawyer", id, workflow.RequestChanges, sendBack) })
		case 3, 4:
			steps = append(steps, submit)
		case 5:
			steps = append(steps, submit, byEditor)
		case 6:
			steps = append(steps, submit, approve)
		case 7:
			steps = append(steps, submit, byEditor, approve)
		case 8:
			// Back with the lawyer after an approval: the case page
			// shows what changed since.
			steps = append(steps, submit, approve, byEditor)
		case 9:
			steps = append(steps, submit, approve, func() error { return step("editor2", id, workflow.Publish, later) })
		}
		for _, s := range steps {
			if err := s(); err != nil {
				return err
			}
		}
	}
	for i := range 100 {
		c := d.Cases[i*10+1].Case.Clone()
		c.Slug = ""
		id, err := st.CreateCase(ctx, u["researcher"], c)
		if err != nil {
			return err
		}
		if i%2 == 0 {
			if err := step("researcher", id, workflow.Submit, workflow.Input{}); err != nil {
				return err
			}
			if err := step("lawyer", id, workflow.RequestChanges, sendBack); err != nil {
				return err
			}
		}
	}
	target := bySlug[d.Cases[80].Case.Slug]
	for i := range 6 {
		who := []string{"researcher", "lawyer", "editor"}[i%3]
		if err := st.AddComment(ctx, u[who], target, fmt.Sprintf("Comment %d on the case.", i+1)); err != nil {
			return err
		}
	}
	return nil
}

// startStudioBench runs a studio over a copy of the benchmark database,
// removed when the benchmark ends, with every account signed in.
func startStudioBench(b *testing.B) *studioBench {
	b.Helper()
	ctx := context.Background()
	cached, err := studioBenchDB(ctx)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "casebook.db")
	if err := copyFile(cached, path); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	sess, err := auth.NewSessionStore(ctx, st, false)
	if err != nil {
		b.Fatal(err)
	}
	h := New(st, sess, slog.New(slog.NewTextHandler(io.Discard, nil)), WithoutAccessLog())
	e := echo.New()
	h.Routes(e)
	sb := &studioBench{st: st, h: h, e: e, cookies: map[string][]*http.Cookie{}, users: map[string]*store.User{}}
	for name := range studioBenchRoles {
		form := url.Values{"email": {name + "@example.org"}, "password": {studioBenchPassword}}
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			b.Fatalf("sign-in as %s: %d", name, rec.Code)
		}
		sb.cookies[name] = rec.Result().Cookies()
		if sb.users[name], err = st.UserByEmail(ctx, name+"@example.org"); err != nil {
			b.Fatal(err)
		}
	}
	d, err := demo.Synthetic(studioBenchCases, 1, 0)
	if err != nil {
		b.Fatal(err)
	}
	cases, err := st.StudioCases(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, cs := range cases {
		if cs.Slug == d.Cases[80].Case.Slug {
			sb.target = cs.ID
		}
	}
	detail, err := st.CaseDetail(ctx, sb.target)
	if err != nil {
		b.Fatal(err)
	}
	sb.working = detail.Working.Number
	if detail.Case.State != workflow.LegalReview {
		b.Fatalf("the measured case is in %s", detail.Case.State)
	}
	return sb
}

// get answers one request of the signed-in account.
func (sb *studioBench) get(b *testing.B, who, path string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for _, c := range sb.cookies[who] {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	sb.e.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s as %s: %d", path, who, rec.Code)
	}
}

// BenchmarkStudio measures studio pages over 10,000 cases: the frame
// every studio page draws (the count of what waits, beside "Dashboard"),
// for each kind of account, and the pages of one case in legal review
// after an approval, as its lawyer opens them.
func BenchmarkStudio(b *testing.B) {
	sb := startStudioBench(b)
	for _, who := range []string{"researcher", "lawyer", "editor"} {
		b.Run("frame/"+who, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/studio/", nil)
			c := sb.e.NewContext(req, httptest.NewRecorder())
			c.Set(userKey, sb.users[who])
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := sb.h.studioPage(c, "Dashboard"); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu0)
		})
	}
	page := fmt.Sprintf("/studio/cases/%d", sb.target)
	for _, p := range []struct{ name, path string }{
		{"case", page},
		{"history", page + "/history"},
		{"compare", page + "/compare"},
		{"preview", fmt.Sprintf("%s/preview?rev=%d&lang=en", page, sb.working)},
		{"dashboard", "/studio/"},
	} {
		b.Run(p.name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				sb.get(b, "lawyer", p.path)
			}
			reportCPU(b, cpu0)
		})
	}
}

// reportCPU reports the CPU time the process used per operation since
// cpu0, which other work on a shared machine disturbs less than the time
// on the clock.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N)/1000, "cpu-ms/op")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
