package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"casebook/assets"
	"casebook/store"
)

// access is the expected status of a route for each kind of visitor.
type access struct{ anon, researcher, lawyer, editor, admin int }

// routeTable is the deliberate access of every route. A route Echo has
// that is missing here fails the test, so no route is added unchecked.
// Statuses for people allowed in are what an empty or fixture request
// gets (a form with nothing in it is a 4xx that is not 401 or 403).
var routeTable = map[string]access{
	"GET /":                  {302, 302, 302, 302, 302},
	"GET /:lang":             {301, 301, 301, 301, 301},
	"GET /:lang/":            {200, 200, 200, 200, 200},
	"GET /:lang/cases":       {200, 200, 200, 200, 200},
	"GET /:lang/cases/:slug": {200, 200, 200, 200, 200},
	"GET /:lang/stats":       {200, 200, 200, 200, 200},
	// The code walked is a region's, no group's: a group without a
	// published member has no page, for anyone.
	"GET /:lang/groups/:code": {404, 404, 404, 404, 404},
	"GET /:lang/feed.atom":    {200, 200, 200, 200, 200},
	"GET /:lang/open-data":    {200, 200, 200, 200, 200},
	"GET /robots.txt":         {200, 200, 200, 200, 200},
	"GET /sitemap.xml":        {200, 200, 200, 200, 200},
	"GET /api/v1/cases":       {200, 200, 200, 200, 200},
	"GET /api/v1/cases.csv":   {200, 200, 200, 200, 200},
	// Open data knows only published cases.
	"GET /api/v1/cases/:slug": {200, 200, 200, 200, 200},
	// One row per prosecution of a published case.
	"GET /api/v1/prosecutions":     {200, 200, 200, 200, 200},
	"GET /api/v1/prosecutions.csv": {200, 200, 200, 200, 200},
	"GET /assets/*":                {200, 200, 200, 200, 200},
	"GET /healthz":                 {200, 200, 200, 200, 200},
	"GET /login":                   {200, 303, 303, 303, 303},
	"GET /login/2fa":               {303, 303, 303, 303, 303},
	// A draft's photo exists only for the studio.
	"GET /media/:file": {404, 200, 200, 200, 200},
	// Without a valid one-time token the page is gone.
	"GET /password": {410, 410, 410, 410, 410},
	"GET /studio":   {301, 301, 301, 301, 301},

	"GET /studio/":                      {303, 200, 200, 200, 200},
	"GET /studio/account":               {303, 200, 200, 200, 200},
	"GET /studio/account/2fa":           {303, 200, 200, 200, 200},
	"GET /studio/account/2fa/qr.png":    {303, 200, 200, 200, 200}, // the enrolment page was opened first
	"GET /studio/audit":                 {303, 403, 403, 200, 200},
	"GET /studio/cases/:id":             {303, 200, 200, 200, 200},
	"GET /studio/cases/:id/compare":     {303, 200, 200, 200, 200},
	"GET /studio/cases/:id/edit":        {303, 200, 200, 200, 200},
	"GET /studio/cases/:id/history":     {303, 200, 200, 200, 200},
	"GET /studio/cases/:id/preview":     {303, 200, 200, 200, 200},
	"GET /studio/cases/new":             {303, 200, 403, 200, 200},
	"GET /studio/reference":             {303, 403, 403, 200, 200},
	"GET /studio/reference/:kind":       {303, 403, 403, 200, 200},
	"GET /studio/settings":              {303, 403, 403, 403, 200},
	"GET /studio/texts":                 {303, 403, 403, 200, 200},
	"POST /studio/texts":                {401, 403, 403, 303, 303},
	"GET /studio/users":                 {303, 403, 403, 403, 200},
	"POST /login":                       {401, 401, 401, 401, 401},
	"POST /login/2fa":                   {303, 303, 303, 303, 303},
	"POST /logout":                      {303, 303, 303, 303, 303},
	"POST /password":                    {410, 410, 410, 410, 410},
	"POST /studio/account/2fa":          {401, 422, 422, 422, 422},
	"POST /studio/account/2fa/disable":  {401, 422, 422, 422, 422},
	"POST /studio/account/password":     {401, 422, 422, 422, 422},
	"POST /studio/account/lang":         {401, 303, 303, 303, 303},
	"POST /studio/account/sessions/end": {401, 404, 404, 404, 404},
	"POST /studio/cases/:id/comments":   {401, 422, 422, 422, 422},
	// The private fields are for lawyers, editors, administrators and
	// the researcher who started the case (not the one walking here); a
	// form without them is no save.
	"GET /studio/cases/:id/private":  {303, 403, 200, 200, 200},
	"POST /studio/cases/:id/private": {401, 403, 400, 400, 400},
	// An empty form names no revision, so it is stale: 409.
	"POST /studio/cases/:id/edit":       {401, 409, 409, 409, 409},
	"POST /studio/cases/:id/restore":    {401, 400, 400, 400, 400},
	"POST /studio/cases/:id/transition": {401, 400, 400, 400, 400},
	"POST /studio/cases/:id":            {401, 400, 400, 400, 400},
	"POST /studio/cases/new":            {401, 422, 403, 422, 422},
	// An unsaved copy of a form is for whoever may use the form; an empty
	// one names no page generation.
	"POST /studio/cases/new/autosave":              {401, 400, 403, 400, 400},
	"POST /studio/cases/new/autosave/discard":      {401, 303, 403, 303, 303},
	"POST /studio/cases/:id/edit/autosave":         {401, 400, 400, 400, 400},
	"POST /studio/cases/:id/edit/autosave/discard": {401, 303, 303, 303, 303},
	"POST /studio/reference/:kind":                 {401, 403, 403, 422, 422},
	"POST /studio/reference/:kind/:code":           {401, 403, 403, 422, 422},
	"POST /studio/reference/:kind/:code/delete":    {401, 403, 403, 303, 303},
	"POST /studio/settings":                        {401, 403, 403, 403, 303},
	"POST /studio/settings/2fa":                    {401, 403, 403, 403, 303},
	"POST /studio/users":                           {401, 403, 403, 403, 422},
	"POST /studio/users/:id/2fa-reset":             {401, 403, 403, 403, 303},
	"POST /studio/users/:id/disable":               {401, 403, 403, 403, 303},
	"POST /studio/users/:id/enable":                {401, 403, 403, 403, 303},
	"POST /studio/users/:id/reset":                 {401, 403, 403, 403, 200},
	"POST /studio/users/:id/role":                  {401, 403, 403, 403, 400},

	// Review links: the studio's page of a case's links is for lawyers,
	// editors and administrators; an empty form names no label and is
	// refused beside the input, an empty revocation names no link. The
	// guest's pages answer the walk's token, which is none, with 404 for
	// anyone (reviewlinks_test.go tests real ones).
	"GET /studio/cases/:id/review-links":         {303, 403, 200, 200, 200},
	"POST /studio/cases/:id/review-links":        {401, 403, 422, 422, 422},
	"POST /studio/cases/:id/review-links/revoke": {401, 403, 404, 404, 404},
	"GET /review/:token":                         {404, 404, 404, 404, 404},
	"POST /review/:token":                        {404, 404, 404, 404, 404},
	"GET /review/:token/media/:file":             {404, 404, 404, 404, 404},
	// Consent and takedown requests: every member of staff sees the
	// decisions; the researcher walked did not create the case, so may
	// not record; a takedown is decided by those who may unpublish, and
	// an empty decision names no request.
	"GET /studio/cases/:id/consent":           {303, 200, 200, 200, 200},
	"POST /studio/cases/:id/consent":          {401, 403, 422, 422, 422},
	"POST /studio/cases/:id/takedowns":        {401, 403, 422, 422, 422},
	"POST /studio/cases/:id/takedowns/decide": {401, 403, 403, 400, 400},
}

// TestEveryRouteHasDeliberateAccess walks every route Echo has registered,
// as an anonymous visitor and as each role, and compares the answer with
// the table above.
func TestEveryRouteHasDeliberateAccess(t *testing.T) {
	who := []string{"anon", "researcher", "lawyer", "editor", "admin"}
	seen := map[string]bool{}
	for i, role := range who {
		e := newEnv(t)
		ctx := context.Background()
		// Fixtures: a draft with a photo, a published case, a person to
		// act on.
		hash := strings.Repeat("c", 64)
		if err := e.st.SaveMedia(ctx, nil, []store.MediaItem{{Hash: hash, Ext: "jpg", Mime: "image/jpeg", Variant: "profile", Width: 1, Height: 1, Data: []byte{0xff}}}); err != nil {
			t.Fatal(err)
		}
		e.publish(caseForm())
		draft := parseForm(caseForm())
		draft.EN.Name, draft.RU.Name = "Draft Person", "Черновик"
		draft.Photo.URL = "/media/" + hash + ".jpg"
		id, err := e.st.CreateCase(ctx, e.extra("author", "researcher"), draft)
		if err != nil {
			t.Fatal(err)
		}
		target := e.extra("target", "researcher")
		params := map[string]string{
			":lang": "en", ":slug": "aleksandr-akimushkin", ":id": i64(id), ":kind": "regions", ":code": "outside-russia",
			":file": hash + ".jpg", "*": strings.TrimPrefix(assets.Path("style.css"), "/assets/"),
		}
		c := e.client()
		if role != "anon" {
			c = e.login(role)
		}
		routes := e.echo.Routes()
		// Sign-out goes last: it ends the session the other requests use.
		sort.Slice(routes, func(a, b int) bool {
			if (routes[a].Path == "/logout") != (routes[b].Path == "/logout") {
				return routes[b].Path == "/logout"
			}
			return routes[a].Path < routes[b].Path
		})
		for _, r := range routes {
			if r.Method == "echo_route_not_found" || r.Method == http.MethodHead {
				continue
			}
			key := r.Method + " " + r.Path
			seen[key] = true
			want, ok := routeTable[key]
			if !ok {
				if i == 0 {
					t.Errorf("route %s has no entry in the access table", key)
				}
				continue
			}
			path := r.Path
			for p, v := range params {
				if strings.Contains(r.Path, "/users/") && p == ":id" {
					v = i64(target.ID)
				}
				path = strings.Replace(path, p, v, 1)
			}
			var res *response
			if r.Method == http.MethodGet {
				res = c.get(path)
			} else {
				res = c.post(path, url.Values{})
			}
			expect := []int{want.anon, want.researcher, want.lawyer, want.editor, want.admin}[i]
			if res.StatusCode != expect {
				t.Errorf("%s as %s: %d, want %d", key, role, res.StatusCode, expect)
			}
			checkSecurityHeaders(t, key+" as "+role, res.Header)
			// HEAD answers like GET.
			if r.Method == http.MethodGet {
				req, _ := http.NewRequest(http.MethodHead, e.srv.URL+path, nil)
				h := c.do(req)
				if h.StatusCode != expect {
					t.Errorf("HEAD %s as %s: %d, want %d", r.Path, role, h.StatusCode, expect)
				}
				checkSecurityHeaders(t, "HEAD "+r.Path+" as "+role, h.Header)
			}
		}
	}
	for key := range routeTable {
		if !seen[key] {
			t.Errorf("the access table names %s, which is not a route", key)
		}
	}
}

// footprintAll is everything a state-changing request could change: the
// whole studio as exported (cases, revisions, comments, reference lists,
// media and the audit log, which every action writes to), the accounts
// with their flags, the settings, the site texts and the sessions.
func (e *env) footprintAll() string {
	e.t.Helper()
	ctx := context.Background()
	d, err := e.st.Export(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	d.ExportedAt = ""
	users, _ := e.st.Users(ctx)
	fourEyes, _ := e.st.FourEyes(ctx)
	required, _ := e.st.Required2FA(ctx)
	texts, _ := e.st.SiteTexts(ctx)
	sessions := map[int64]int{}
	for _, u := range users {
		sessions[u.ID], _ = e.st.CountSessions(ctx, u.ID)
	}
	b, err := json.Marshal([]any{d, users, fourEyes, required, texts, sessions, e.privateFootprint()})
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

// TestEveryStateChangingRouteRefusesCrossSite posts to every route that is
// not GET or HEAD, as a signed-in administrator and as a visitor, with a
// form that would do something, from another site: each answer is 403 and
// nothing in the database changes. A new route is in the walk without
// being named.
func TestEveryStateChangingRouteRefusesCrossSite(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.publish(caseForm())
	researcher := e.login("researcher")
	id := e.createCase(researcher, caseForm())
	admin := e.login("admin")
	target := e.extra("target", "researcher")
	adminUser, _ := e.st.UserByID(ctx, e.users["admin"].ID)
	token, err := e.st.ResetPassword(ctx, adminUser, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Another session of the administrator, to be ended.
	e.login("admin")
	sessions, _ := e.st.UserSessions(ctx, e.users["admin"].ID)
	form := caseForm()
	for k, v := range map[string]string{
		"email": "evil@example.org", "password": testPassword, "name": "Evil", "role": "admin", "lang": "en",
		"id": sessions[len(sessions)-1].ID, "current": testPassword, "new": "an evil new password", "repeat": "an evil new password",
		"require_2fa": "admin", "four_eyes": "off", "code": "000000", "token": token,
		"transition": "submit", "revision": i64(e.detail(id).Case.WorkingRevisionID), "comment": "Planted comment",
		"name_ru": "Планта", "name_en": "Planted", "slug": "planted", "private_notes": "Planted private note",
	} {
		form.Set(k, v)
	}
	params := map[string]string{":id": i64(id), ":kind": "regions", ":code": "outside-russia"}
	for _, who := range []string{"admin", "anon"} {
		c := admin
		if who == "anon" {
			c = e.client()
		}
		for _, headers := range [][]string{
			{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"},
			{"Origin", "https://evil.example"},
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "same-site", "Origin", "https://studio.evil.example"},
		} {
			before := e.footprintAll()
			n := 0
			for _, r := range e.echo.Routes() {
				if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == "echo_route_not_found" {
					continue
				}
				path := r.Path
				for p, v := range params {
					if p == ":id" && strings.Contains(path, "/users/") {
						v = i64(target.ID)
					}
					path = strings.Replace(path, p, v, 1)
				}
				res := c.post(path, form, headers...)
				n++
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as %s with %v: %d, want 403", r.Method, r.Path, who, headers, res.StatusCode)
				}
				checkSecurityHeaders(t, "cross-site "+r.Path, res.Header)
				if len(res.Header.Values("Set-Cookie")) != 0 {
					t.Errorf("%s %s as %s with %v sets a cookie", r.Method, r.Path, who, headers)
				}
			}
			if n < 25 {
				t.Fatalf("only %d state-changing routes walked", n)
			}
			if after := e.footprintAll(); after != before {
				t.Errorf("cross-site posts as %s with %v changed the database", who, headers)
			}
		}
	}
	// The administrator is still signed in, and the same form from this
	// site does change things (so the refusals above were the check, not
	// a form that could do nothing).
	if r := admin.get("/studio/"); r.StatusCode != 200 {
		t.Fatalf("admin after the walk: %d", r.StatusCode)
	}
	if r := admin.post("/studio/users/"+i64(target.ID)+"/role", form, "Origin", e.srv.URL, "Sec-Fetch-Site", "same-origin"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the same role change from this site: %d", r.StatusCode)
	}
}
