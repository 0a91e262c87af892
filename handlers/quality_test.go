package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"casebook/workflow"
)

// webTool finds a tool installed from npm for a quality test: its path
// comes from an environment variable that .ci/run sets. Outside CI a
// missing tool skips the test; in CI it fails it.
func webTool(t *testing.T, env, what string) string {
	t.Helper()
	p := os.Getenv(env)
	if p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed (%s unset or wrong); .ci/run installs it", what, env)
	}
	t.Skipf("%s not installed: set %s (see .ci/run)", what, env)
	return ""
}

// publicPages are the pages the quality tests look at: home, list and
// profile in both languages, and more.
var publicPages = []string{
	"/ru/", "/en/", "/ru/cases", "/en/cases", "/ru/cases?status=political_prisoner",
	"/ru/cases/aleksandr-akimushkin", "/en/cases/aleksandr-akimushkin", "/en/cases/nikolai-gusev",
	"/ru/stats", "/en/stats", "/ru/cases?q=" + "%D0%B0%D1%80%D0%BC%D0%B8%D0%B8",
	// A profile with everything: photo, timeline, sources, letter address.
	"/ru/cases/" + fullSlug, "/en/cases/" + fullSlug,
	"/en/cases?status=released&region=sverdlovsk-oblast",
	// The open data page; a region named in the search, with the counts
	// of what it found; a filter kept though nothing matches it.
	"/ru/open-data", "/en/open-data",
	"/ru/cases?q=" + "%D0%B2+%D0%A1%D0%B2%D0%B5%D1%80%D0%B4%D0%BB%D0%BE%D0%B2%D1%81%D0%BA%D0%BE%D0%B9+%D0%BE%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D0%B8",
	"/en/cases?q=Tatarstan&region=sverdlovsk-oblast",
	// A profile with two prosecutions, a group and co-defendants
	// (publishGroup), one with a co-defendant in the other language only,
	// and the group's page.
	"/ru/cases/" + annaSlug, "/en/cases/" + annaSlug, "/ru/cases/" + borisSlug,
	"/ru/groups/network", "/en/groups/network",
	// The filters of person facts, kept in the form though nothing
	// matches them.
	"/ru/cases?gender=female&born_from=1980&citizenship=RU", "/en/cases?released=true&born_to=1970", "/en/cases?group=network",
}

// errorPages are the answers a lost visitor gets, with their status: a
// page not found under a language, outside one, and a removed profile
// (publishGone).
var errorPages = map[string]int{
	"/ru/cases/no-such-person": 404, "/en/no-such-page": 404, "/no-such-page": 404,
	"/ru/cases/" + goneSlug: 410, "/en/cases/" + goneSlug: 410,
	"/ru/groups/hidden-cell": 404,
}

// goneSlug is the profile publishGone publishes and takes down.
const goneSlug = "ivan-ushedshii"

// publishGone publishes a case and takes it down again, so that its
// address answers 410.
func publishGone(t *testing.T, e *env) {
	t.Helper()
	f := caseForm()
	f.Set("name_ru", "Иван Ушедший")
	f.Set("name_en", "Ivan Ushedshii")
	f.Set("slug", goneSlug)
	id := e.publish(f)
	if r := e.transition(e.login("editor"), id, workflow.Unpublish, url.Values{"comment": {"The family asked."}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", r.StatusCode)
	}
}

// TestPublicPagesAreValidHTML runs the Nu HTML Checker (npm vnu-jar) over
// the public pages and fails on any error.
func TestPublicPagesAreValidHTML(t *testing.T) {
	jar := webTool(t, "CASEBOOK_VNU_JAR", "the Nu HTML Checker (npm vnu-jar)")
	if _, err := exec.LookPath("java"); err != nil {
		t.Fatal("java is needed for the Nu HTML Checker")
	}
	e := newEnv(t)
	publishVariety(t, e)
	publishFull(t, e)
	publishGone(t, e)
	publishGroup(t, e)
	publishFacts(t, e)
	dir := t.TempDir()
	c := e.client()
	var files []string
	pages := append([]string{}, publicPages...)
	ed := e.login("editor")
	for i, p := range pages {
		r := c.get(p)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
		f := filepath.Join(dir, strings.NewReplacer("/", "_", "?", "_", "=", "_", "%", "_").Replace(p)+"_"+itoa(i)+".html")
		os.WriteFile(f, []byte(r.body), 0o644)
		files = append(files, f)
	}
	for p, status := range errorPages {
		r := c.get(p)
		if r.StatusCode != status {
			t.Fatalf("%s: %d, want %d", p, r.StatusCode, status)
		}
		f := filepath.Join(dir, "error"+strings.NewReplacer("/", "_").Replace(p)+".html")
		os.WriteFile(f, []byte(r.body), 0o644)
		files = append(files, f)
	}
	// The studio pages an editor sees most.
	for i, p := range []string{"/studio/", "/studio/cases/1", "/studio/cases/1/edit", "/studio/cases/1/history", "/studio/audit", "/studio/account", "/studio/cases/4", "/studio/cases/4/edit", "/studio/texts", "/studio/cases/1/private", "/login", "/studio/cases/4/consent"} {
		r := ed.get(p)
		if p == "/login" {
			r = c.get(p)
		}
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
		f := filepath.Join(dir, "studio_"+itoa(i)+".html")
		os.WriteFile(f, []byte(r.body), 0o644)
		files = append(files, f)
	}
	// The lock page, which asks for the second factor with the password.
	e.spray("lawyer@example.org", 10)
	lock := e.client().signIn("lawyer@example.org", testPassword, "198.51.100.1")
	if lock.StatusCode != 429 {
		t.Fatalf("lock page: %d", lock.StatusCode)
	}
	f := filepath.Join(dir, "login_locked.html")
	os.WriteFile(f, []byte(lock.body), 0o644)
	files = append(files, f)
	vnuFiles(t, jar, files)
}

// vnuFiles runs the Nu HTML Checker over saved pages and fails the test
// on every error it reports.
func vnuFiles(t *testing.T, jar string, files []string) {
	t.Helper()
	if _, err := exec.LookPath("java"); err != nil {
		t.Fatal("java is needed for the Nu HTML Checker")
	}
	out, _ := exec.Command("java", append([]string{"-jar", jar, "--errors-only", "--format", "json", "--stdout"}, files...)...).Output()
	var res struct {
		Messages []struct {
			Type    string `json:"type"`
			URL     string `json:"url"`
			Message string `json:"message"`
			Extract string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("vnu output: %v\n%s", err, out)
	}
	for _, m := range res.Messages {
		if m.Type == "error" || m.Type == "non-document-error" {
			t.Errorf("%s: %s (%s)", filepath.Base(m.URL), m.Message, m.Extract)
		}
	}
}

// TestPublicPagesAreAccessible runs axe-core (npm axe-core) in headless
// Chromium on the public pages and fails on any WCAG 2.1 A/AA violation.
func TestPublicPagesAreAccessible(t *testing.T) {
	axePath := webTool(t, "CASEBOOK_AXE_JS", "axe-core (npm axe-core)")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	publishVariety(t, e)
	publishFull(t, e)
	publishGone(t, e)
	publishGroup(t, e)
	publishFacts(t, e)
	b := browser(t)
	v := person(t, b)
	pages := append([]string{}, publicPages...)
	for p := range errorPages {
		pages = append(pages, p)
	}
	for _, p := range pages {
		must(t, v, chromedp.Navigate(e.srv.URL+p), chromedp.WaitReady(chromedp.CSS("footer")))
		// Evaluated through the DevTools protocol: the page's CSP, which
		// forbids injected scripts, does not apply.
		if _, err := chromedp.Run(v, chromedp.Evaluate[any](string(axe))); err != nil {
			t.Fatalf("loading axe: %v", err)
		}
		res, err := chromedp.Run(v, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
			.then(r => JSON.stringify(r.violations.map(x => ({id: x.id, impact: x.impact, help: x.help, nodes: x.nodes.slice(0, 3).map(n => n.target.join(" "))}))))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe on %s: %v", p, err)
		}
		if res != "[]" {
			t.Errorf("%s: %s", p, res)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
