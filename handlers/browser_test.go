package handlers_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browser gives a test the shared headless Chromium. Outside CI a machine
// without Chromium skips the browser tests, so that the README's test
// command works with only Go installed; in CI (CI set) a missing browser
// fails the run instead of hiding it.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 90*time.Second)
}

// chromium is the one Chromium the package's tests share: starting one
// takes a second or two, and each test's people get browser contexts of
// their own in it (person), cookies and all, so nothing carries over.
var chromium struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	dir    string
	err    error
}

// TestMain closes the shared Chromium after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if chromium.cancel != nil {
		chromium.cancel()
		os.RemoveAll(chromium.dir)
	}
	os.Exit(code)
}

// browserFor is browser for a test that needs longer than a minute and a
// half, such as a walk over every page.
func browserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	path := os.Getenv("CASEBOOK_CHROMIUM")
	if path == "" {
		for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
			if found, err := exec.LookPath(p); err == nil {
				path = found
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed; browser tests must run in CI (apt-get install -y chromium)")
		}
		t.Skip("Chromium is not installed (apt-get install -y chromium); browser tests skipped outside CI")
	}
	chromium.once.Do(func() {
		chromium.dir, chromium.err = os.MkdirTemp("", "casebook-chromium-")
		if chromium.err != nil {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("lang", "en-US"),
			chromedp.UserDataDir(chromium.dir),
			chromedp.WindowSize(1280, 900),
		)
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		chromium.ctx = bctx
		chromium.cancel = func() { bcancel(); acancel() }
		chromium.err = chromedp.Do(bctx)
	})
	if chromium.err != nil {
		t.Fatalf("starting Chromium: %v", chromium.err)
	}
	ctx, cancel := context.WithTimeout(chromium.ctx, limit)
	t.Cleanup(cancel)
	return ctx
}

// person opens a separate browser context (its own cookies) and fails the
// test if any page opens a JavaScript dialog: nothing of Casebook's may.
func person(t *testing.T, b context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	err := chromedp.Listen(ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			t.Errorf("a page opened a JavaScript dialog: %q", d.Message)
			// The dialog blocks the page until it is handled, and a
			// listener must not send commands itself.
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

func must(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main")))
		t.Fatalf("%v (at %s)\n%s", err, loc, html)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func stateOf(t *testing.T, ctx context.Context) string {
	t.Helper()
	a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID("case-state"), "class"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(a.Value, "state state-")
}

func (e *env) browserLogin(t *testing.T, ctx context.Context, role string) {
	t.Helper()
	must(t, ctx,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), role+"@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`.login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".waiting")),
	)
}

// TestBrowserDraftReviewPublishRead is the walking skeleton in a real
// browser: a researcher drafts, a lawyer approves, an editor publishes and a
// visitor finds and reads the profile in both languages.
func TestBrowserDraftReviewPublishRead(t *testing.T) {
	e := newEnv(t)
	b := browser(t)

	res := person(t, b)
	e.browserLogin(t, res, "researcher")
	fields := map[string]string{
		"name_ru":      "Александр Акимушкин",
		"headline_ru":  "Блогера из Архангельской области приговорили к 20 месяцам колонии",
		"statement_ru": "Проект считает Александра Акимушкина политзаключённым.",
		"body_ru":      "## Кто такой Александр Акимушкин\n\nБлогер из посёлка Сельменга.",
		"name_en":      "Aleksandr Akimushkin",
		"headline_en":  "A blogger has been sentenced to 20 months in a penal colony",
		"statement_en": "The project considers Aleksandr Akimushkin a political prisoner.",
		"body_en":      "## Who is Aleksandr Akimushkin\n\nA blogger from the village of Selmenga.",
		"detained_on":  "2024-05",
		"sentenced_on": "2024-09-19",
	}
	must(t, res, chromedp.Navigate(e.srv.URL+"/studio/"), chromedp.Click(chromedp.CSS(`a.button[href="/studio/cases/new"]`)), chromedp.WaitVisible(chromedp.ID("name_ru")))
	for id, v := range fields {
		must(t, res, chromedp.SendKeys(chromedp.ID(id), v))
	}
	must(t, res,
		chromedp.Click(chromedp.CSS(`.form-actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	caseURL, err := chromedp.Run(res, chromedp.Location())
	if err != nil || !strings.Contains(caseURL, "/studio/cases/") {
		t.Fatalf("after saving the new case the browser is at %q (%v)", caseURL, err)
	}
	if got := stateOf(t, res); got != "draft" {
		t.Fatalf("new case is %q", got)
	}
	must(t, res, chromedp.Click(chromedp.CSS(`button[name="transition"][value="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".state-legal_review")))

	law := person(t, b)
	e.browserLogin(t, law, "lawyer")
	// The case waits for the lawyer on the dashboard.
	if !strings.Contains(text(t, law, ".waiting"), "Aleksandr Akimushkin") {
		t.Fatalf("the submitted case is not waiting for the lawyer")
	}
	must(t, law,
		chromedp.Click(chromedp.CSS(".waiting a")),
		chromedp.WaitVisible(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.Click(chromedp.CSS(`input[name="criteria"][value="a"]`)),
		chromedp.Click(chromedp.CSS(`input[name="violence"][value="no"]`)),
		chromedp.Click(chromedp.CSS(`input[name="sufficient"]`)),
		chromedp.SendKeys(chromedp.ID("review-notes"), "Art. 280.3 punishes speech."),
		chromedp.Click(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-editorial_review")),
	)

	ed := person(t, b)
	e.browserLogin(t, ed, "editor")
	must(t, ed,
		chromedp.Click(chromedp.CSS(".waiting a")),
		chromedp.Click(chromedp.CSS(`button[name="transition"][value="publish"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-published")),
	)

	visitor := person(t, b)
	must(t, visitor,
		chromedp.Navigate(e.srv.URL+"/en/"),
		chromedp.SendKeys(chromedp.ID("home-q"), "akimushkin"),
		chromedp.Submit(chromedp.ID("home-q")),
		// Wait for what only the next page has: the home page has a case
		// list too, and a click on it while the page changes goes nowhere.
		chromedp.WaitVisible(chromedp.ID("list-q")),
		chromedp.Click(chromedp.CSS(".case-list a")),
		chromedp.WaitVisible(chromedp.CSS(".profile h1")),
	)
	if got := text(t, visitor, ".profile h1"); got != "Aleksandr Akimushkin" {
		t.Errorf("English profile heading %q", got)
	}
	if got := text(t, visitor, ".profile-main h2"); got != "Who is Aleksandr Akimushkin" {
		t.Errorf("English body section %q", got)
	}
	must(t, visitor, chromedp.Click(chromedp.CSS(".lang-switch")), chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] .profile h1`)))
	if got := text(t, visitor, ".profile h1"); got != "Александр Акимушкин" {
		t.Errorf("Russian profile heading %q", got)
	}
	if !strings.Contains(text(t, visitor, ".facts"), "19 сентября 2024") {
		t.Errorf("Russian facts lack the sentence date")
	}
	cookies, err := chromedp.Run(visitor, chromedp.Evaluate[string]("document.cookie"))
	if err != nil || cookies != "" {
		t.Errorf("the public site left cookies %q (%v)", cookies, err)
	}
}

// TestBrowserPhotoUpload: a researcher attaches a photo in the form, the
// case goes through review, and a visitor sees the picture on the profile,
// loaded from this server and free of its metadata.
func TestBrowserPhotoUpload(t *testing.T) {
	e := newEnv(t)
	b := browser(t)
	file := filepath.Join(t.TempDir(), "portrait.jpg")
	if err := os.WriteFile(file, jpegWithSecrets(t, 800, 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	res := person(t, b)
	e.browserLogin(t, res, "researcher")
	must(t, res, chromedp.Navigate(e.srv.URL+"/studio/cases/new"), chromedp.WaitVisible(chromedp.ID("name_en")))
	for id, v := range map[string]string{
		"name_en": "Aleksandr Akimushkin", "headline_en": "A blogger has been sentenced", "body_en": "## Who\n\nA blogger.",
		"photo_credit": "Family archive", "photo_alt_en": "Aleksandr Akimushkin, smiling",
	} {
		must(t, res, chromedp.SendKeys(chromedp.ID(id), v))
	}
	must(t, res,
		chromedp.SetUploadFiles(chromedp.ID("photo"), []string{file}),
		chromedp.Click(chromedp.CSS(`.form-actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
	)
	loc, _ := chromedp.Run(res, chromedp.Location())
	var id int64
	fmtSscan(strings.TrimPrefix(loc, e.srv.URL), &id)
	if id == 0 {
		t.Fatalf("not on a case page: %s", loc)
	}
	e.transition(e.login("researcher"), id, "submit", nil)
	e.transition(e.login("lawyer"), id, "approve_legal", approval())
	e.transition(e.login("editor"), id, "publish", nil)

	visitor := person(t, b)
	must(t, visitor, chromedp.Navigate(e.srv.URL+"/en/cases/aleksandr-akimushkin"), chromedp.WaitVisible(chromedp.CSS(".portrait img")))
	width, err := chromedp.Run(visitor, chromedp.Evaluate[int](`(async () => { const img = document.querySelector(".portrait img"); await img.decode(); return img.naturalWidth; })()`, chromedp.EvalAwaitPromise))
	if err != nil || width != 800 {
		t.Fatalf("the photo did not load in the browser: width %d, %v", width, err)
	}
	if got := text(t, visitor, ".portrait figcaption"); !strings.Contains(got, "Family archive") {
		t.Errorf("caption %q", got)
	}
}

// TestBrowserChangesRequestedFixedAndPublished: a lawyer sends a case back
// with a comment, the researcher sees it, fixes the text and resubmits,
// and it goes through to the public site.
func TestBrowserChangesRequestedFixedAndPublished(t *testing.T) {
	e := newEnv(t)
	b := browser(t)
	id := e.createCase(e.login("researcher"), caseForm())
	e.transition(e.login("researcher"), id, "submit", nil)

	law := person(t, b)
	e.browserLogin(t, law, "lawyer")
	must(t, law,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="request_changes"]`)),
		// An empty comment is refused on the page, and nothing changes.
		chromedp.Click(chromedp.CSS(`button[value="request_changes"]`)),
		chromedp.WaitVisible(chromedp.ID("action-error")),
	)
	if got := stateOf(t, law); got != "legal_review" {
		t.Fatalf("an empty request_changes moved the case to %s", got)
	}
	must(t, law,
		chromedp.SendKeys(chromedp.ID("comment"), "The sentence date is wrong: it was 19 September."),
		chromedp.Click(chromedp.CSS(`button[value="request_changes"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-draft")),
	)

	res := person(t, b)
	e.browserLogin(t, res, "researcher")
	if !strings.Contains(text(t, res, ".waiting"), "Aleksandr Akimushkin") || !strings.Contains(text(t, res, ".waiting"), "hanges requested") {
		t.Fatalf("the sent-back case is not waiting for the researcher with its badge: %q", text(t, res, ".waiting"))
	}
	must(t, res, chromedp.Click(chromedp.CSS(".waiting a")), chromedp.WaitVisible(chromedp.CSS(".thread")))
	if !strings.Contains(text(t, res, ".thread"), "The sentence date is wrong") {
		t.Fatalf("the lawyer's comment is not in the thread")
	}
	must(t, res,
		chromedp.Click(chromedp.CSS(`.case-links a.button`)),
		chromedp.WaitVisible(chromedp.ID("sentenced_on")),
		chromedp.SetValue(chromedp.ID("sentenced_on"), "2024-09-19"),
		chromedp.SetValue(chromedp.ID("headline_en"), "A blogger from Arkhangelsk Oblast was sentenced on 19 September 2024"),
		chromedp.Click(chromedp.CSS(`.form-actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("case-state")),
		chromedp.Click(chromedp.CSS(`button[value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-legal_review")),
	)

	must(t, law,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.Click(chromedp.CSS(`input[name="criteria"][value="a"]`)),
		chromedp.Click(chromedp.CSS(`input[name="violence"][value="no"]`)),
		chromedp.Click(chromedp.CSS(`input[name="sufficient"]`)),
		chromedp.SendKeys(chromedp.ID("review-notes"), "Fixed; approved."),
		chromedp.Click(chromedp.CSS(`button[value="approve_legal"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-editorial_review")),
	)
	ed := person(t, b)
	e.browserLogin(t, ed, "editor")
	must(t, ed,
		chromedp.Navigate(e.srv.URL+casePath(id)),
		chromedp.Click(chromedp.CSS(`button[value="publish"]`)),
		chromedp.WaitVisible(chromedp.CSS(".state-published")),
	)
	visitor := person(t, b)
	must(t, visitor, chromedp.Navigate(e.srv.URL+"/en/cases/aleksandr-akimushkin"), chromedp.WaitVisible(chromedp.CSS(".profile h1")))
	if got := text(t, visitor, ".profile .lede"); got != "A blogger from Arkhangelsk Oblast was sentenced on 19 September 2024" {
		t.Errorf("the public page shows %q", got)
	}
	if strings.Contains(text(t, visitor, "body"), "sentence date is wrong") {
		t.Error("an internal comment reached the public page")
	}
}
