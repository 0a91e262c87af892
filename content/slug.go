package content

import (
	"strings"

	"github.com/gosimple/slug"
)

// MakeSlug derives a URL slug from a person's name, preferring the English
// spelling (the one the person's own documents use abroad) and
// transliterating the Russian one otherwise.
func MakeSlug(c *Case) string {
	for _, name := range []string{c.EN.Name, c.RU.Name} {
		// Soft and hard signs carry no sound of their own in a Latin
		// spelling: "Эльдар" is "eldar", not "el-dar".
		name = strings.NewReplacer("ь", "", "Ь", "", "ъ", "", "Ъ", "").Replace(name)
		if s := slug.Make(name); s != "" {
			if len(s) > 80 {
				s = strings.Trim(s[:80], "-")
			}
			return s
		}
	}
	return "case"
}
