package content

import (
	"regexp"
	"strings"

	"github.com/gosimple/slug"
)

// notSlug is what may not stand in a slug; gosimple/slug keeps "_".
var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

// MakeSlug derives a URL slug from a person's name, preferring the English
// spelling (the one the person's own documents use abroad) and
// transliterating the Russian one otherwise.
func MakeSlug(c *Case) string {
	for _, name := range []string{c.EN.Name, c.RU.Name} {
		// Soft and hard signs carry no sound of their own in a Latin
		// spelling: "Эльдар" is "eldar", not "el-dar".
		name = strings.NewReplacer("ь", "", "Ь", "", "ъ", "", "Ъ", "").Replace(name)
		s := strings.Trim(notSlug.ReplaceAllString(slug.Make(name), "-"), "-")
		if len(s) > 80 {
			s = strings.Trim(s[:80], "-")
		}
		if s != "" {
			return s
		}
	}
	return "case"
}
