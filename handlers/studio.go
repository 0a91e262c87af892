package handlers

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// rulesFor is the editorial rules in force (see rulesWith).
func (h *Handler) rulesFor(c echo.Context) (workflow.Rules, error) {
	s, err := h.st.Settings(c.Request().Context())
	if err != nil {
		return h.rules, err
	}
	return h.rulesWith(s), nil
}

// rulesWith is the editorial rules under the studio's settings: four eyes
// is on unless the server was started with --four-eyes=false or an
// administrator turned it off in the studio.
func (h *Handler) rulesWith(s store.Settings) workflow.Rules {
	r := h.rules
	r.Corrections = s.Corrections
	r.FourEyes = r.FourEyes && s.FourEyes
	return r
}

func (h *Handler) dashboard(c echo.Context) error {
	u := userOf(c)
	cases, err := h.st.StudioCases(c.Request().Context())
	if err != nil {
		return err
	}
	rules, err := h.rulesFor(c)
	if err != nil {
		return err
	}
	sp, err := h.studioPage(c, h.printer(c).T("title.dashboard"))
	if err != nil {
		return err
	}
	l := sp.Lang()
	vm := views.DashboardPage{StudioPage: sp, CanCreate: workflow.CanCreate(u.Actor())}
	byState := map[workflow.State][]views.CaseRow{}
	for _, cs := range cases {
		row := views.CaseRow{ID: cs.ID, Name: nameOr(cs.NameRU, cs.NameEN, l), Slug: cs.Slug, State: cs.State, HasLive: cs.HasLive,
			UpdatedAt: cs.UpdatedAt, PublishAt: cs.PublishAt,
			ChangesRequested: cs.Workflow().ChangesRequested(), TakenDown: cs.TakenDown}
		if rules.Waiting(u.Actor(), cs.Workflow()) {
			vm.Waiting = append(vm.Waiting, row)
		}
		byState[cs.State] = append(byState[cs.State], row)
	}
	for _, s := range workflow.States() {
		vm.Groups = append(vm.Groups, views.CaseGroup{State: s, Cases: byState[s]})
	}
	return h.render(c, http.StatusOK, views.DashboardView(vm))
}

func nameOr(ru, en string, l content.Lang) string {
	if l == content.EN && en != "" || ru == "" {
		return en
	}
	return ru
}

func caseID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.NotFound("error.bad_id")
	}
	return id, nil
}

// caseState is what a refused action sends back to the case page, so
// that the person's comment or review is not lost.
type caseState struct {
	status         int
	actionError    string
	comment        string
	review         views.ReviewForm
	reviewError    string
	reviewProblems map[string]string
	publishAt      string
	// keptComment is a comment sent after the session had ended, given
	// back after signing in.
	keptComment string
}

func (h *Handler) casePage(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	st := caseState{status: http.StatusOK}
	kept, ok, err := h.st.TakePending(c.Request().Context(), userOf(c).ID, c.Request().URL.Path)
	if err != nil {
		return err
	}
	if ok {
		st.keptComment = kept.Get("body")
	}
	return h.renderCase(c, id, st)
}

func (h *Handler) renderCase(c echo.Context, id int64, st caseState) error {
	ctx := c.Request().Context()
	u := userOf(c)
	page, err := h.st.CasePage(ctx, id)
	if err != nil {
		return err
	}
	d, comments, reviews, rules := page.Detail, page.Comments, page.Reviews, h.rulesWith(page.Settings)
	refs, err := h.refs(ctx)
	if err != nil {
		return err
	}
	p := h.printer(c)
	w := d.Working.Content
	sp, err := h.studioPage(c, w.DisplayName(p.Lang()))
	if err != nil {
		return err
	}
	if st.keptComment != "" {
		sp.Flash = p.T("form.kept_comment")
	}
	wc := d.Workflow()
	vm := views.CasePage{
		StudioPage:       sp,
		ID:               id,
		Slug:             d.Case.Slug,
		State:            d.Case.State,
		Working:          d.Working,
		CanEdit:          workflow.CanEdit(u.Actor(), wc),
		Withheld:         rules.Withheld(u.Actor(), wc),
		PublishAt:        d.Case.PublishAt,
		CorrectionHint:   rules.Corrections && wc.State == workflow.Draft && wc.HasLive && wc.CorrectionOnly,
		PublishAtIn:      st.publishAt,
		ChangesRequested: wc.ChangesRequested(),
		Comments:         comments,
		Reviews:          reviews,
		Facts:            h.facts(p, w, refs),
		Person:           studioPersonFacts(p, w),
		Prosecutions:     studioProsecutions(p, w, refs),
		ReviewChoices:    reviewChoices(p, w, st.review.Prosecution),
		ActionError:      st.actionError,
		Comment:          st.comment,
		Review:           st.review,
		ReviewError:      st.reviewError,
		ReviewProblems:   st.reviewProblems,
		NewComment:       st.keptComment,
		ReviewLinks:      workflow.CanManageReviewLinks(u.Actor()),
		Consent:          views.ConsentBoxOf(page.Consent.Current, page.Consent.PendingTakedowns, wc),
	}
	vm.Heading = w.DisplayName(p.Lang())
	for _, t := range rules.Allowed(u.Actor(), wc) {
		if t == workflow.ApproveLegal {
			vm.CanApprove = true
			continue
		}
		vm.Transitions = append(vm.Transitions, t)
	}
	if d.Live != nil {
		vm.LiveNumber = d.Live.Number
		for _, l := range d.Live.Content.CompleteLangs() {
			vm.PublicURLs = append(vm.PublicURLs, views.PublicLink{Lang: l, URL: views.CaseURL(l, d.Case.PublicSlug)})
		}
		if d.Live.ID != d.Working.ID {
			// The studio shows both, and what publishing the working
			// revision would change on the public site.
			vm.LiveDiff = fieldDiffs(p, d.Live.Content, w)
		}
	}
	if d.Live == nil && !d.Case.UnpublishedAt.IsZero() {
		vm.TakenDown = &views.TakenDown{At: d.Case.UnpublishedAt, CanReturn: d.Case.UnpublishedRevisionID != 0}
		for i := len(comments) - 1; i >= 0; i-- {
			if comments[i].Transition == string(workflow.Unpublish) {
				vm.TakenDown.By, vm.TakenDown.Reason = comments[i].AuthorName, comments[i].Body
				break
			}
		}
	}
	if page.Approved != nil {
		// Back with the lawyer after an approval: what changed since.
		last := reviews[0]
		vm.SinceApproval = &views.SinceApproval{
			Note:       p.T("case.since_approval", last.RevisionNumber, last.Lawyer),
			CompareURL: views.CompareURL(id, last.RevisionNumber, d.Working.Number),
			Fields:     fieldDiffs(p, page.Approved.Content, w),
		}
	}
	for _, l := range content.Langs() {
		vm.PreviewURLs = append(vm.PreviewURLs, views.PublicLink{Lang: l, URL: views.PreviewURL(id, d.Working.Number, l)})
	}
	if workflow.CanReadPrivate(u.Actor(), wc) {
		vm.Private = &views.PrivateSummary{URL: views.PrivateURL(id), Filled: page.PrivateFilled, Total: len(store.PrivateKeys())}
	}
	for _, l := range content.Langs() {
		t := w.Text(l)
		vm.Texts = append(vm.Texts, views.LangView{
			Lang: l, Name: t.Name, Headline: t.Headline, Statement: t.Statement,
			BodyHTML: h.md.HTML(t.Body), Sentence: t.Sentence, Locality: t.Locality, PhotoAlt: t.PhotoAlt, Complete: t.Complete(),
		})
	}
	vm.Extras = views.CaseExtras{
		Address: views.CaseURL(p.Lang(), d.Case.Slug), PhotoURL: w.Photo.URL, PhotoCredit: w.Photo.Credit,
		LetterAddress: w.LetterAddress, LetterCheckedOn: p.Date(w.LetterAddressCheckedOn),
		Sources: w.Sources,
	}
	for _, e := range w.Timeline {
		vm.Extras.Timeline = append(vm.Extras.Timeline, views.TimelineRow{Date: p.Date(e.Date), RU: e.RU, EN: e.EN})
	}
	return h.render(c, st.status, views.CaseView(vm))
}

// transition makes the workflow move named by the pressed button. The
// store checks the rules again inside its transaction, so a forged button
// changes nothing.
func (h *Handler) transition(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	u := userOf(c)
	p := h.printer(c)
	t, ok := workflow.ParseTransition(c.FormValue("transition"))
	if !ok {
		return errs.Invalid("error.400.heading")
	}
	rev, _ := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	in := workflow.Input{Comment: strings.TrimSpace(c.FormValue("comment"))}
	form, _ := c.FormParams()
	review := views.ReviewForm{
		Criteria:   form["criteria"],
		Violence:   c.FormValue("violence"),
		Deprived:   c.FormValue("deprived") == "yes",
		Sufficient: c.FormValue("sufficient") == "yes",
		Category:   c.FormValue("category"),
		Demand:     c.FormValue("demand"),
		Notes:      strings.TrimSpace(c.FormValue("notes")),
	}
	if v := c.FormValue("prosecution"); v != "" {
		// Not a number is no prosecution of the case: refused beside the
		// question, as -1.
		if review.Prosecution, err = strconv.Atoi(v); err != nil {
			review.Prosecution = -1
		}
	}
	if t == workflow.ApproveLegal {
		in.Review = &workflow.Review{Criteria: review.Criteria, Violence: review.Violence, Deprived: review.Deprived,
			Sufficient: review.Sufficient, Category: review.Category, Demand: review.Demand, Notes: review.Notes, Prosecution: review.Prosecution}
		in.Comment = review.Notes
	}
	publishAt := strings.TrimSpace(c.FormValue("publish_at"))
	if t == workflow.Publish && publishAt != "" {
		at, err := time.ParseInLocation("2006-01-02T15:04", publishAt, time.UTC)
		if err != nil {
			return h.renderCase(c, id, caseState{status: http.StatusUnprocessableEntity, comment: in.Comment, publishAt: publishAt,
				actionError: p.T("transition.publish") + ": " + p.T("error.publish_at")})
		}
		in.PublishAt = at
	}
	rules, err := h.rulesFor(c)
	if err != nil {
		return err
	}
	if t == workflow.Unpublish && c.FormValue("confirm") != "yes" && in.Comment != "" {
		return h.confirmUnpublish(c, id, rev, in.Comment)
	}
	out, err := h.st.Transition(c.Request().Context(), rules, u, id, rev, t, in)
	var denied *workflow.Denied
	switch {
	case err == nil:
		msg := "flash.transition." + string(t)
		if out.To == workflow.Scheduled {
			msg = "flash.scheduled"
		}
		if err := h.flash(c, msg); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, views.StudioCaseURL(id))
	case errors.As(err, &denied) && (denied.Reason == workflow.ReasonComment || denied.Reason == workflow.ReasonReview || denied.Reason == workflow.ReasonPast):
		st := caseState{status: http.StatusUnprocessableEntity, comment: in.Comment, review: review, publishAt: publishAt,
			actionError: p.T("transition."+string(t)) + ": " + p.T(string(denied.Reason))}
		if denied.Reason == workflow.ReasonReview {
			st.comment = ""
			st.reviewError = p.T("review.error.summary")
			st.reviewProblems = map[string]string{}
			for q, key := range denied.Problems {
				st.reviewProblems[q] = p.T(key)
			}
		}
		return h.renderCase(c, id, st)
	case errs.Is(err, errs.KindConflict):
		return h.renderCase(c, id, caseState{status: http.StatusConflict, comment: in.Comment, review: review, actionError: p.T("conflict.transition")})
	}
	return err
}

// confirmUnpublish asks before taking a case off the public site: every
// public address of it answers 410 at once, and a cache in front may need
// purging. Nothing changes until the editor confirms.
func (h *Handler) confirmUnpublish(c echo.Context, id, rev int64, reason string) error {
	ctx := c.Request().Context()
	d, err := h.st.CaseDetail(ctx, id)
	if err != nil {
		return err
	}
	rules, err := h.rulesFor(c)
	if err != nil {
		return err
	}
	if err := rules.Check(userOf(c).Actor(), d.Workflow(), workflow.Unpublish); err != nil {
		return err
	}
	if rev != d.Case.WorkingRevisionID {
		return errs.Conflict("conflict.transition")
	}
	p := h.printer(c)
	name := d.Working.Content.DisplayName(p.Lang())
	sp, err := h.studioPage(c, p.T("unpublish.title", name))
	if err != nil {
		return err
	}
	vm := views.UnpublishPage{StudioPage: sp, ID: id, Heading: p.T("unpublish.title", name), Revision: rev, Reason: reason}
	if d.Live != nil {
		for _, l := range d.Live.Content.CompleteLangs() {
			vm.Addresses = append(vm.Addresses, views.PublicLink{Lang: l, URL: views.CaseURL(l, d.Case.PublicSlug)})
		}
	}
	return h.render(c, http.StatusOK, views.UnpublishView(vm))
}

func (h *Handler) comment(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	body := strings.TrimSpace(c.FormValue("body"))
	if body == "" {
		return h.renderCase(c, id, caseState{status: http.StatusUnprocessableEntity, actionError: h.printer(c).T("error.comment_empty")})
	}
	if err := h.st.AddComment(c.Request().Context(), userOf(c), id, body); err != nil {
		return err
	}
	if err := h.flash(c, "flash.comment"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.StudioCaseURL(id)+"#thread-h")
}

// preview renders any revision with the public templates, marked as not
// public and not to be indexed, so that reviewers see what would go out.
func (h *Handler) preview(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	pv, err := h.st.Preview(ctx, id, func(working int) (int, error) { return revisionParam(c, "rev", working) })
	if err != nil {
		return err
	}
	l, ok := content.ParseLang(c.QueryParam("lang"))
	if !ok {
		l = h.printer(c).Lang()
	}
	rev := pv.Revision
	cc := rev.Content.Clone()
	cc.Slug = pv.Case.Slug
	vm, err := h.profilePage(ctx, h.cat.Printer(l), id, cc)
	if err != nil {
		return err
	}
	vm.NoIndex = true
	vm.Preview = &views.PreviewInfo{Revision: rev.Number, CaseURL: views.StudioCaseURL(id)}
	vm.AltURL = views.PreviewURL(id, rev.Number, l.Other())
	vm.OtherURL = vm.AltURL
	return h.render(c, http.StatusOK, views.ProfileView(vm))
}
