package handlers

import (
	"net/http"
	"regexp"
	"strconv"

	"github.com/labstack/echo/v4"

	"casebook/auth"
)

var mediaName = regexp.MustCompile(`^([0-9a-f]{64})\.(jpg|png)$`)

// media serves an image by its content hash. The public gets it only while
// a live revision uses it, with a year-long immutable cache (the address
// changes with the bytes); a signed-in studio user gets any image, with no
// cache at all, so that a draft's photo never reaches a shared cache. To
// anyone else, a session held to enrolling a required second factor
// included, an unpublished image does not exist.
func (h *Handler) media(c echo.Context) error {
	m := mediaName.FindStringSubmatch(c.Param("file"))
	if m == nil {
		return echo.ErrNotFound
	}
	item, public, err := h.st.Media(c.Request().Context(), m[1])
	if err != nil {
		return err
	}
	if item.Ext != m[2] {
		return echo.ErrNotFound
	}
	hd := c.Response().Header()
	if public {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		if _, err := c.Cookie(auth.CookieName); err != nil {
			return echo.ErrNotFound
		}
		u, _, err := h.currentUser(c)
		if err != nil {
			return err
		}
		if u == nil {
			return echo.ErrNotFound
		}
		held, err := h.confined(c.Request().Context(), u)
		if err != nil {
			return err
		}
		if held {
			return echo.ErrNotFound
		}
		hd.Set("Cache-Control", "private, no-store")
	}
	etag := `"` + item.Hash + `"`
	hd.Set("ETag", etag)
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	hd.Set("Content-Length", strconv.Itoa(len(item.Data)))
	return c.Blob(http.StatusOK, item.Mime, item.Data)
}
