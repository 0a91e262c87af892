package wordpress

import (
	"testing"
)

// TestToMarkdown: what a WordPress post's HTML holds becomes the
// Markdown the editor writes: headings from ## (a post's h1 too, as a
// page has one h1, the name), lists with their nesting, links, images,
// emphasis, quotes and tables; the block editor's comments and scripts
// leave nothing.
func TestToMarkdown(t *testing.T) {
	for _, c := range []struct{ name, html, want string }{
		{"headings", `<h1>Суд</h1><h2>Приговор</h2><h3>Апелляция</h3>`, "## Суд\n\n## Приговор\n\n### Апелляция"},
		{"lists", `<ul><li>один</li><li>два<ul><li>вложенный</li></ul></li></ul><ol><li>первый</li><li>второй</li></ol>`,
			"- один\n- два\n  \n  - вложенный\n\n1. первый\n2. второй"},
		{"links", `<p>См. <a href="https://ovd.info/x">ОВД-Инфо</a> и <a href="https://politzek.example.org/?p=14">дело</a>.</p>`,
			"См. [ОВД-Инфо](https://ovd.info/x) и [дело](https://politzek.example.org/?p=14)."},
		{"images", `<figure class="wp-block-image"><img src="https://politzek.example.org/wp-content/uploads/a.jpg" alt="Суд"/><figcaption>Зал суда</figcaption></figure>`,
			"![Суд](https://politzek.example.org/wp-content/uploads/a.jpg)\n\nЗал суда"},
		{"emphasis", `<p><strong>Важно:</strong> <em>письма</em> <del>старый адрес</del></p>`, "**Важно:** *письма* ~~старый адрес~~"},
		{"quote", `<blockquote class="wp-block-quote"><p>Я не виновен.</p></blockquote>`, "> Я не виновен."},
		{"table", `<table><tr><th>Дата</th><th>Событие</th></tr><tr><td>2024</td><td>Арест</td></tr></table>`, "| Дата | Событие |\n|------|---------|\n| 2024 | Арест   |"},
		{"blocks and scripts", "<!-- wp:paragraph -->\n<p>Текст</p>\n<!-- /wp:paragraph --><script>alert(1)</script><style>p{}</style>", "Текст"},
		{"markdown in text stays text", `<p>1. не список, *не курсив*</p>`, `1\. не список, \*не курсив*`},
	} {
		got, err := ToMarkdown(c.html)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s:\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
}

// TestAutop: raw classic content gets its paragraphs as WordPress shows
// them, and block content is left as it is.
func TestAutop(t *testing.T) {
	raw := "<h2>Кто</h2>\nПервый абзац,\nс переносом.\n\nВторой.\n<ul>\n \t<li>пункт</li>\n</ul>\n[caption id=\"attachment_30\" align=\"alignnone\"]<img src=\"a.jpg\" alt=\"x\" /> Подпись[/caption]"
	md, err := ToMarkdown(autop(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := "## Кто\n\nПервый абзац,  \nс переносом.\n\nВторой.\n\n- пункт\n\n![x](a.jpg) Подпись"
	if md != want {
		t.Errorf("%q\nwant\n%q", md, want)
	}
	block := "<!-- wp:paragraph -->\n<p>Текст</p>\n<!-- /wp:paragraph -->"
	if autop(block) != block {
		t.Errorf("block content changed: %q", autop(block))
	}
}

// TestHeadlineHelpers: a post without an excerpt has the start of its
// text as headline, cut at a word.
func TestHeadlineHelpers(t *testing.T) {
	if got := firstParagraph("<h2>Заголовок</h2><p> </p><p>Первый <b>абзац</b> текста.</p><p>Второй.</p>", 300); got != "Первый абзац текста." {
		t.Errorf("first paragraph %q", got)
	}
	if got := cutWords("один два три четыре", 12); got != "один два…" {
		t.Errorf("cut %q", got)
	}
	if got := plainText(`Aleksandr &#8220;Sasha&#8221; <em>Akimushkin</em> &amp; co`); got != "Aleksandr “Sasha” Akimushkin & co" {
		t.Errorf("plain %q", got)
	}
}

// TestPHPUnserialize: the serialized arrays WordPress stores read as
// data; anything else is refused, never run.
func TestPHPUnserialize(t *testing.T) {
	if got := translationIDs(`a:2:{s:2:"ru";i:12;s:2:"en";i:13;}`); got["ru"] != 12 || got["en"] != 13 || len(got) != 2 {
		t.Errorf("translations %v", got)
	}
	if got := metaValues(`a:2:{i:0;s:5:"280.3";i:1;s:10:"207.3 ч.2";}`); len(got) != 2 || got[1] != "207.3 ч.2" {
		t.Errorf("values %q", got)
	}
	for _, bad := range []string{`O:8:"stdClass":0:{}`, `a:1:{s:2:"ru";i:12;`, `s:5:"abc";`, `a:99999999:{}`, `a:1:{a:0:{}i:1;}`, ``} {
		if _, err := phpUnserialize(bad); err == nil {
			t.Errorf("%q read", bad)
		}
	}
	if got := metaValues(`a:1:{i:0;a:0:{}}`); len(got) != 1 || got[0] != `a:1:{i:0;a:0:{}}` {
		t.Errorf("a nested array stays as it is: %q", got)
	}
}
