package handlers_test

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"casebook/handlers"
)

// originSurfaces are the answers that carry absolute links to the site.
var originSurfaces = []string{"/en/feed.atom", "/ru/feed.atom", "/sitemap.xml", "/robots.txt", "/en/cases/" + fullSlug, "/ru/", "/en/cases", "/en/stats"}

// siteLinks returns the absolute links to the site in an answer:
// canonical, alternates, og:url and og:image in a page; every address in a
// feed or the sitemap; the Sitemap line of robots.txt.
func siteLinks(t *testing.T, p string, r *response) []string {
	t.Helper()
	var out []string
	var re *regexp.Regexp
	switch {
	case strings.HasSuffix(p, ".atom"):
		re = regexp.MustCompile(`(?:href="|<id>)([^"<]*)`)
	case strings.HasSuffix(p, ".xml"):
		re = regexp.MustCompile(`(?:href="|<loc>)([^"<]*)`)
	case strings.HasSuffix(p, ".txt"):
		re = regexp.MustCompile(`(?m)^Sitemap: (.*)$`)
	}
	if re != nil {
		for _, m := range re.FindAllStringSubmatch(r.body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	d := r.doc(t)
	d.Find(`link[rel="canonical"], link[rel="alternate"][hreflang]`).Each(func(_ int, s *goquerySelection) { out = append(out, s.AttrOr("href", "")) })
	d.Find(`meta[property="og:url"], meta[property="og:image"]`).Each(func(_ int, s *goquerySelection) { out = append(out, s.AttrOr("content", "")) })
	return out
}

// checkLinks fails unless every absolute link in the answer starts with
// origin and the answer names no other origin.
func checkLinks(t *testing.T, what, p string, r *response, origin string, forged ...string) {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d", what, p, r.StatusCode)
	}
	links := siteLinks(t, p, r)
	if len(links) == 0 {
		t.Fatalf("%s %s: no links found", what, p)
	}
	for _, l := range links {
		if !strings.HasPrefix(l, origin+"/") {
			t.Errorf("%s %s: link %q does not start with %s/", what, p, l, origin)
		}
	}
	for _, f := range forged {
		if strings.Contains(strings.ToLower(r.body), strings.ToLower(f)) {
			t.Errorf("%s %s: the answer carries %q", what, p, f)
		}
	}
}

func varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return true
			}
		}
	}
	return false
}

// forged asks p with the Host and headers given (pairs), twice, so that
// the second answer comes from the page cache.
func (c *client) forged(p, host string, hdr ...string) (*response, *response) {
	ask := func() *response {
		req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+p, nil)
		if host != "" {
			req.Host = host
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		return c.do(req)
	}
	return ask(), ask()
}

// TestForgedOriginHeadersNeverReachLinks: without --base-url, links are
// built from the request, but only from its Host and, over TLS, https; a
// scheme from X-Forwarded-Proto or its cousins is not taken without
// --trust-proxy, and "javascript" never. Every answer built so says Vary:
// Host, so that a cache in front keeps one copy per host.
func TestForgedOriginHeadersNeverReachLinks(t *testing.T) {
	e := newEnv(t)
	if publishFull(t, e) == "" {
		t.Fatal("the full case has no photo")
	}
	c := e.client()
	own := e.srv.URL
	ownHost := strings.TrimPrefix(own, "http://")
	for _, tc := range []struct {
		name, host string
		hdr        []string
		origin     string
		forged     []string
	}{
		{"honest", "", nil, own, []string{"https://" + ownHost}},
		{"host and javascript scheme", "evil.example", []string{"X-Forwarded-Proto", "javascript"}, "http://evil.example", []string{"javascript"}},
		{"https without --trust-proxy", "", []string{"X-Forwarded-Proto", "https"}, own, []string{"https://" + ownHost}},
		{"other scheme headers", "", []string{"X-Forwarded-Protocol", "https", "X-Forwarded-Ssl", "on", "X-Url-Scheme", "https"}, own, []string{"https://" + ownHost}},
		{"forwarded host", "", []string{"X-Forwarded-Host", "evil.example", "Forwarded", "host=evil.example;proto=https"}, own, []string{"evil.example"}},
	} {
		for _, p := range originSurfaces {
			a, b := c.forged(p, tc.host, tc.hdr...)
			for i, r := range []*response{a, b} {
				what := tc.name + [2]string{" (rendered)", " (cached)"}[i]
				checkLinks(t, what, p, r, tc.origin, tc.forged...)
				if !varies(r.Header, "Host") || !varies(r.Header, "Accept-Encoding") || varies(r.Header, "X-Forwarded-Proto") {
					t.Errorf("%s %s: Vary %q", what, p, r.Header.Values("Vary"))
				}
			}
		}
	}
	// Open data needs no absolute link: the CSV names profiles by path
	// and the JSON has none, so neither depends on the request.
	for _, p := range []string{"/api/v1/cases.csv", "/api/v1/cases", "/api/v1/cases/" + fullSlug} {
		r, _ := c.forged(p, "evil.example", "X-Forwarded-Proto", "javascript")
		if r.StatusCode != 200 || strings.Contains(r.body, "evil") || strings.Contains(r.body, "javascript") || strings.Contains(r.body, "://"+ownHost) {
			t.Errorf("%s: %d, built from the request:\n%.300s", p, r.StatusCode, r.body)
		}
		if p == "/api/v1/cases.csv" && !strings.Contains(r.body, ",/en/cases/"+fullSlug) {
			t.Errorf("%s: no path to the profile:\n%.500s", p, r.body)
		}
	}
	// An invitation shown to an administrator.
	admin := e.login("admin")
	for _, tc := range []struct{ host, scheme, want string }{
		{"", "javascript", own + "/password?token="},
		{"evil.example", "https", "http://evil.example/password?token="},
	} {
		form := url.Values{"email": {"new-" + tc.scheme + "@example.org"}, "name": {"New"}, "role": {"researcher"}}
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/studio/users", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Proto", tc.scheme)
		if tc.host != "" {
			// The client looks cookies up by the Host it sends.
			req.Host = tc.host
			u, _ := url.Parse(e.srv.URL)
			for _, ck := range admin.jar.Cookies(u) {
				req.AddCookie(ck)
			}
		}
		r := admin.do(req)
		link := strings.TrimSpace(r.doc(t).Find("code.link").Text())
		if r.StatusCode != http.StatusOK || !strings.HasPrefix(link, tc.want) {
			t.Errorf("invitation with Host %q and X-Forwarded-Proto %q: %d, link %q", tc.host, tc.scheme, r.StatusCode, link)
		}
		if !varies(r.Header, "Host") {
			t.Errorf("invitation: Vary %q", r.Header.Values("Vary"))
		}
	}
}

// TestTrustedProxyScheme: behind a proxy (--trust-proxy) the scheme comes
// from X-Forwarded-Proto when it is exactly http or https, and the answers
// say that they vary with it.
func TestTrustedProxyScheme(t *testing.T) {
	e := newEnv(t, handlers.WithTrustProxy(true))
	publishFull(t, e)
	c := e.client()
	host := strings.TrimPrefix(e.srv.URL, "http://")
	for _, tc := range []struct {
		proto, origin string
	}{
		{"https", "https://" + host},
		{"http", "http://" + host},
		{"evil", "http://" + host},
		{"javascript", "http://" + host},
		{"HTTPS", "http://" + host},
		{"https, http", "http://" + host},
	} {
		for _, p := range originSurfaces {
			a, b := c.forged(p, "", "X-Forwarded-Proto", tc.proto)
			for _, r := range []*response{a, b} {
				checkLinks(t, "X-Forwarded-Proto "+tc.proto, p, r, tc.origin, "evil", "javascript")
				if !varies(r.Header, "Host") || !varies(r.Header, "X-Forwarded-Proto") {
					t.Errorf("%s: Vary %q", p, r.Header.Values("Vary"))
				}
			}
		}
	}
}

// TestBaseURLIgnoresTheRequest: with --base-url every link names it,
// whatever the request says, and the answers do not vary with the host.
func TestBaseURLIgnoresTheRequest(t *testing.T) {
	base := "https://casebook.example"
	for _, trust := range []bool{false, true} {
		e := newEnv(t, handlers.WithBaseURL(base), handlers.WithTrustProxy(trust))
		publishFull(t, e)
		c := e.client()
		for _, p := range originSurfaces {
			a, b := c.forged(p, "evil.example", "X-Forwarded-Proto", "javascript")
			for _, r := range []*response{a, b} {
				checkLinks(t, "base URL", p, r, base, "evil", "javascript", e.srv.URL)
				if varies(r.Header, "Host") || varies(r.Header, "X-Forwarded-Proto") {
					t.Errorf("%s: Vary %q with a base URL", p, r.Header.Values("Vary"))
				}
			}
		}
		r, _ := c.forged("/api/v1/cases.csv", "evil.example")
		if !strings.Contains(r.body, ","+base+"/en/cases/"+fullSlug) {
			t.Errorf("csv with a base URL:\n%.500s", r.body)
		}
	}
}

// rawGet sends a request line written by hand, as a client that does not
// go through net/http can, and returns the status and the body.
func rawGet(t *testing.T, e *env, target, host string) (int, http.Header, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	bufio.NewReader(res.Body).WriteTo(&b)
	return res.StatusCode, res.Header, b.String()
}

// TestAbsoluteFormRequestIsRefused: "GET http://evil.example/en/" with the
// site's own Host would make Go's server take evil.example as the host, so
// without --base-url such a request is refused with a page in the
// visitor's language, even when the cache holds that host's page; with
// --base-url it is served, with the base URL's links.
func TestAbsoluteFormRequestIsRefused(t *testing.T) {
	e := newEnv(t)
	e.publish(caseForm())
	host := strings.TrimPrefix(e.srv.URL, "http://")
	// The forged host's own page is in the cache under its name.
	e.client().forged("/en/", "evil.example")
	for _, tc := range []struct{ target, want string }{
		{"http://evil.example/en/", "The request must name a path on this site"},
		{"http://evil.example/ru/cases/aleksandr-akimushkin", "Запрос должен называть путь на этом сайте"},
		{"https://" + host + "/en/feed.atom", "The request must name a path on this site"},
	} {
		status, hdr, body := rawGet(t, e, tc.target, host)
		if status != http.StatusBadRequest || strings.Contains(body, "evil.example/") || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d\n%.600s", tc.target, status, body)
		}
		checkSecurityHeaders(t, tc.target, hdr)
	}
	// The path form is served as before.
	if status, _, body := rawGet(t, e, "/en/", host); status != http.StatusOK || !strings.Contains(body, `href="`+e.srv.URL+`/en/"`) {
		t.Errorf("origin form: %d", status)
	}

	b := newEnv(t, handlers.WithBaseURL("https://casebook.example"))
	b.publish(caseForm())
	bhost := strings.TrimPrefix(b.srv.URL, "http://")
	status, _, body := rawGet(t, b, "http://evil.example/en/", bhost)
	if status != http.StatusOK || strings.Contains(body, "evil.example") || !strings.Contains(body, `href="https://casebook.example/en/"`) {
		t.Errorf("absolute form with a base URL: %d\n%.600s", status, body)
	}
}
