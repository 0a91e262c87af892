package views

import (
	"strconv"
	"strings"

	"casebook/content"
	"casebook/store"
)

// pkey names field of the i-th prosecution as the form's inputs do
// (content.ProsecutionKey).
func pkey(i int, field string) string { return content.ProsecutionKey(i, field) }

// rawOr is what the form shows in input key: the text as the person typed
// it, when the form keeps one, else value.
func (vm CaseFormPage) rawOr(key, value string) string {
	if t, ok := vm.Raw[key]; ok {
		return t
	}
	return value
}

// numberText writes a number into a form input; 0 is an empty input,
// as the term or fine that is not known.
func numberText(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// joinArticles writes articles into the form's text input, as the
// handler reads them back: "280.3 ч.1, 207.3".
func joinArticles(articles []string) string { return strings.Join(articles, ", ") }

// articleTitles names each of the articles that the reference list
// knows: "280.3 ч.1 — Public actions aimed at discrediting…", so that the
// person sees what the codes typed mean.
func articleTitles(vm CaseFormPage, articles []string) []string {
	var out []string
	for _, a := range articles {
		if it, ok := store.Find(vm.Refs.Articles, content.ArticleCode(a)); ok {
			out = append(out, a+" — "+it.Label(vm.Lang()))
		}
	}
	return out
}

// groupsOffered is whether the form offers a case group for the
// prosecution: the list has an entry in use, or the prosecution names
// one (a retired one stays shown where it is used).
func groupsOffered(vm CaseFormPage, current string) bool {
	if current != "" {
		return true
	}
	for _, g := range vm.Refs.Groups {
		if !g.Retired {
			return true
		}
	}
	return false
}

// citizenshipText writes citizenship codes into the form's input.
func citizenshipText(codes []string) string { return strings.Join(codes, ", ") }
