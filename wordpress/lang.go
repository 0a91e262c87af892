package wordpress

import (
	"net/url"
	"slices"
	"strings"
)

// normalizeSite writes a site's address the one way the import keys
// cases by: scheme and host in lower case, no slash at the end.
func normalizeSite(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.TrimRight(s, "/")
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	u.RawQuery, u.Fragment = "", ""
	return strings.TrimRight(u.String(), "/")
}

// normalizeLang reads a language as Polylang ("ru"), WPML ("ru",
// "ru_RU") or a locale ("en-US") names it: its language part, lower case.
func normalizeLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "_-"); i > 0 {
		s = s[:i]
	}
	return s
}

// linkTranslations completes what the source says of translations: the
// language of each post in one form, the translations Polylang lists in
// its group's description (a PHP array of language => post id), and the
// group of posts that name each other as translations. A post whose
// source says nothing stays alone.
func linkTranslations(x *Export) {
	byID := map[int64]*Post{}
	for _, p := range x.Posts {
		byID[p.ID] = p
		p.Lang = normalizeLang(p.Lang)
	}
	for _, p := range x.Posts {
		slug, ok := strings.CutPrefix(p.Group, "pll:")
		if !ok || p.Translations != nil {
			continue
		}
		if t, ok := x.Terms["post_translations"][slug]; ok {
			p.Translations = translationIDs(t.Description)
		}
	}
	// Posts that list each other share a group, whatever named it.
	for _, p := range x.Posts {
		for _, id := range p.Translations {
			q := byID[id]
			if q == nil || q == p {
				continue
			}
			switch {
			case p.Group == "" && q.Group == "":
				p.Group = "ids:" + idList(p.Translations)
				q.Group = p.Group
			case p.Group == "":
				p.Group = q.Group
			case q.Group == "":
				q.Group = p.Group
			}
		}
	}
}

// translationIDs reads Polylang's group description.
func translationIDs(desc string) map[string]int64 {
	v, err := phpUnserialize(strings.TrimSpace(desc))
	if err != nil {
		return nil
	}
	pairs, ok := v.([]phpPair)
	if !ok {
		return nil
	}
	out := map[string]int64{}
	for _, kv := range pairs {
		lang, ok := kv.Key.(string)
		if !ok {
			continue
		}
		switch id := kv.Value.(type) {
		case int64:
			out[normalizeLang(lang)] = id
		case string:
			// Some versions wrote ids as strings.
			var n int64
			for _, c := range id {
				if c < '0' || c > '9' {
					n = -1
					break
				}
				n = n*10 + int64(c-'0')
			}
			if n > 0 {
				out[normalizeLang(lang)] = n
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func idList(m map[string]int64) string {
	ids := make([]int64, 0, len(m))
	for _, id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(itoa(id))
	}
	return b.String()
}
