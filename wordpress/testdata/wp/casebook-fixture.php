<?php
/**
 * Plugin Name: Casebook fixture
 * Description: What the test WordPress needs to look like a prisoner-profile site:
 *   the custom post type "figurant", Polylang's data model for languages and
 *   translations, post meta in the REST API, and nothing that calls out.
 *
 * setup.sh copies this file into WordPress's must-use plugins
 * (/var/lib/wordpress/wp-content/mu-plugins on Debian, where WP_CONTENT_DIR
 * is /var/lib/wordpress/wp-content), so it is always active without a row
 * in the database.
 *
 * Polylang itself is not packaged in Debian and cannot be downloaded here,
 * so its storage is emulated, as Polylang 3.x keeps it:
 *   - taxonomy "language": one term per language (slug "ru", "en"; name the
 *     language's own name; description a serialized array with the locale),
 *     assigned to each post;
 *   - taxonomy "post_translations": one term per group of translations whose
 *     description is serialize(['ru' => 12, 'en' => 13]) and which every
 *     post of the group carries;
 *   - taxonomies "term_language" (terms "pll_ru", "pll_en") and
 *     "term_translations" doing the same for categories and tags.
 * A WXR export therefore carries them as Polylang's does (<wp:term> and
 * <category domain="language" nicename="ru">). The REST API shows the
 * taxonomies (show_in_rest; Polylang hides them) and, as Polylang Pro does,
 * the fields "lang" ("ru") and "translations" ({"ru": 12, "en": 13}).
 */

if (!defined('ABSPATH')) {
	exit;
}

add_action('init', function () {
	register_post_type('figurant', [
		'label' => 'Figurants',
		'labels' => ['name' => 'Figurants', 'singular_name' => 'Figurant'],
		'public' => true,
		'show_in_rest' => true,
		'rest_base' => 'figurant',
		'has_archive' => false,
		// A profile's permalink is /figurant/<slug>/.
		'rewrite' => ['slug' => 'figurant', 'with_front' => false],
		'supports' => ['title', 'editor', 'excerpt', 'thumbnail', 'custom-fields', 'author', 'revisions'],
		'taxonomies' => ['category', 'post_tag'],
	]);

	// Polylang's taxonomies. Not public (no archive pages), but in REST.
	$hidden = [
		'public' => false,
		'show_ui' => false,
		'query_var' => false,
		'rewrite' => false,
		'show_in_rest' => true,
	];
	register_taxonomy('language', ['post', 'page', 'figurant', 'attachment'], $hidden + [
		'label' => 'Languages',
		'rest_base' => 'language',
	]);
	register_taxonomy('post_translations', ['post', 'page', 'figurant', 'attachment'], $hidden + [
		'label' => 'Translations',
		'rest_base' => 'post_translations',
	]);
	register_taxonomy('term_language', ['category', 'post_tag'], $hidden + [
		'label' => 'Term languages',
		'rest_base' => 'term_language',
	]);
	register_taxonomy('term_translations', ['category', 'post_tag'], $hidden + [
		'label' => 'Term translations',
		'rest_base' => 'term_translations',
	]);

	// Post meta a profile site keeps per person; in REST under "meta".
	foreach (['region', 'articles', 'detained_on', 'status', 'birth_year'] as $key) {
		register_post_meta('figurant', $key, [
			'type' => 'string',
			'single' => true,
			'show_in_rest' => true,
		]);
	}
});

// "lang" and "translations" as Polylang Pro adds them to REST answers.
add_action('rest_api_init', function () {
	foreach (['post', 'page', 'figurant', 'attachment'] as $type) {
		register_rest_field($type, 'lang', [
			'get_callback' => function ($post) {
				$terms = wp_get_object_terms($post['id'], 'language', ['fields' => 'slugs']);
				return (is_wp_error($terms) || !$terms) ? '' : $terms[0];
			},
			'schema' => ['type' => 'string', 'context' => ['view', 'edit', 'embed']],
		]);
		register_rest_field($type, 'translations', [
			'get_callback' => function ($post) {
				$terms = wp_get_object_terms($post['id'], 'post_translations');
				if (is_wp_error($terms) || !$terms) {
					return (object) [];
				}
				$group = maybe_unserialize($terms[0]->description);
				return is_array($group) ? (object) $group : (object) [];
			},
			'schema' => ['type' => 'object', 'context' => ['view', 'edit', 'embed']],
		]);
	}
});

// Nothing calls out. WP_HTTP_BLOCK_EXTERNAL in the config refuses every
// request to another host; these keep WordPress from even scheduling or
// printing such calls (update checks, pings, the emoji script's CDN).
add_filter('automatic_updater_disabled', '__return_true');
add_filter('pre_site_transient_update_core', '__return_null');
add_filter('pre_site_transient_update_plugins', '__return_null');
add_filter('pre_site_transient_update_themes', '__return_null');
remove_action('admin_init', '_maybe_update_core');
remove_action('admin_init', '_maybe_update_plugins');
remove_action('admin_init', '_maybe_update_themes');
remove_action('init', 'wp_schedule_update_checks');
remove_action('wp_head', 'print_emoji_detection_script', 7);
remove_action('wp_print_styles', 'print_emoji_styles');
add_filter('pre_option_ping_sites', '__return_empty_string');
// No mail either (wp_install() mails the administrator; there is no sendmail).
add_filter('pre_wp_mail', '__return_false');
