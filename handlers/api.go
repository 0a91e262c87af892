package handlers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/content"
	"casebook/errs"
	"casebook/store"
)

// apiList is the answer of /api/v1/cases.
type apiList struct {
	Total   int             `json:"total"`
	Page    int             `json:"page"`
	PerPage int             `json:"per_page"`
	Cases   []*content.Case `json:"cases"`
	Next    string          `json:"next,omitempty"`
}

// apiQuery reads the list filters and paging of an open-data request.
func apiQuery(c echo.Context) (store.PublicQuery, int, error) {
	q, page, _, err := listQuery(c)
	if err != nil {
		return q, 0, err
	}
	per := 50
	if raw := c.QueryParam("per_page"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 500 {
			return q, 0, errs.Invalid("error.page")
		}
		per = n
	}
	q.Limit, q.Offset, q.WithContent = per, (page-1)*per, true
	return q, page, nil
}

func openData(c echo.Context) {
	hd := c.Response().Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Cache-Control", "public, max-age=60, must-revalidate")
}

// apiCases is open data: published cases in the case JSON of the design,
// paged and filtered like the public list. Drafts never appear.
func (h *Handler) apiCases(c echo.Context) error {
	q, page, err := apiQuery(c)
	if err != nil {
		return err
	}
	items, total, err := h.st.PublicList(c.Request().Context(), q)
	if err != nil {
		return err
	}
	out := apiList{Total: total, Page: page, PerPage: q.Limit, Cases: []*content.Case{}}
	for _, it := range items {
		out.Cases = append(out.Cases, publicOnly(it.Live))
	}
	if page*q.Limit < total {
		// Only the parameters the list reads: a stray one in the request
		// must not reach an answer the cache gives others.
		v := url.Values{}
		for _, k := range apiParams {
			if val := c.QueryParam(k); val != "" {
				v.Set(k, val)
			}
		}
		v.Set("page", strconv.Itoa(page+1))
		out.Next = "/api/v1/cases?" + v.Encode()
	}
	openData(c)
	return jsonBlob(c, out)
}

// publicOnly drops what a language version does not show publicly: a
// language without its required fields is not published in that language.
func publicOnly(c *content.Case) *content.Case {
	c = c.Clone()
	for _, l := range content.Langs() {
		if !c.Text(l).Complete() {
			*c.Text(l) = content.Text{}
		}
	}
	return c
}

func jsonBlob(c echo.Context, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}

func (h *Handler) apiCase(c echo.Context) error {
	slug := c.Param("slug")
	if !slugPattern.MatchString(slug) || len(slug) > 120 {
		return echo.ErrNotFound
	}
	pc, err := h.st.PublicCaseBySlug(c.Request().Context(), slug)
	var moved *store.MovedError
	if errors.As(err, &moved) {
		openData(c)
		return c.Redirect(http.StatusMovedPermanently, "/api/v1/cases/"+moved.Slug)
	}
	if err != nil {
		return err
	}
	cc := pc.Live.Content.Clone()
	cc.Slug = pc.Case.Slug
	openData(c)
	return jsonBlob(c, publicOnly(cc))
}

// csvColumns are the columns of the open data's CSV, in order; the open
// data page explains each ("opendata.csv." + column).
var csvColumns = []string{"slug", "status", "recognized_on", "region", "articles", "categories", "detained_on", "sentenced_on",
	"custody", "place_of_detention", "name_ru", "name_en", "headline_ru", "headline_en", "sentence_ru", "sentence_en",
	"locality_ru", "locality_en", "url_ru", "url_en"}

// apiCSV is the open data as one spreadsheet row per case.
func (h *Handler) apiCSV(c echo.Context) error {
	q, _, err := apiQuery(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so that spreadsheet programs read UTF-8
	w := csv.NewWriter(&buf)
	w.Write(csvColumns)
	q.Offset = 0
	// Relative addresses unless the operator named the site: a CSV needs
	// no absolute link, and one built from the request would depend on
	// its Host.
	base := h.base
	for {
		q.Limit = 500
		items, _, err := h.st.PublicList(c.Request().Context(), q)
		if err != nil {
			return err
		}
		for _, it := range items {
			cc := publicOnly(it.Live)
			urls := map[content.Lang]string{}
			for _, l := range content.Langs() {
				if it.Complete[l] {
					urls[l] = base + "/" + string(l) + "/cases/" + it.Slug
				}
			}
			row := []string{cc.Slug, cc.Status, string(cc.RecognizedOn), cc.Region, strings.Join(cc.Articles, ";"), strings.Join(cc.Categories, ";"),
				string(cc.DetainedOn), string(cc.SentencedOn), cc.Custody, cc.PlaceOfDetention, cc.RU.Name, cc.EN.Name,
				cc.RU.Headline, cc.EN.Headline, cc.RU.Sentence, cc.EN.Sentence, cc.RU.Locality, cc.EN.Locality, urls[content.RU], urls[content.EN]}
			for i := range row {
				row[i] = cell(row[i])
			}
			w.Write(row)
		}
		if len(items) < q.Limit {
			break
		}
		q.Offset += q.Limit
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	openData(c)
	c.Response().Header().Set("Content-Disposition", `attachment; filename="cases.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// cell keeps a spreadsheet from reading text as a formula: a cell that
// starts with =, +, -, @ or a control character gets a leading apostrophe.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
