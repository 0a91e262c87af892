package handlers

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/media"
	"casebook/revdiff"
	"casebook/store"
	"casebook/views"
	"casebook/workflow"
)

// caseForm is a parsed case form: the content, and what else the person
// asked for (another empty row, one prosecution more or fewer) or sent (a
// photo).
type caseForm struct {
	content *content.Case
	base    int64
	// addRow names the list ("sources" or "timeline") that the person asked
	// to grow instead of saving.
	addRow string
	// prosecutions is what the form said of the prosecutions beside the
	// content: the empty ones, the button pressed, numbers as typed.
	prosecutions postedProsecutions
}

// again reports whether the person asked for the form back instead of
// saving it: another row, or a prosecution added or removed.
func (cf caseForm) again() bool { return cf.addRow != "" || cf.prosecutions.asked }

// show prepares the form page to show this form again: the rows and
// prosecutions asked for (the empty prosecutions the form had, at its
// end, and one more if asked), and numbers as they were typed.
func (cf caseForm) show(vm *views.CaseFormPage) {
	vm.Grow(cf.addRow)
	// An article is typed, not chosen: a code the reference list lacks
	// is told how to write one.
	for k, msg := range vm.Errors {
		if _, f, ok := content.ParseProsecutionKey(k); ok && f == "articles" && msg == "error.unknown_value" {
			vm.Errors[k] = "error.unknown_article"
		}
	}
	if cf.prosecutions.asked {
		vm.ExtraProsecutions = cf.prosecutions.empty
		if cf.prosecutions.add {
			vm.ExtraProsecutions++
		}
	}
	for k, v := range cf.prosecutions.raw {
		if vm.Raw == nil {
			vm.Raw = map[string]string{}
		}
		vm.Raw[k] = v
	}
}

// parseCaseForm copies the form's fields over base, so that fields the form
// does not show survive an edit. Dates are kept as typed; validation
// reports the bad ones next to their fields.
func parseCaseForm(form url.Values, base *content.Case, may formRights) caseForm {
	cc := base.Clone()
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	for _, l := range content.Langs() {
		t := cc.Text(l)
		sfx := "_" + string(l)
		t.Name = get("name" + sfx)
		t.Headline = get("headline" + sfx)
		t.Statement = get("statement" + sfx)
		t.Body = form.Get("body" + sfx)
		t.Sentence = get("sentence" + sfx)
		t.Locality = get("locality" + sfx)
		t.PhotoAlt = get("photo_alt" + sfx)
	}
	if may.slug && get("slug") != "" {
		cc.Slug = strings.ToLower(get("slug"))
	}
	cc.Status = get("status")
	cc.Custody = get("custody")
	cc.RecognizedOn = content.Date(get("recognized_on"))
	cc.PlaceOfDetention = get("place_of_detention")
	cc.LetterAddress = form.Get("letter_address")
	cc.LetterAddressCheckedOn = content.Date(get("letter_address_checked_on"))
	cc.Categories = form["categories"]
	raw := map[string]string{}
	readPersonFacts(form, cc, may, raw)
	// The prosecutions are what the form says; the top-level articles,
	// region and dates are derived from them (Normalize), never read.
	posted := readProsecutions(form, base.EffectiveProsecutions())
	maps.Copy(posted.raw, raw)
	cc.Prosecutions = posted.list
	cc.Articles, cc.Region, cc.DetainedOn, cc.SentencedOn = nil, "", "", ""
	cc.Photo.URL = get("photo_url")
	cc.Photo.Credit = get("photo_credit")
	if form.Get("photo_remove") == "yes" {
		cc.Photo = content.Photo{}
		cc.RU.PhotoAlt, cc.EN.PhotoAlt = "", ""
	}

	removed := func(name string, i int) bool { return slices.Contains(form[name], strconv.Itoa(i)) }
	titles, urls := form["source_title"], form["source_url"]
	cc.Sources = nil
	for i := range max(len(titles), len(urls)) {
		if removed("source_remove", i) {
			continue
		}
		cc.Sources = append(cc.Sources, content.Source{Title: at(titles, i), URL: at(urls, i)})
	}
	dates, rus, ens := form["timeline_date"], form["timeline_ru"], form["timeline_en"]
	cc.Timeline = nil
	for i := range max(len(dates), len(rus), len(ens)) {
		if removed("timeline_remove", i) {
			continue
		}
		cc.Timeline = append(cc.Timeline, content.TimelineEntry{Date: content.Date(at(dates, i)), RU: at(rus, i), EN: at(ens, i)})
	}
	cc.Normalize()
	baseID, _ := strconv.ParseInt(form.Get("revision"), 10, 64)
	out := caseForm{content: cc, base: baseID, prosecutions: posted}
	if r := form.Get("add_row"); r == "sources" || r == "timeline" {
		out.addRow = r
	}
	return out
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

func newCaseContent() *content.Case {
	c := &content.Case{Status: "political_prisoner"}
	c.Normalize()
	return c
}

// formPage builds the form page around content.
func (h *Handler) formPage(c echo.Context, heading string, cc *content.Case) (views.CaseFormPage, error) {
	ctx := c.Request().Context()
	refs, err := h.refs(ctx)
	if err != nil {
		return views.CaseFormPage{}, err
	}
	sp, err := h.studioPage(c, heading)
	if err != nil {
		return views.CaseFormPage{}, err
	}
	thumb, err := h.st.PhotoThumb(ctx, cc.Photo.URL)
	if err != nil {
		return views.CaseFormPage{}, err
	}
	// Every case form page sends unsaved copies of its text, also the one
	// that answers a save that did not go through.
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	_, gen, err := h.st.Autosave(ctx, userOf(c).ID, id)
	if err != nil {
		return views.CaseFormPage{}, err
	}
	return views.CaseFormPage{
		AutosaveURL:        views.FormURL(id) + "/autosave",
		AutosaveGen:        gen,
		StudioPage:         sp,
		Refs:               refs,
		Heading:            heading,
		Content:            cc,
		PhotoThumb:         thumb,
		CanEditSlug:        workflow.CanEditSlug(userOf(c).Actor()),
		CanPublishBirthday: workflow.CanPublishBirthday(userOf(c).Actor()),
		ExtraSources:       1,
		ExtraTimeline:      1,
	}, nil
}

// takePhoto processes an uploaded photo, if the form carries one, stores
// its metadata-free variants and points the content at them. A refused
// file is a field error; the rest of the form is kept either way.
func (h *Handler) takePhoto(c echo.Context, cc *content.Case) (string, error) {
	fh, err := c.FormFile("photo")
	if err != nil || fh.Size == 0 {
		return "", nil
	}
	if fh.Size > media.MaxBytes {
		return media.ErrTooLarge, nil
	}
	f, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	select {
	case h.uploads <- struct{}{}:
		defer func() { <-h.uploads }()
	case <-c.Request().Context().Done():
		return "", c.Request().Context().Err()
	}
	variants, err := media.Process(f)
	var me *media.Error
	if errors.As(err, &me) {
		return me.Code, nil
	}
	if err != nil {
		return "", err
	}
	items := make([]store.MediaItem, 0, len(variants))
	for _, v := range variants {
		items = append(items, store.MediaItem{Hash: v.Hash, Ext: v.Ext, Mime: v.Mime, Variant: v.Name, Width: v.Width, Height: v.Height, Data: v.Data})
	}
	if err := h.st.SaveMedia(c.Request().Context(), userOf(c), items); err != nil {
		return "", err
	}
	cc.Photo.URL = items[0].URL()
	return "", nil
}

func (h *Handler) newCase(c echo.Context) error {
	u := userOf(c)
	if !workflow.CanCreate(u.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	p := h.printer(c)
	cc := newCaseContent()
	kept, ok, err := h.st.TakePending(c.Request().Context(), u.ID, c.Request().URL.Path)
	if err != nil {
		return err
	}
	if ok {
		cc = parseCaseForm(kept, cc, rightsOf(u.Actor(), false)).content
	}
	vm, err := h.formPage(c, p.T("title.new_case"), cc)
	if err != nil {
		return err
	}
	vm.New, vm.Action = true, views.NewCaseURL
	if err := h.copyFor(c, &vm, 0, nil, kept, ok); err != nil {
		return err
	}
	return h.render(c, http.StatusOK, views.CaseFormView(vm))
}

func (h *Handler) createCase(c echo.Context) error {
	u := userOf(c)
	if !workflow.CanCreate(u.Actor()) {
		return errs.Forbidden("error.403.message")
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	kept, err := h.keepCopy(c, 0, nil, form)
	if err != nil {
		return err
	}
	p := h.printer(c)
	cf := parseCaseForm(form, newCaseContent(), rightsOf(u.Actor(), false))
	photoErr, err := h.takePhoto(c, cf.content)
	if err != nil {
		return err
	}
	again := func(status int, fe content.FieldErrors) error {
		vm, err := h.formPage(c, p.T("title.new_case"), cf.content)
		if err != nil {
			return err
		}
		vm.New, vm.Action, vm.Errors, vm.Unsaved = true, views.NewCaseURL, fe, kept
		cf.show(&vm)
		return h.render(c, status, views.CaseFormView(vm))
	}
	if photoErr != "" {
		fe := cf.content.Validate()
		if fe == nil {
			fe = content.FieldErrors{}
		}
		fe["photo"] = photoErr
		return again(http.StatusUnprocessableEntity, fe)
	}
	if cf.again() {
		return again(http.StatusOK, nil)
	}
	id, err := h.st.CreateCase(c.Request().Context(), u, cf.content)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		return again(http.StatusUnprocessableEntity, fe)
	}
	if err != nil {
		return err
	}
	if err := h.st.EndAutosave(c.Request().Context(), u.ID, 0); err != nil {
		return err
	}
	if err := h.flash(c, "flash.created"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.StudioCaseURL(id))
}

func (h *Handler) editCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := userOf(c)
	d, err := h.st.CaseDetail(ctx, id)
	if err != nil {
		return err
	}
	if !workflow.CanEdit(u.Actor(), d.Workflow()) {
		return errs.Forbidden("error.403.message")
	}
	p := h.printer(c)
	cc, base := d.Working.Content, d.Working.ID
	kept, ok, err := h.st.TakePending(ctx, u.ID, c.Request().URL.Path)
	if err != nil {
		return err
	}
	var conf *views.Conflict
	if ok {
		m, cf, err := h.readForm(ctx, id, d, kept, rightsOf(u.Actor(), true))
		if err != nil {
			return err
		}
		cc, base = cf.content, cf.base
		if m.active() {
			// Someone saved while this person was signed out: merge it
			// now, before they press Save on old ground.
			shown, panel, _ := m.merge(cc)
			if conf, err = h.describe(ctx, p, m, panel, false); err != nil {
				return err
			}
			cc, base = shown, d.Working.ID
		}
	}
	vm, err := h.formPage(c, p.T("title.edit", d.Working.Content.DisplayName(p.Lang())), cc)
	if err != nil {
		return err
	}
	vm.ID, vm.Action, vm.Revision, vm.Conflict = id, views.EditURL(id), base, conf
	if err := h.copyFor(c, &vm, id, d, kept, ok); err != nil {
		return err
	}
	return h.render(c, http.StatusOK, views.CaseFormView(vm))
}

// readForm reads a case form sent (or kept) for case id with what it rests
// on: the revisions since the one it was opened on, and its fields parsed
// over that revision, so that the fields the form does not show read as
// unchanged by this person.
func (h *Handler) readForm(ctx context.Context, id int64, d *store.CaseDetail, form url.Values, may formRights) (*formMerge, caseForm, error) {
	formRev, mergeBase, choices := mergeArgs(form)
	m, err := h.loadMerge(ctx, id, formRev, mergeBase, choices, d.Working)
	if err != nil {
		return nil, caseForm{}, err
	}
	over := d.Working.Content
	if m.formRev != nil {
		over = m.formRev
	}
	return m, parseCaseForm(form, over, may), nil
}

// saveCase writes the form as a new revision. A form based on an older
// revision is merged with what was saved since, field by field: what only
// one side changed is taken from that side, so that nobody's change is
// undone unseen. Nothing is saved then: the conflict page shows the form
// holding the merge, says what was merged, and asks for a choice for each
// field that both sides changed. A conflict page's form is saved only
// once each of its collisions is decided.
func (h *Handler) saveCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := userOf(c)
	d, err := h.st.CaseDetail(ctx, id)
	if err != nil {
		return err
	}
	if !workflow.CanEdit(u.Actor(), d.Workflow()) {
		return errs.Forbidden("error.403.message")
	}
	form, err := c.FormParams()
	if err != nil {
		return errs.Invalid("error.400.heading")
	}
	kept, err := h.keepCopy(c, id, d, form)
	if err != nil {
		return err
	}
	p := h.printer(c)
	m, cf, err := h.readForm(ctx, id, d, form, rightsOf(u.Actor(), true))
	if err != nil {
		return err
	}
	photoErr, err := h.takePhoto(c, cf.content)
	if err != nil {
		return err
	}
	show := func(status int, cc *content.Case, revision int64, fe content.FieldErrors, conf *views.Conflict) error {
		vm, err := h.formPage(c, p.T("title.edit", d.Working.Content.DisplayName(p.Lang())), cc)
		if err != nil {
			return err
		}
		vm.ID, vm.Action, vm.Revision, vm.Errors, vm.Conflict, vm.Unsaved = id, views.EditURL(id), revision, fe, conf, kept
		cf.show(&vm)
		return h.render(c, status, views.CaseFormView(vm))
	}
	// again shows the form back. A conflict page's form stays one until
	// its collisions are decided: the panel is rebuilt around what was
	// sent, with the choices made so far.
	again := func(status int, fe content.FieldErrors, missing bool) error {
		if len(m.choices) == 0 {
			return show(status, cf.content, cf.base, fe, nil)
		}
		shown, panel, _ := m.merge(cf.content)
		conf, err := h.describe(ctx, p, m, panel, missing)
		if err != nil {
			return err
		}
		return show(status, shown, m.current.ID, fe, conf)
	}
	if photoErr != "" {
		fe := cf.content.Validate()
		if fe == nil {
			fe = content.FieldErrors{}
		}
		fe["photo"] = photoErr
		return again(http.StatusUnprocessableEntity, fe, false)
	}
	if cf.again() {
		return again(http.StatusOK, nil, false)
	}
	if m.decide(cf.content) {
		return again(http.StatusConflict, nil, true)
	}
	rev, err := h.st.SaveRevision(ctx, u, id, cf.base, cf.content)
	var fe content.FieldErrors
	var stale *store.StaleError
	switch {
	case errors.As(err, &fe):
		return again(http.StatusUnprocessableEntity, fe, false)
	case errors.As(err, &stale):
		// The contract: a stale form gets a conflict page that keeps the
		// person's text. The form comes back holding the merge, based on
		// the current revision, so that Save then keeps both sides.
		if m, err = h.loadMerge(ctx, id, cf.base, m.mergeBase, m.choices, stale.Current); err != nil {
			return err
		}
		shown, panel, _ := m.merge(cf.content)
		conf, err := h.describe(ctx, p, m, panel, false)
		if err != nil {
			return err
		}
		// A merge of two valid sides can be invalid (each cleared the
		// name of one language): say so now, beside the fields.
		var fe content.FieldErrors
		if v := shown.Validate(); v != nil {
			fe = v
		}
		return show(http.StatusConflict, shown, stale.Current.ID, fe, conf)
	case err != nil:
		return err
	}
	if err := h.st.EndAutosave(ctx, u.ID, id); err != nil {
		return err
	}
	msg := "flash.saved"
	if rev.ID == cf.base {
		msg = "flash.unchanged"
	}
	if err := h.flash(c, msg); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.StudioCaseURL(id))
}

// fieldDiffs labels the fields that differ between a and b.
func fieldDiffs(p *i18n.Printer, a, b *content.Case) []views.FieldDiff {
	var out []views.FieldDiff
	for _, f := range revdiff.Compare(a, b) {
		out = append(out, views.FieldDiff{Label: fieldLabel(p, f.Key, f.Lang), Key: f.Key, Segments: f.Segments})
	}
	return out
}

// fieldLabel names a form field in the person's language. A field of a
// prosecution (content.ProsecutionKey) is named with its prosecution,
// "Prosecution 2: Court (English)", except the four the first
// prosecution keeps from the form before prosecutions ("articles",
// "region", "detained_on", "sentenced_on"), which keep their labels.
func fieldLabel(p *i18n.Printer, key, lang string) string {
	if i, field, ok := content.ParseProsecutionKey(key); ok && strings.HasPrefix(key, "prosecutions.") {
		return p.T("field.in_prosecution", i+1, fieldLabel(p, field, langOf(field, lang)))
	}
	base := key
	if lang != "" {
		base = strings.TrimSuffix(key, "_"+lang)
	}
	label := base
	if p.Has("field." + base) {
		label = p.T("field." + base)
	}
	if lang != "" {
		label += " (" + p.T("lang.name_"+lang) + ")"
	}
	return label
}

// langOf is the language of a prosecution's field: lang when the diff
// names one, else the suffix the field's name carries ("court_en").
func langOf(field, lang string) string {
	if lang != "" {
		return lang
	}
	for _, l := range content.Langs() {
		if strings.HasSuffix(field, "_"+string(l)) {
			return string(l)
		}
	}
	return ""
}
