#!/usr/bin/env bash
# Exports the WordPress that setup.sh runs, the two ways Casebook imports:
#
#   export.sh OUTDIR [PORT]
#
#   OUTDIR/export.xml   WordPress's own WXR, written by export_wp() with all
#                       content (what Tools → Export → "All content" writes),
#                       run from php-cli
#   OUTDIR/rest/        the public REST API as curl saves it, one file per
#                       page: figurant-1.json, posts-1.json, pages-1.json,
#                       media-1.json, categories-1.json, tags-1.json,
#                       language-1.json, post_translations-1.json,
#                       term_language-1.json, term_translations-1.json
#                       (figurant and posts with context=view&_embed; a
#                       second page, -2.json, only when there is one)
#   OUTDIR/uploads/     a copy of wp-content/uploads (originals, with their
#                       EXIF, and WordPress's resized copies)
#   OUTDIR/site.json    {"url": ..., "uploads_url": ..., "uploads_dir": "uploads"}
#
# Both exports name images by URL (WXR's attachment_url, REST's source_url
# and the <img src> in content), on this site: http://127.0.0.1:PORT/
# wp-content/uploads/2024/11/x.jpg. To import without the site running,
# read the file at the same path under OUTDIR/uploads/ instead of
# uploads_url (site.json says both).
#
# PORT as for setup.sh (default $WP_PORT or 18090). Needs root only to read
# the configuration under /etc/wordpress.
set -Eeuo pipefail
die() { echo "export.sh: $*" >&2; exit 1; }
trap 'die "failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

[ $# -ge 1 ] || die "usage: export.sh OUTDIR [PORT]"
out=$1
port=${2:-${WP_PORT:-18090}}
site=http://127.0.0.1:$port
content=/var/lib/wordpress/wp-content

curl -fsS --max-time 10 -o /dev/null "$site/wp-json/" ||
  die "WordPress does not answer at $site/: run setup.sh $port first"
mkdir -p "$out/rest"

# --- WXR. export_wp() sends headers (ignored by php-cli) and echoes the
# XML; the output buffer collects it, so nothing else can slip in.
HTTP_HOST=127.0.0.1:$port OUT="$out/export.xml" php -d display_errors=stderr <<'PHP' ||
<?php
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST');
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
ob_start();
export_wp(['content' => 'all']);
$xml = ob_get_clean();
if (strpos($xml, '<?xml') !== 0 || strpos($xml, '</rss>') === false) {
	file_put_contents('php://stderr', "export_wp() wrote no whole WXR document\n");
	exit(1);
}
file_put_contents(getenv('OUT'), $xml) !== false or exit(1);
PHP
  die "export_wp() failed"

# --- REST. Every page of each collection: X-WP-TotalPages says how many.
fetch() { # NAME PATH-AND-QUERY
  local name=$1 query=$2 page=1 pages=1
  while [ "$page" -le "$pages" ]; do
    local headers
    headers=$(curl -fsS --max-time 30 -D - -o "$out/rest/$name-$page.json" \
      "$site/wp-json/wp/v2/$query&page=$page") ||
      die "GET /wp-json/wp/v2/$query&page=$page failed"
    pages=$(printf '%s' "$headers" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-wp-totalpages" {print $2}')
    [ -n "$pages" ] || pages=1
    [ "$pages" -ge 1 ] || pages=1 # an empty collection still has its page 1
    page=$((page + 1))
  done
}
fetch figurant 'figurant?per_page=100&context=view&_embed'
fetch posts 'posts?per_page=100&context=view&_embed'
fetch pages 'pages?per_page=100&context=view'
fetch media 'media?per_page=100&context=view'
fetch categories 'categories?per_page=100&context=view'
fetch tags 'tags?per_page=100&context=view'
fetch language 'language?per_page=100&context=view'
fetch post_translations 'post_translations?per_page=100&context=view'
fetch term_language 'term_language?per_page=100&context=view'
fetch term_translations 'term_translations?per_page=100&context=view'

# --- The files the URLs name, so an import works with the site stopped.
rm -rf "$out/uploads"
cp -a "$content/uploads" "$out/uploads"
printf '{"url": "%s", "uploads_url": "%s/wp-content/uploads/", "uploads_dir": "uploads"}\n' "$site" "$site" >"$out/site.json"

echo "exported $site to $out"
