package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"casebook/content"
	"casebook/password"
	"casebook/store"
	"casebook/workflow"
)

// TestEveryKeyExists reads the source of the views and handlers for
// message keys and checks that each one is in the catalog, in both
// languages, so that no page ever shows a bare key.
func TestEveryKeyExists(t *testing.T) {
	c := New()
	re := regexp.MustCompile(`\.(?:T|N)\("([a-z0-9_.]+)"`)
	keyLike := regexp.MustCompile(`"((?:error|flash|login|review|conflict|title|form|field)\.[a-z0-9_.]+)"`)
	found := 0
	for _, dir := range []string{"../views", "../handlers", "../content", "../workflow"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			if !strings.HasSuffix(f, ".templ") && !(strings.HasSuffix(f, ".go") && !strings.HasSuffix(f, "_templ.go") && !strings.HasSuffix(f, "_test.go")) {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Route names look like keys; they are not texts.
			// Route names and audit actions look like keys; they are not
			// texts.
			text := regexp.MustCompile(`\.Name = "[^"]*"|assets\.Path\("[^"]*"\)|(?m)^\s*get\(.*$|\.Record\([^)]*\)`).ReplaceAllString(string(src), "")
			for _, m := range append(re.FindAllStringSubmatch(text, -1), keyLike.FindAllStringSubmatch(text, -1)...) {
				key := m[1]
				if strings.HasSuffix(key, ".") || strings.HasSuffix(key, "_") {
					continue // a prefix completed at run time; checked below
				}
				found++
				if !c.Has(key) {
					t.Errorf("%s uses %q, which is not in the catalog", f, key)
				}
			}
		}
	}
	if found < 50 {
		t.Fatalf("found only %d keys: the scan is broken", found)
	}
	var dynamic []string
	for _, s := range workflow.States() {
		dynamic = append(dynamic, "state."+string(s))
	}
	for _, tr := range workflow.Transitions() {
		dynamic = append(dynamic, "transition."+string(tr), "flash.transition."+string(tr))
	}
	for _, r := range workflow.Roles() {
		dynamic = append(dynamic, "role."+string(r))
	}
	for _, r := range []workflow.Reason{workflow.ReasonRole, workflow.ReasonState, workflow.ReasonFourEyes, workflow.ReasonIncomplete, workflow.ReasonComment, workflow.ReasonReview, workflow.ReasonPast} {
		dynamic = append(dynamic, string(r))
	}
	for _, s := range content.Custodies() {
		dynamic = append(dynamic, "custody."+s)
	}
	for _, c := range workflow.PACECriteria() {
		dynamic = append(dynamic, "review.criterion_"+c)
	}
	for _, l := range content.Langs() {
		dynamic = append(dynamic, "lang.name_"+string(l), "case.public_page_"+string(l), "card.only_in_"+string(l))
	}
	for _, code := range []string{"400", "401", "403", "404", "409", "410", "500"} {
		dynamic = append(dynamic, "error."+code+".heading")
	}
	for _, f := range []string{"status", "region", "article", "category", "year"} {
		dynamic = append(dynamic, "filter.name_"+f)
	}
	for _, k := range []string{"years", "regions", "articles", "categories"} {
		dynamic = append(dynamic, "stats."+k, "stats."+k+"_caption")
	}
	for _, k := range []string{"home_intro", "how_to_help", "letter_guidance", "disclaimer"} {
		dynamic = append(dynamic, "texts."+k)
	}
	for _, a := range store.AuditActions() {
		dynamic = append(dynamic, "audit.action."+a)
	}
	for _, k := range store.SiteTextKeys() {
		dynamic = append(dynamic, "texts."+k)
	}
	for _, k := range store.RefKinds() {
		dynamic = append(dynamic, "ref.kind."+string(k))
	}
	// The case form's enumerations, each value named.
	for prefix, values := range map[string][]string{"choice.gender.": content.Genders(), "choice.stage.": content.Stages(),
		"choice.kind.": content.SentenceKinds(), "choice.regime.": content.Regimes(), "choice.released.": content.ReleasedHows()} {
		for _, v := range values {
			dynamic = append(dynamic, prefix+v)
		}
	}
	// The labels of every field of a prosecution (handlers' fieldLabel).
	for _, f := range content.ProsecutionFields() {
		for _, l := range content.Langs() {
			f = strings.TrimSuffix(f, "_"+string(l))
		}
		dynamic = append(dynamic, "field."+f)
	}
	for _, k := range []string{"on", "off"} {
		dynamic = append(dynamic, "audit.detail."+k)
	}
	for _, r := range password.Reasons() {
		dynamic = append(dynamic, (&password.Refusal{Reason: r}).Key())
	}
	dynamic = append(dynamic, "review.violence_no", "review.violence_yes", "review.error.criteria", "review.error.violence")
	for _, key := range dynamic {
		if !c.Has(key) {
			t.Errorf("missing %q", key)
		}
	}
}

func TestPlurals(t *testing.T) {
	ru := New().Printer(content.RU)
	en := New().Printer(content.EN)
	for n, want := range map[int]string{1: "Найдено 1 дело", 2: "Найдено 2 дела", 5: "Найдено 5 дел", 11: "Найдено 11 дел", 21: "Найдено 21 дело", 22: "Найдено 22 дела", 0: "Найдено 0 дел"} {
		if got := ru.N("count.found", n); got != want {
			t.Errorf("ru %d: %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{1: "1 case found", 2: "2 cases found", 0: "0 cases found"} {
		if got := en.N("count.found", n); got != want {
			t.Errorf("en %d: %q, want %q", n, got, want)
		}
	}
}

// TestPluralWithText: a plural message may carry a text after its number.
func TestPluralWithText(t *testing.T) {
	ru := New().Printer(content.RU)
	for n, want := range map[int]string{1: "1 дело из a.json", 3: "3 дела из a.json", 5: "5 дел из a.json"} {
		if got := ru.T("audit.detail.import", n, "a.json"); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	if got := New().Printer(content.EN).T("audit.detail.import", 2, "a.json"); got != "2 cases from a.json" {
		t.Errorf("en: %q", got)
	}
}

func TestMatch(t *testing.T) {
	c := New()
	for header, want := range map[string]content.Lang{
		"en-US,en;q=0.9": content.EN, "ru": content.RU, "be-BY,ru;q=0.5": content.RU, "fr": content.RU, "": content.RU, ";;;": content.RU,
	} {
		if got := c.Match(header, content.RU); got != want {
			t.Errorf("%q: %s, want %s", header, got, want)
		}
	}
	if got := c.Match("fr", content.EN); got != content.EN {
		t.Errorf("fallback: %s", got)
	}
}

func TestStatusPlurals(t *testing.T) {
	ru := New().Printer(content.RU)
	for n, want := range map[int]string{1: "1 политзаключённый", 2: "2 политзаключённых", 5: "5 политзаключённых", 21: "21 политзаключённый", 11: "11 политзаключённых"} {
		if got := ru.N("count.status.political_prisoner", n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{1: "1 дело", 2: "2 дела", 5: "5 дел"} {
		if got := strings.TrimPrefix(ru.N("count.found", n), "Найдено "); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

// TestAuditActionsListed reads the sources for every action code written
// to the audit log and checks that store.AuditActions lists it (so that
// TestEveryKeyExists demands its "audit.action." message).
func TestAuditActionsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, a := range store.AuditActions() {
		listed[a] = true
	}
	call := regexp.MustCompile(`(?:\baudit\(ctx, tx, [^,]+|\.record\(ctx, [^,]+|\.Record\([^,]+, [^,]+|saveRevision\(ctx, actor, caseID, base, c|setPassword\(ctx, [^)"]*?), "([a-z0-9_.]+)"|action :?= "([a-z0-9_.]+)"`)
	found := 0
	for _, dir := range []string{"../store", "../handlers", "../cmd/casebook"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range call.FindAllStringSubmatch(string(src), -1) {
				a := m[1] + m[2]
				if a == "transition." {
					continue // "transition."+t: AuditActions lists every transition
				}
				found++
				if !listed[a] {
					t.Errorf("%s writes the audit action %q, which store.AuditActions does not list", f, a)
				}
			}
		}
	}
	if found < 30 {
		t.Fatalf("found only %d audit actions: the scan is broken", found)
	}
}
