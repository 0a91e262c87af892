package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/errs"
	"casebook/store"
	"casebook/views"
)

// A site Casebook replaced (a WordPress, see package wordpress) published
// its profiles at addresses of its own: /figurant/aleksandr-akimushkin/,
// /?p=123. Links to them live on in other sites, search engines and
// people's bookmarks. Each such address the import kept answers 301 to
// the profile in the old post's language once the case is public, 410
// once it has been taken off the site, and otherwise exactly as any
// unknown address: a draft is never revealed by its old address.

// oldAddress answers a request for an old site's address: it reports
// whether it answered. It is asked only where nothing else answers (the
// error handler's 404, the root with ?p=), so that it costs nothing on
// the site's own pages and never shadows them.
func (h *Handler) oldAddress(c echo.Context) (bool, error) {
	r := c.Request()
	if r.Method != http.MethodGet && r.Method != http.MethodHead || strings.HasPrefix(r.URL.Path, "/studio") {
		return false, nil
	}
	a, err := h.st.OldAddressFor(r.Context(), store.OldPathKey(r.URL.Path, r.URL.Query()))
	if errs.Is(err, errs.KindNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, c.Redirect(http.StatusMovedPermanently, views.CaseURL(a.Lang, a.Slug))
}
