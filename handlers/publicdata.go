package handlers

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"casebook/content"
	"casebook/errs"
	"casebook/i18n"
	"casebook/store"
	"casebook/views"
)

// factParams are the list's filters of person facts, which take values
// other than codes and are checked by readFacts, each with a message of
// its own.
var factParams = map[string]bool{"gender": true, "citizenship": true, "born_from": true, "born_to": true, "released": true}

var (
	citizenshipFilter = regexp.MustCompile(`^[A-Z]{2}$`)
	yearFilter        = regexp.MustCompile(`^[0-9]{4}$`)
)

// readFacts checks the filters of person facts in v and puts them in q:
// gender one of content.Genders, citizenship a two-letter code in either
// case (written in capitals into v, so that the links and the cache name
// one value once), born_from and born_to years of four digits in order,
// released true or false. A wrong value is a 400 that says what the
// filter takes.
func readFacts(v url.Values, q *store.PublicQuery) error {
	if g := v.Get("gender"); g != "" {
		if !slices.Contains(content.Genders(), g) {
			return errs.Invalid("error.filter_gender")
		}
		q.Gender = g
	}
	if c := v.Get("citizenship"); c != "" {
		c = strings.ToUpper(c)
		if !citizenshipFilter.MatchString(c) {
			return errs.Invalid("error.filter_citizenship")
		}
		v.Set("citizenship", c)
		q.Citizenship = c
	}
	for _, b := range []struct {
		name string
		dst  *int
	}{{"born_from", &q.BornFrom}, {"born_to", &q.BornTo}} {
		raw := v.Get(b.name)
		if raw == "" {
			continue
		}
		y, err := strconv.Atoi(raw)
		if !yearFilter.MatchString(raw) || err != nil || y < 1000 {
			return errs.Invalid("error.filter_born")
		}
		*b.dst = y
	}
	if q.BornFrom != 0 && q.BornTo != 0 && q.BornFrom > q.BornTo {
		return errs.Invalid("error.filter_born_order")
	}
	switch r := v.Get("released"); r {
	case "", store.ReleasedYes, store.ReleasedNo:
		q.Released = r
	default:
		return errs.Invalid("error.filter_released")
	}
	return nil
}

// factLabel names a value of a filter of person facts or of the group
// filter in the reader's language; a value it does not know is shown as
// it is.
func factLabel(p *i18n.Printer, refs *store.References, name, code string) string {
	switch name {
	case "group":
		if g, ok := store.Find(refs.Groups, code); ok {
			return g.Label(p.Lang())
		}
	case "gender":
		if slices.Contains(content.Genders(), code) {
			return p.T("filter.gender_" + code)
		}
	case "released":
		if code == store.ReleasedYes || code == store.ReleasedNo {
			return p.T("filter.released_" + code)
		}
	}
	return code
}

// yearFilters puts the years of birth into the list page: two number
// fields of the filter form, and each bound in force among the active
// filters with the address without it. The static mirror has no form,
// and no page for them.
func (h *Handler) yearFilters(p *i18n.Printer, vm *views.ListPage, v url.Values) {
	l := p.Lang()
	for _, name := range []string{"born_from", "born_to"} {
		label := p.T("filter.name_" + name)
		if !h.static {
			vm.Years = append(vm.Years, views.YearInput{Name: name, Label: label, Value: v.Get(name)})
		}
		if val := v.Get(name); val != "" {
			vm.Active = append(vm.Active, views.ActiveFilter{Label: label + ": " + val, RemoveURL: h.listURL(l, with(v, name, ""), 1)})
		}
	}
}
