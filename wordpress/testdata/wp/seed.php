<?php
/**
 * Writes the fixture's content into the WordPress that setup.sh runs, through
 * WordPress's own API, as an editor's saves would:
 *
 *   php wordpress/testdata/wp/seed.php [--edit] [PORT]
 *
 * - two published profiles of the custom post type "figurant", each in
 *   Russian and in English, the two linked as translations (Polylang's data
 *   model, see casebook-fixture.php): block-editor HTML with an h2, a list,
 *   bold text, a link out, an image from the media library (a resized size,
 *   as the editor inserts it) and a link to the other profile's permalink;
 *   an excerpt; post meta (region, articles, detained_on, status,
 *   birth_year); categories and tags, themselves translated; a featured
 *   JPEG that carries GPS EXIF, a camera serial number and the time it was
 *   taken (the same attachment for both languages, as Polylang keeps it
 *   unless media are translated);
 * - one draft profile (Russian only): in the WXR, not in the public REST API;
 * - one ordinary post announcing a recognition (Russian only), with a
 *   featured image and links to both profiles.
 *
 * Idempotent: posts are found by their type and slug, attachments by their
 * file, terms by their slug; a post is only saved again when a field
 * differs, so a second run changes nothing (not even the modified dates).
 * --edit changes one field, Pyotr Sosnovsky's English excerpt, as an editor
 * would between two imports; a run without it puts the original back.
 *
 * PORT (default $WP_PORT or 18090) only picks the configuration file, as
 * the web server's Host header does; the addresses come from WP_HOME.
 */

if (PHP_SAPI !== 'cli') {
	exit(1);
}
$edit = false;
$port = getenv('WP_PORT') ?: '18090';
foreach (array_slice($argv, 1) as $a) {
	if ($a === '--edit') {
		$edit = true;
	} elseif (ctype_digit($a)) {
		$port = $a;
	} else {
		fwrite(STDERR, "usage: php seed.php [--edit] [PORT]\n");
		exit(2);
	}
}
// Debian's wp-config.php picks /etc/wordpress/config-<host>.php by the host.
$_SERVER['HTTP_HOST'] = "127.0.0.1:$port";
$_SERVER['REQUEST_URI'] = '/';

function fail($msg)
{
	fwrite(STDERR, "seed.php: $msg\n");
	exit(1);
}
set_error_handler(function ($no, $str, $file, $line) {
	// Notices from WordPress itself are its business; ours are fatal.
	if ($file === __FILE__) {
		fail("$str at line $line");
	}
	return false;
});

require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

if (!post_type_exists('figurant') || !taxonomy_exists('language')) {
	fail('the figurant post type is not registered: run setup.sh first (it installs the must-use plugin)');
}
// The administrator saves, as in the editor (so no HTML is filtered away).
wp_set_current_user(1);

function check($r, $what)
{
	if (is_wp_error($r)) {
		fail("$what: " . $r->get_error_message());
	}
	if (!$r) {
		fail("$what failed");
	}
	return $r;
}

/** A term of $tax with this slug, created or updated. Returns its id. */
function term($tax, $slug, $name, $description = '')
{
	$t = get_term_by('slug', $slug, $tax);
	if (!$t) {
		$r = check(wp_insert_term($name, $tax, ['slug' => $slug, 'description' => $description]), "term $tax/$slug");
		return (int) $r['term_id'];
	}
	if ($t->name !== $name || $t->description !== $description) {
		check(wp_update_term($t->term_id, $tax, ['name' => $name, 'description' => $description]), "term $tax/$slug");
	}
	return (int) $t->term_id;
}

// --- Languages, as Polylang stores them.
$langs = [
	'ru' => ['name' => 'Русский', 'locale' => 'ru_RU', 'flag' => 'ru', 'order' => 0],
	'en' => ['name' => 'English', 'locale' => 'en_US', 'flag' => 'us', 'order' => 1],
];
foreach ($langs as $slug => $l) {
	$id = term('language', $slug, $l['name'], serialize(['locale' => $l['locale'], 'rtl' => 0, 'flag_code' => $l['flag']]));
	global $wpdb;
	$wpdb->update($wpdb->terms, ['term_group' => $l['order']], ['term_id' => $id]);
	term('term_language', "pll_$slug", $l['name']);
}
clean_term_cache([], 'language');

/** A group of translations (Polylang's "post_translations" or "term_translations"). */
function link_translations($tax, $ids)
{
	// For terms, Polylang relates the term ids as objects, the same way.
	$existing = wp_get_object_terms($ids['ru'], $tax);
	$desc = serialize($ids);
	if ($existing && !is_wp_error($existing)) {
		$tid = (int) $existing[0]->term_id;
		if ($existing[0]->description !== $desc) {
			check(wp_update_term($tid, $tax, ['description' => $desc]), "$tax group");
		}
	} else {
		$name = uniqid('pll_'); // Polylang names the group this way
		$r = check(wp_insert_term($name, $tax, ['slug' => $name, 'description' => $desc]), "$tax group");
		$tid = (int) $r['term_id'];
	}
	foreach ($ids as $id) {
		check(!is_wp_error(wp_set_object_terms($id, [$tid], $tax)), "$tax of $id");
	}
}

/** A category or tag in both languages, linked. Returns ['ru' => id, 'en' => id]. */
function translated_term($tax, $ru, $en)
{
	$ids = [];
	foreach (['ru' => $ru, 'en' => $en] as $lang => [$slug, $name]) {
		$ids[$lang] = term($tax, $slug, $name);
		check(!is_wp_error(wp_set_object_terms($ids[$lang], ["pll_$lang"], 'term_language')), "language of $tax/$slug");
	}
	link_translations('term_translations', $ids);
	return $ids;
}

$antiwar = translated_term('category', ['antivoennye-dela', 'Антивоенные дела'], ['anti-war-cases', 'Anti-war cases']);
$journalists = translated_term('category', ['zhurnalisty', 'Журналисты'], ['journalists', 'Journalists']);
$recognitions = translated_term('category', ['priznaniya', 'Признания'], ['recognitions', 'Recognitions']);
$arkhangelsk = translated_term('post_tag', ['arkhangelskaya-oblast', 'Архангельская область'], ['arkhangelsk-oblast', 'Arkhangelsk Oblast']);
$kaliningrad = translated_term('post_tag', ['kaliningradskaya-oblast', 'Калининградская область'], ['kaliningrad-oblast', 'Kaliningrad Oblast']);

/**
 * A post of $type with this slug, created or brought to $fields. Returns its id.
 * $fields are wp_insert_post's; only the ones given are compared.
 */
function upsert($type, $slug, $fields, $meta = [], $terms = [], $lang = null)
{
	$found = get_posts([
		'post_type' => $type,
		'name' => $slug,
		'post_status' => 'any',
		'numberposts' => 2,
		'suppress_filters' => true,
	]);
	if (count($found) > 1) {
		fail("two posts of type $type have the slug $slug");
	}
	$want = $fields + ['post_type' => $type, 'post_name' => $slug, 'post_author' => 1, 'comment_status' => 'closed', 'ping_status' => 'closed'];
	if (!$found) {
		$id = check(wp_insert_post(wp_slash($want), true), "inserting $type $slug");
		$got = get_post($id)->post_name;
		if ($got !== $slug) {
			fail("WordPress gave $type $slug the slug $got");
		}
	} else {
		// Read afresh: for a draft, WP_Query sets the date to now (a preview).
		$post = get_post($found[0]->ID);
		$id = $post->ID;
		$diff = [];
		foreach ($want as $k => $v) {
			if ((string) $post->$k !== (string) $v) {
				$diff[$k] = $v;
			}
		}
		if ($diff) {
			$diff['ID'] = $id;
			if (isset($diff['post_date'])) {
				$diff['edit_date'] = true;
			}
			check(wp_update_post(wp_slash($diff), true), "updating $type $slug");
			echo "updated $type $slug: " . implode(', ', array_diff(array_keys($diff), ['ID', 'edit_date'])) . "\n";
		}
	}
	foreach ($meta as $k => $v) {
		if (get_post_meta($id, $k, true) !== $v) {
			update_post_meta($id, $k, wp_slash($v));
		}
	}
	foreach ($terms as $tax => $ids) {
		check(!is_wp_error(wp_set_object_terms($id, $ids, $tax)), "$tax of $slug");
	}
	if ($lang) {
		check(!is_wp_error(wp_set_object_terms($id, [$lang], 'language')), "language of $slug");
	}
	return $id;
}

/** An image from testdata uploaded to the media library, once. Returns its id. */
function attachment($file, $parent, $title, $caption, $alt)
{
	$found = get_posts([
		'post_type' => 'attachment',
		'post_status' => 'inherit',
		'numberposts' => 1,
		'meta_query' => [['key' => '_wp_attached_file', 'value' => '/' . $file, 'compare' => 'LIKE']],
	]);
	if ($found) {
		$id = $found[0]->ID;
	} else {
		// media_handle_sideload moves the file: give it a copy.
		$tmp = wp_tempnam($file);
		copy(__DIR__ . '/' . $file, $tmp) or fail("cannot copy $file");
		// Dated as the post it was uploaded to, like its folder (uploads/YYYY/MM).
		$date = get_post($parent)->post_date;
		$id = check(media_handle_sideload(['name' => $file, 'tmp_name' => $tmp], $parent, $title, [
			'post_excerpt' => $caption,
			'post_date' => $date,
			'post_date_gmt' => $date,
		]), "uploading $file");
		echo "uploaded $file\n";
	}
	if (get_post_meta($id, '_wp_attachment_image_alt', true) !== $alt) {
		update_post_meta($id, '_wp_attachment_image_alt', $alt);
	}
	return $id;
}

/** The block editor's markup for an image of the library in its medium size. */
function image_block($id, $alt, $caption)
{
	[$src] = wp_get_attachment_image_src($id, 'medium');
	return "<!-- wp:image {\"id\":$id,\"sizeSlug\":\"medium\",\"linkDestination\":\"none\"} -->\n"
		. "<figure class=\"wp-block-image size-medium\"><img src=\"" . esc_url($src) . "\" alt=\"" . esc_attr($alt) . "\" class=\"wp-image-$id\"/>"
		. "<figcaption class=\"wp-element-caption\">" . esc_html($caption) . "</figcaption></figure>\n"
		. "<!-- /wp:image -->";
}

function p($html)
{
	return "<!-- wp:paragraph -->\n<p>$html</p>\n<!-- /wp:paragraph -->";
}
function h2($text)
{
	return "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">$text</h2>\n<!-- /wp:heading -->";
}
function ul($items)
{
	return "<!-- wp:list -->\n<ul><li>" . implode('</li><li>', $items) . "</li></ul>\n<!-- /wp:list -->";
}
function blocks(...$b)
{
	return implode("\n\n", $b);
}

// --- First pass: every post exists, so that permalinks are known.
$profiles = [
	'sosnovsky' => [
		'ru' => ['slug' => 'petr-sosnovskiy', 'title' => 'Пётр Сосновский', 'date' => '2024-11-20 10:00:00'],
		'en' => ['slug' => 'pyotr-sosnovsky', 'title' => 'Pyotr Sosnovsky', 'date' => '2024-11-21 10:00:00'],
	],
	'belova' => [
		'ru' => ['slug' => 'anna-belova', 'title' => 'Анна Белова', 'date' => '2024-02-01 09:00:00'],
		// Polylang without Pro wants a slug per post: the editor's second
		// "anna-belova" became "anna-belova-2", as WordPress makes it unique.
		'en' => ['slug' => 'anna-belova-2', 'title' => 'Anna Belova', 'date' => '2024-02-02 09:00:00'],
	],
];
$ids = [];
foreach ($profiles as $who => $versions) {
	foreach ($versions as $lang => $v) {
		$ids[$who][$lang] = upsert('figurant', $v['slug'], [
			'post_title' => $v['title'],
			'post_status' => 'publish',
			'post_date' => $v['date'],
			'post_date_gmt' => $v['date'],
		], [], [], $lang);
	}
}
$link = function ($who, $lang) use ($ids) {
	return get_permalink($ids[$who][$lang]);
};

$photo = [
	'sosnovsky' => attachment('sosnovsky.jpg', $ids['sosnovsky']['ru'], 'Пётр Сосновский', 'Фото из семейного архива', 'Пётр Сосновский'),
	'belova' => attachment('belova.jpg', $ids['belova']['ru'], 'Анна Белова', 'Фото: «Свободная редакция»', 'Анна Белова'),
];
$court = attachment('court.jpg', $ids['sosnovsky']['ru'], 'Суд', 'Архангельский областной суд', 'Здание суда');

// --- Second pass: the full profiles.
$text = [
	'sosnovsky' => [
		'ru' => [
			'excerpt' => 'Пенсионер из Архангельска, осуждён за посты против войны.',
			'content' => blocks(
				p('Пётр Сосновский, пенсионер из <strong>Архангельска</strong>, писал во «ВКонтакте» о войне в Украине.'),
				h2('Уголовное дело'),
				ul(['Май 2024: задержан, дело по ч. 1 ст. 280.3 УК РФ.', 'Сентябрь 2024: приговор, 20 месяцев колонии общего режима.']),
				image_block($court, 'Здание суда', 'Архангельский областной суд'),
				h2('Как поддержать'),
				p('Подробности в <a href="https://example.org/news/sosnovskiy">репортаже из суда</a>. По похожему делу преследуют <a href="' . esc_url($link('belova', 'ru')) . '">Анну Белову</a>.')
			),
			'meta' => ['region' => 'arkhangelsk-oblast', 'articles' => '280.3 ч.1', 'detained_on' => '2024-05', 'status' => 'political_prisoner', 'birth_year' => '1958'],
			'terms' => ['category' => [$antiwar['ru']], 'post_tag' => [$arkhangelsk['ru']]],
		],
		'en' => [
			'excerpt' => $edit
				? 'An Arkhangelsk pensioner serving 20 months for anti-war posts.'
				: 'A pensioner from Arkhangelsk, convicted over anti-war posts.',
			'content' => blocks(
				p('Pyotr Sosnovsky, a pensioner from <strong>Arkhangelsk</strong>, wrote about the war in Ukraine on VKontakte.'),
				h2('The criminal case'),
				ul(['May 2024: detained, charged under Article 280.3 Part 1 of the Criminal Code.', 'September 2024: sentenced to 20 months in a general-regime penal colony.']),
				image_block($court, 'The court building', 'Arkhangelsk Regional Court'),
				h2('How to help'),
				p('More in a <a href="https://example.org/en/news/sosnovsky">report from the court</a>. <a href="' . esc_url($link('belova', 'en')) . '">Anna Belova</a> is prosecuted in a similar case.')
			),
			'meta' => ['region' => 'arkhangelsk-oblast', 'articles' => '280.3 ч.1', 'detained_on' => '2024-05', 'status' => 'political_prisoner', 'birth_year' => '1958'],
			'terms' => ['category' => [$antiwar['en']], 'post_tag' => [$arkhangelsk['en']]],
		],
	],
	'belova' => [
		'ru' => [
			'excerpt' => 'Журналистка из Калининграда, обвинённая в «фейках» об армии.',
			'content' => blocks(
				p('Анна Белова работала корреспондентом независимого издания в Калининграде.'),
				h2('Обвинение'),
				ul(['Ноябрь 2023: обыск и задержание.', 'Ст. 207.3 ч.2 УК РФ: до 10 лет лишения свободы.']),
				p('Её коллега <a href="' . esc_url($link('sosnovsky', 'ru')) . '">Пётр Сосновский</a> осуждён по другой статье. <a href="https://example.org/belova">Письмо Анне</a>.')
			),
			'meta' => ['region' => 'kaliningrad-oblast', 'articles' => '207.3 ч.2', 'detained_on' => '2023-11', 'status' => 'persecuted', 'birth_year' => '1991'],
			'terms' => ['category' => [$journalists['ru'], $antiwar['ru']], 'post_tag' => [$kaliningrad['ru']]],
		],
		'en' => [
			'excerpt' => 'A Kaliningrad journalist charged with "fakes" about the army.',
			'content' => blocks(
				p('Anna Belova was a correspondent of an independent outlet in Kaliningrad.'),
				h2('The charge'),
				ul(['November 2023: searched and detained.', 'Article 207.3 Part 2: up to 10 years in prison.']),
				p('<a href="' . esc_url($link('sosnovsky', 'en')) . '">Pyotr Sosnovsky</a> was convicted under another article. <a href="https://example.org/en/belova">Write to Anna</a>.')
			),
			'meta' => ['region' => 'kaliningrad-oblast', 'articles' => '207.3 ч.2', 'detained_on' => '2023-11', 'status' => 'persecuted', 'birth_year' => '1991'],
			'terms' => ['category' => [$journalists['en'], $antiwar['en']], 'post_tag' => [$kaliningrad['en']]],
		],
	],
];
foreach ($text as $who => $versions) {
	foreach ($versions as $lang => $t) {
		$v = $profiles[$who][$lang];
		upsert('figurant', $v['slug'], [
			'post_title' => $v['title'],
			'post_status' => 'publish',
			'post_date' => $v['date'],
			'post_date_gmt' => $v['date'],
			'post_excerpt' => $t['excerpt'],
			'post_content' => $t['content'],
		], $t['meta'], $t['terms'], $lang);
		if ((int) get_post_thumbnail_id($ids[$who][$lang]) !== $photo[$who]) {
			check(set_post_thumbnail($ids[$who][$lang], $photo[$who]), "featured image of {$v['slug']}");
		}
	}
	link_translations('post_translations', $ids[$who]);
}

// --- A draft profile, Russian only.
upsert('figurant', 'sergey-chernovoy', [
	'post_title' => 'Сергей Черновой',
	'post_status' => 'draft',
	// Dated in GMT too: a draft without it "floats", WordPress reading its
	// date as now, and each run would save it again.
	'post_date' => '2024-12-01 08:00:00',
	'post_date_gmt' => '2024-12-01 08:00:00',
	'post_excerpt' => 'Черновик: данные уточняются.',
	'post_content' => blocks(p('Сведения о деле собираются.')),
], ['region' => 'moscow', 'articles' => '205.2 ч.2', 'status' => 'probable_victim'], ['category' => [$antiwar['ru']]], 'ru');

// --- An ordinary post: a recognition announcement, Russian only.
$news = upsert('post', 'priznanie-belovoy', [
	'post_title' => 'Анна Белова признана политзаключённой',
	'post_status' => 'publish',
	'post_date' => '2024-03-01 12:00:00',
	'post_date_gmt' => '2024-03-01 12:00:00',
	'post_excerpt' => 'Проект признал журналистку из Калининграда политзаключённой.',
	'post_content' => blocks(
		p('Мы признали <a href="' . esc_url($link('belova', 'ru')) . '">Анну Белову</a> политзаключённой.'),
		h2('Почему'),
		ul(['Преследование за журналистскую работу.', 'Статья 207.3 УК РФ несовместима с правом на свободу слова.']),
		image_block($court, 'Здание суда', 'Суд, где рассматривают дело'),
		p('См. также дело <a href="' . esc_url($link('sosnovsky', 'ru')) . '">Петра Сосновского</a>.')
	),
], [], ['category' => [$recognitions['ru']]], 'ru');
if ((int) get_post_thumbnail_id($news) !== $photo['belova']) {
	check(set_post_thumbnail($news, $photo['belova']), 'featured image of the announcement');
}

echo 'seeded: figurant ' . implode(', ', array_merge(...array_values(array_map('array_values', $ids)))) . ", post $news" . ($edit ? ' (edited)' : '') . "\n";
