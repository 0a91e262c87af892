package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestExportCarriesConsentOnlyWhenAsked: consent notes, who asked for a
// takedown, in what words and why it was decided are private: an export
// without --include-private holds none of them, not even the records; one
// with it holds every record under "private", and its import writes them
// back as they were (who, when, the decision in force).
func TestExportCarriesConsentOnlyWhenAsked(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	p := newConsentPeople(t, s)
	id := photoCase(t, s, p)
	mustConsent(t, s, p.creator, id, consentIn("family", "photo", "given", "2025-04", "NOTE-ONE-Q7"))
	mustConsent(t, s, p.lawyer, id, consentIn("family", "photo", "refused", "2025-05-02", "NOTE-TWO-Q7"))
	req, err := s.RegisterTakedown(ctx, p.creator, id, TakedownInput{ReceivedOn: "2025-05-01", Requester: "REQUESTER-Q7", Asked: []string{"photo"}, Details: "DETAILS-Q7"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DecideTakedown(ctx, p.editor, id, DecisionInput{Request: req, Decision: "partly", Reason: "REASON-Q7"}); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"NOTE-ONE-Q7", "NOTE-TWO-Q7", "REQUESTER-Q7", "DETAILS-Q7", "REASON-Q7"}

	plain, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(plain)
	for _, v := range append(secrets, `"consent"`, `"takedowns"`) {
		if strings.Contains(string(b), v) {
			t.Errorf("the export without --include-private holds %s", v)
		}
	}
	with, err := s.ExportWith(ctx, ExportOptions{Private: true, File: "with.json"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = json.MarshalIndent(with, "", " ")
	for _, v := range secrets {
		if !strings.Contains(string(b), v) {
			t.Errorf("the export with --include-private lacks %s", v)
		}
	}
	pr := with.Cases[0].Private
	if pr == nil || len(pr.Consent) != 2 || pr.Consent[1].Decision != "refused" || pr.Consent[1].RecordedBy != "lawyer@example.org" ||
		len(pr.Takedowns) != 1 || len(pr.Takedowns[0].Decisions) != 1 || pr.Takedowns[0].Decisions[0].DecidedBy != "editor@example.org" {
		t.Fatalf("private: %+v", pr)
	}

	dump, err := ParseImport(b)
	if err != nil {
		t.Fatal(err)
	}
	o := openTest(t)
	if _, err := o.Import(ctx, dump, ImportOptions{Source: "with.json"}); err != nil {
		t.Fatal(err)
	}
	again, err := o.ExportWith(ctx, ExportOptions{Private: true, File: "again.json"})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := json.Marshal(with.Cases[0].Private)
	y, _ := json.Marshal(again.Cases[0].Private)
	if string(x) != string(y) {
		t.Errorf("the round trip changed the records:\n%s\n%s", x, y)
	}
	d, err := o.CaseDetail(ctx, again.Cases[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Workflow().PhotoConsentRefused {
		t.Errorf("the imported refusal is not in force")
	}
}
