package handlers

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"casebook/views"
)

// formTextLimit bounds the text of a form, without its files, that is
// carried through signing in or kept as an unsaved copy. It is far above
// what the case form's own field limits allow in practice.
const formTextLimit = 4 << 20

// keptBodyLimit bounds a request that carries such a text: the sign-in
// form that brings a kept form back, and the copies the case form's
// script sends. Multipart, so text is not inflated by percent-encoding.
const keptBodyLimit = "5M"

const (
	// keptPrefix marks, in the sign-in form that answers a form sent
	// without a session, the fields of that form.
	keptPrefix = "kept."
	// keptToField is the address that form was sent to.
	keptToField = "kept_to"
	// keptFormKey and keptPathKey hold a kept form in the half-signed-in
	// session, between the password and the second factor.
	keptFormKey = "kept_form"
	keptPathKey = "kept_path"
)

var errTooLarge = errors.New("form text over the limit")

// readFormText reads the fields of a form without keeping any file: a
// file part is read past (it cannot be carried through a page or kept as
// text), and says so. The text is bounded by limit.
func readFormText(r *http.Request, limit int64) (url.Values, bool, error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil {
			return nil, false, err
		}
		if int64(len(body)) > limit {
			return nil, false, errTooLarge
		}
		form, err := url.ParseQuery(string(body))
		return form, false, err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, false, err
	}
	form, file, n := url.Values{}, false, int64(0)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return form, file, nil
		}
		if err != nil {
			return nil, false, err
		}
		if part.FileName() != "" {
			m, err := io.Copy(io.Discard, part)
			if err != nil {
				return nil, false, err
			}
			file = file || m > 0
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, limit-n+1))
		if err != nil {
			return nil, false, err
		}
		if n += int64(len(b)); n > limit {
			return nil, false, errTooLarge
		}
		if name := part.FormName(); name != "" {
			form.Add(name, string(b))
		}
	}
}

// keptFields lists a form's fields for hidden inputs, repeated fields in
// the order they were sent.
func keptFields(form url.Values) []views.KeptField {
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	slices.Sort(names)
	var out []views.KeptField
	for _, name := range names {
		for _, v := range form[name] {
			out = append(out, views.KeptField{Name: keptPrefix + name, Value: v})
		}
	}
	return out
}

// keptForm is a form sent without a session that the sign-in form
// brings back: the address it was sent to and its fields.
type keptForm struct {
	to   string
	form url.Values
}

// keptOf reads the kept form that a sign-in carries, if any. Only the
// forms that are given back after signing in are taken.
func keptOf(c echo.Context) *keptForm {
	to := c.FormValue(keptToField)
	if restorePath(to) == "" {
		return nil
	}
	params, err := c.FormParams()
	if err != nil {
		return nil
	}
	k := &keptForm{to: to, form: url.Values{}}
	for name, vs := range params {
		if field, ok := strings.CutPrefix(name, keptPrefix); ok && field != "" {
			k.form[field] = vs
		}
	}
	return k
}

// carry puts a kept form back into a sign-in page that answers a wrong
// password, a throttle or the lock, so that it survives those too.
func (k *keptForm) carry(vm views.LoginPage) views.LoginPage {
	if k != nil {
		vm.KeptTo, vm.Kept, vm.Next = k.to, keptFields(k.form), restorePath(k.to)
	}
	return vm
}

// encode and decodeKept keep a kept form in the session between the
// password and the second factor.
func (k *keptForm) encode() (string, error) {
	b, err := json.Marshal(k.form)
	return string(b), err
}

func decodeKept(to, body string) *keptForm {
	if restorePath(to) == "" {
		return nil
	}
	k := &keptForm{to: to}
	if json.Unmarshal([]byte(body), &k.form) != nil {
		return nil
	}
	return k
}

// pageOf is the studio page that shows the form sent to path: the path
// itself or the nearest page above it that a GET route serves, so that
// after signing in the person is back where they pressed the button.
func pageOf(e *echo.Echo, path string) string {
	var gets [][]string
	for _, r := range e.Routes() {
		if r.Method == http.MethodGet {
			gets = append(gets, strings.Split(r.Path, "/"))
		}
	}
	for p := path; strings.HasPrefix(p, "/studio/"); p = p[:strings.LastIndex(p, "/")] {
		segs := strings.Split(p, "/")
		if slices.ContainsFunc(gets, func(parts []string) bool { return routeMatches(parts, segs) }) {
			return p
		}
	}
	return "/studio/"
}

func routeMatches(parts, segs []string) bool {
	if len(parts) != len(segs) {
		return false
	}
	for i, p := range parts {
		if p == "*" || strings.HasPrefix(p, ":") && segs[i] != "" {
			continue
		}
		if p != segs[i] {
			return false
		}
	}
	return true
}
