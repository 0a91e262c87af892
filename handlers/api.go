package handlers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
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
		out.Next = nextPage(c, "/api/v1/cases", page)
	}
	openData(c)
	return jsonBlob(c, out)
}

// publicOnly drops what a language version does not show publicly: a
// language without its required fields is not published in that language,
// nor are the texts of its prosecutions. Every case carries its
// prosecutions as the contract reads them (a case in the shape before
// them is one), beside the top-level fields derived from them.
func publicOnly(c *content.Case) *content.Case {
	c = c.Clone()
	ps := c.EffectiveProsecutions()
	for i := range ps {
		if ps[i].Articles == nil {
			ps[i].Articles = []string{}
		}
	}
	for _, l := range content.Langs() {
		if !c.Text(l).Complete() {
			*c.Text(l) = content.Text{}
			for i := range ps {
				*ps[i].Text(l) = content.ProsecutionText{}
			}
		}
	}
	c.Prosecutions = ps
	if c.Citizenship == nil {
		c.Citizenship = []string{}
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
	"locality_ru", "locality_en", "url_ru", "url_en",
	"gender", "born_on", "citizenship", "occupation_ru", "occupation_en", "groups", "prosecutions"}

// apiCSV is the open data as one spreadsheet row per case.
func (h *Handler) apiCSV(c echo.Context) error {
	// Relative addresses unless the operator named the site: a CSV needs
	// no absolute link, and one built from the request would depend on
	// its Host.
	base := h.base
	return csvAnswer(c, "cases.csv", csvColumns, func(q store.PublicQuery) (int, [][]string, error) {
		items, _, err := h.st.PublicList(c.Request().Context(), q)
		if err != nil {
			return 0, nil, err
		}
		rows := make([][]string, 0, len(items))
		for _, it := range items {
			cc := publicOnly(it.Live)
			urls := map[content.Lang]string{}
			for _, l := range content.Langs() {
				if it.Complete[l] {
					urls[l] = base + "/" + string(l) + "/cases/" + it.Slug
				}
			}
			rows = append(rows, []string{cc.Slug, cc.Status, string(cc.RecognizedOn), cc.Region, strings.Join(cc.Articles, ";"), strings.Join(cc.Categories, ";"),
				string(cc.DetainedOn), string(cc.SentencedOn), cc.Custody, cc.PlaceOfDetention, cc.RU.Name, cc.EN.Name,
				cc.RU.Headline, cc.EN.Headline, cc.RU.Sentence, cc.EN.Sentence, cc.RU.Locality, cc.EN.Locality, urls[content.RU], urls[content.EN],
				cc.Gender, string(cc.BornOn), strings.Join(cc.Citizenship, ";"), cc.RU.Occupation, cc.EN.Occupation,
				strings.Join(caseGroups(cc), ";"), strconv.Itoa(len(cc.Prosecutions))})
		}
		return len(items), rows, nil
	})
}

// csvAnswer writes a spreadsheet of the open data: the header, then the
// rows that page gives for the request's filters, 500 at a time, each
// cell kept from being read as a formula.
func csvAnswer(c echo.Context, filename string, header []string, page func(q store.PublicQuery) (n int, rows [][]string, err error)) error {
	q, _, err := apiQuery(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so that spreadsheet programs read UTF-8
	w := csv.NewWriter(&buf)
	w.Write(header)
	q.Offset = 0
	for {
		q.Limit = 500
		n, rows, err := page(q)
		if err != nil {
			return err
		}
		for _, row := range rows {
			for i := range row {
				row[i] = cell(row[i])
			}
			w.Write(row)
		}
		if n < q.Limit {
			break
		}
		q.Offset += q.Limit
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	openData(c)
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
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

// caseGroups lists the groups of the case's prosecutions, each once.
func caseGroups(c *content.Case) []string {
	var out []string
	for _, p := range c.Prosecutions {
		if p.Group != "" && !slices.Contains(out, p.Group) {
			out = append(out, p.Group)
		}
	}
	return out
}

// apiProsecutionList is the answer of /api/v1/prosecutions.
type apiProsecutionList struct {
	Total        int              `json:"total"`
	Page         int              `json:"page"`
	PerPage      int              `json:"per_page"`
	Prosecutions []apiProsecution `json:"prosecutions"`
	Next         string           `json:"next,omitempty"`
}

// apiProsecution is a prosecution of the open data: the case JSON's
// prosecution with the case's slug and its place among the case's
// prosecutions.
type apiProsecution struct {
	Slug  string `json:"slug"`
	Index int    `json:"index"`
	content.Prosecution
}

// apiProsecutions is open data: one row per prosecution of a published
// case, so that people and prosecutions can be counted apart, paged and
// filtered like the cases (store.PublicProsecutions says which filters
// select the person and which the prosecution).
func (h *Handler) apiProsecutions(c echo.Context) error {
	q, page, err := apiQuery(c)
	if err != nil {
		return err
	}
	rows, total, err := h.st.PublicProsecutions(c.Request().Context(), q)
	if err != nil {
		return err
	}
	out := apiProsecutionList{Total: total, Page: page, PerPage: q.Limit, Prosecutions: []apiProsecution{}}
	for _, r := range rows {
		out.Prosecutions = append(out.Prosecutions, apiProsecution{Slug: r.Slug, Index: r.Index, Prosecution: r.Prosecution})
	}
	if page*q.Limit < total {
		out.Next = nextPage(c, "/api/v1/prosecutions", page)
	}
	openData(c)
	return jsonBlob(c, out)
}

// nextPage is the address of the next page of an open data list, with
// only the parameters the list reads: a stray one in the request must not
// reach an answer the cache gives others.
func nextPage(c echo.Context, path string, page int) string {
	v := url.Values{}
	for _, k := range apiParams {
		if val := c.QueryParam(k); val != "" {
			v.Set(k, val)
		}
	}
	v.Set("page", strconv.Itoa(page+1))
	return path + "?" + v.Encode()
}

// prosecutionColumns are the columns of the prosecutions' CSV, in order;
// the open data page explains each ("opendata.pcsv." + column).
var prosecutionColumns = []string{"slug", "index", "group", "articles", "region", "opened_on", "detained_on", "verdict_on", "stage",
	"sentence_kind", "sentence_months", "sentence_regime", "fine_rub", "release_expected_on", "released_on", "released_how",
	"court_ru", "court_en", "judge_ru", "judge_en", "prosecutor_ru", "prosecutor_en", "note_ru", "note_en"}

// apiProsecutionsCSV is the prosecutions as one spreadsheet row each.
func (h *Handler) apiProsecutionsCSV(c echo.Context) error {
	return csvAnswer(c, "prosecutions.csv", prosecutionColumns, func(q store.PublicQuery) (int, [][]string, error) {
		found, _, err := h.st.PublicProsecutions(c.Request().Context(), q)
		if err != nil {
			return 0, nil, err
		}
		rows := make([][]string, 0, len(found))
		for _, r := range found {
			p, s := r.Prosecution, r.Prosecution.Sentence
			rows = append(rows, []string{r.Slug, strconv.Itoa(r.Index), p.Group, strings.Join(p.Articles, ";"), p.Region,
				string(p.OpenedOn), string(p.DetainedOn), string(p.VerdictOn), p.Stage,
				s.Kind, strconv.Itoa(s.Months), s.Regime, strconv.FormatInt(s.FineRub, 10),
				string(s.ReleaseExpectedOn), string(s.ReleasedOn), s.ReleasedHow,
				p.RU.Court, p.EN.Court, p.RU.Judge, p.EN.Judge, p.RU.Prosecutor, p.EN.Prosecutor, p.RU.Note, p.EN.Note})
		}
		return len(found), rows, nil
	})
}
