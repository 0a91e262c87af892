#!/usr/bin/env bash
# A real WordPress on loopback, for testing `casebook import-wordpress`
# (issue 14) against what WordPress itself exports. Debian bookworm, as root.
#
#   setup.sh [PORT]          install what is missing, start what is stopped,
#                            (re)write the configuration; PORT (default
#                            $WP_PORT or 18090) is where nginx listens on
#                            127.0.0.1
#   setup.sh --reset [PORT]  the same after dropping the database and the
#                            uploads: a WordPress as new
#   setup.sh status          exit 0 when MariaDB, PHP-FPM and nginx all run
#   setup.sh stop            stop the three daemons (by the PIDs they wrote)
#
# Idempotent: run it again and it only starts what is not running. Then
# `php seed.php` writes the fixture's posts and `export.sh DIR` exports them.
#
# Everything of its own lives under $WP_STATE (default /var/lib/casebook-wp):
# MariaDB's data directory and socket, the PHP-FPM and nginx configurations,
# PIDs and logs. Outside it, it writes only where Debian's wordpress package
# looks: /etc/wordpress/config-127.0.0.1.php, and the must-use plugin and
# uploads under /var/lib/wordpress/wp-content.
#
# No network once the packages are installed:
#   - the machine has no systemd and Debian's policy-rc.d keeps apt from
#     starting services, so the daemons are started here, directly, each on
#     a socket or on 127.0.0.1 only (MariaDB with --skip-networking);
#   - WordPress is installed from php-cli with wp_install(), not through the
#     web installer (bookworm has no wp-cli), so nothing is fetched;
#   - the configuration blocks every HTTP request to another host
#     (WP_HTTP_BLOCK_EXTERNAL), turns off WP-Cron (DISABLE_WP_CRON: it would
#     run update checks and pings on page loads) and automatic updates, and
#     the must-use plugin removes the update checks, pings and the emoji CDN.
set -Eeuo pipefail

die() { echo "setup.sh: $*" >&2; exit 1; }
trap 'die "failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

here=$(cd "$(dirname "$0")" && pwd)
state=${WP_STATE:-/var/lib/casebook-wp}
content=/var/lib/wordpress/wp-content # WP_CONTENT_DIR in Debian's /usr/share/wordpress/wp-config.php
config=/etc/wordpress/config-127.0.0.1.php
db_name=casebook_wp
db_user=casebook_wp

action=up
case "${1:-}" in
status | stop) action=$1; shift ;;
--reset) action=reset; shift ;;
esac
port=${1:-${WP_PORT:-18090}}
[[ $port =~ ^[0-9]+$ ]] || die "the port must be a number, not '$port'"

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
mysql_sock=$state/mysqld/mysqld.sock
mysql_pid=$state/mysqld/mysqld.pid
fpm_pid=$state/run/php-fpm.pid
fpm_sock=$state/run/php-fpm.sock
nginx_pid=$state/run/nginx.pid

if [ "$action" = status ]; then
  ok=0
  for p in "$mysql_pid" "$fpm_pid" "$nginx_pid"; do
    if alive "$p"; then echo "running: $p"; else echo "stopped: $p"; ok=1; fi
  done
  exit $ok
fi

[ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts daemons)"

stop_pid() { # PIDFILE NAME
  alive "$1" || return 0
  local pid
  pid=$(cat "$1")
  kill "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { echo "stopped $2"; return 0; }
    sleep 0.1
  done
  die "$2 (pid $pid) did not stop within 10 s"
}

if [ "$action" = stop ]; then
  # All at once: each takes a second or more to stop, and they need not wait
  # for each other (requests in flight fail, which is fine at the end).
  for p in "$nginx_pid" "$fpm_pid" "$mysql_pid"; do
    stop_pid "$p" "$(basename "$p" .pid)" &
  done
  wait
  for p in "$nginx_pid" "$fpm_pid" "$mysql_pid"; do
    alive "$p" && die "$(basename "$p" .pid) did not stop"
  done
  exit 0
fi

# --- Packages, only those missing. --no-install-recommends keeps apache2
# and the translations out; "php" is named so that apt satisfies
# wordpress's "libapache2-mod-php | php" with php-fpm instead of Apache.
packages=(wordpress wordpress-theme-twentytwentythree mariadb-server php php-fpm php-cli php-mysql php-gd nginx-light libimage-exiftool-perl curl)
missing=()
for p in "${packages[@]}"; do
  # nginx (the full one) serves as well as nginx-light.
  if [ "$p" = nginx-light ] && command -v nginx >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
fi
fpm_bins=(/usr/sbin/php-fpm*) # php-fpm8.2 on bookworm
fpm_bin=${fpm_bins[0]}
[ -x "$fpm_bin" ] || die "no php-fpm binary in /usr/sbin"
for c in mariadbd mariadb-install-db mariadb-admin mariadb nginx php curl; do
  command -v "$c" >/dev/null || die "$c is missing after the install"
done

mkdir -p "$state"/{run,log,nginx} "$state/mysqld"
chmod 755 "$state" "$state/run"
chown mysql:mysql "$state/mysqld"

# --- MariaDB: a private instance, on a Unix socket only, so it can run
# beside any other MariaDB or MySQL on the machine and touches no port.
if [ "$action" = reset ]; then
  stop_pid "$mysql_pid" mariadb
  rm -rf "$state/db" "$content/uploads"
  mkdir -p "$content/uploads"
fi
if [ ! -d "$state/db/mysql" ]; then
  rm -rf "$state/db"
  mariadb-install-db --no-defaults --datadir="$state/db" --user=mysql \
    --auth-root-authentication-method=socket --skip-test-db \
    >"$state/log/mariadb-install.log" 2>&1 ||
    die "mariadb-install-db failed; see $state/log/mariadb-install.log"
fi
if ! alive "$mysql_pid"; then
  # setsid and no inherited descriptors: the daemon outlives this script
  # and holds no pipe of whoever ran it (go test waits for those).
  setsid mariadbd --no-defaults --user=mysql --datadir="$state/db" \
    --socket="$mysql_sock" --pid-file="$mysql_pid" --skip-networking \
    --log-error="$state/mysqld/mariadb.err" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=32M \
    </dev/null >/dev/null 2>&1 &
  for _ in $(seq 300); do
    mariadb-admin --no-defaults --socket="$mysql_sock" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  mariadb-admin --no-defaults --socket="$mysql_sock" ping >/dev/null 2>&1 ||
    die "MariaDB did not start within 30 s; see $state/mysqld/mariadb.err"
  echo "started mariadb"
fi

# The database password is made once and kept beside the data.
if [ ! -s "$state/db-password" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$state/db-password")
fi
db_pass=$(cat "$state/db-password")
mariadb --no-defaults --socket="$mysql_sock" -u root <<SQL || die "could not create the database and its user"
CREATE DATABASE IF NOT EXISTS $db_name CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$db_user'@'localhost' IDENTIFIED BY '$db_pass';
ALTER USER '$db_user'@'localhost' IDENTIFIED BY '$db_pass';
GRANT ALL PRIVILEGES ON $db_name.* TO '$db_user'@'localhost';
SQL

# --- WordPress's configuration, where Debian's wp-config.php looks for it
# (/etc/wordpress/config-<HTTP_HOST without the port>.php).
if [ ! -s "$state/salts.php" ]; then
  (
    umask 077
    for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      printf "define('%s', '%s');\n" "$k" "$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
    done >"$state/salts.php"
  )
fi
new_config=$(
  cat <<PHP
<?php
// Written by Casebook's wordpress/testdata/wp/setup.sh; rewritten on every run.
define('DB_NAME', '$db_name');
define('DB_USER', '$db_user');
define('DB_PASSWORD', '$db_pass');
define('DB_HOST', 'localhost:$mysql_sock'); // MariaDB listens on this socket only
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
// Nothing calls out: no HTTP request leaves for another host, no cron runs
// update checks or pings on page loads, nothing updates itself.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('DISALLOW_FILE_MODS', true);
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEBUG', false);
$(cat "$state/salts.php")
PHP
)
if [ ! -f "$config" ] || [ "$(cat "$config")" != "$new_config" ]; then
  mkdir -p /etc/wordpress
  (umask 027 && printf '%s\n' "$new_config" >"$config.tmp")
  chown root:www-data "$config.tmp"
  mv "$config.tmp" "$config"
fi

# --- The must-use plugin: the post type, Polylang's data model, no calls out.
mkdir -p "$content/mu-plugins" "$content/uploads"
install -m 644 "$here/casebook-fixture.php" "$content/mu-plugins/casebook-fixture.php"
chown -R www-data:www-data "$content/uploads"

# --- PHP-FPM: a private master with one pool on a Unix socket.
cat >"$state/php-fpm.conf.new" <<CONF
[global]
pid = $fpm_pid
error_log = $state/log/php-fpm.log
daemonize = yes

[casebook-wp]
user = www-data
group = www-data
listen = $fpm_sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 4
catch_workers_output = yes
php_admin_value[error_log] = $state/log/php-errors.log
php_admin_flag[log_errors] = on
CONF
if ! cmp -s "$state/php-fpm.conf.new" "$state/php-fpm.conf"; then
  mv "$state/php-fpm.conf.new" "$state/php-fpm.conf"
  stop_pid "$fpm_pid" php-fpm
else
  rm "$state/php-fpm.conf.new"
fi
touch "$state/log/php-errors.log"
chown www-data "$state/log/php-errors.log"
if ! alive "$fpm_pid"; then
  "$fpm_bin" --fpm-config "$state/php-fpm.conf" -t 2>"$state/log/php-fpm-test.log" ||
    die "php-fpm's configuration is wrong: $(cat "$state/log/php-fpm-test.log")"
  setsid "$fpm_bin" --fpm-config "$state/php-fpm.conf" </dev/null >/dev/null 2>&1 ||
    die "php-fpm did not start; see $state/log/php-fpm.log"
  for _ in $(seq 100); do [ -S "$fpm_sock" ] && break; sleep 0.1; done
  [ -S "$fpm_sock" ] || die "php-fpm did not open $fpm_sock; see $state/log/php-fpm.log"
  echo "started php-fpm"
fi

# --- nginx: /usr/share/wordpress, with Debian's wp-content directory at
# /wp-content/, and PHP through the pool above.
cat >"$state/nginx.conf.new" <<CONF
user www-data;
worker_processes 1;
pid $nginx_pid;
error_log $state/log/nginx-error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $state/log/nginx-access.log;
  client_body_temp_path $state/nginx/body;
  fastcgi_temp_path $state/nginx/fastcgi;
  proxy_temp_path $state/nginx/proxy;
  uwsgi_temp_path $state/nginx/uwsgi;
  scgi_temp_path $state/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    server_name 127.0.0.1;
    root /usr/share/wordpress;
    index index.php;
    location ^~ /wp-content/ {
      alias $content/;
      location ~ \.php\$ { return 403; }
    }
    location / {
      try_files \$uri \$uri/ /index.php?\$args;
    }
    location ~ \.php\$ {
      try_files \$uri =404;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
      # fastcgi_params passes \$host, without the port: WordPress would then
      # redirect every request to the address it knows, with the port, forever.
      fastcgi_param HTTP_HOST \$host:\$server_port;
      fastcgi_pass unix:$fpm_sock;
    }
  }
}
CONF
nginx -t -q -c "$state/nginx.conf.new" 2>"$state/log/nginx-test.log" ||
  die "nginx's configuration is wrong: $(cat "$state/log/nginx-test.log")"
changed=0
cmp -s "$state/nginx.conf.new" "$state/nginx.conf" || changed=1
mv "$state/nginx.conf.new" "$state/nginx.conf"
if alive "$nginx_pid" && [ $changed = 1 ]; then
  stop_pid "$nginx_pid" nginx # a restart, not a reload: the port may have changed
fi
if ! alive "$nginx_pid"; then
  setsid nginx -c "$state/nginx.conf" </dev/null >/dev/null 2>&1 ||
    die "nginx did not start (is 127.0.0.1:$port taken?); see $state/log/nginx-error.log"
  echo "started nginx on 127.0.0.1:$port"
fi

# --- WordPress's tables, from php-cli, once. HTTP_HOST picks the
# configuration file above, as the web server's requests do.
HTTP_HOST=127.0.0.1:$port php -d display_errors=stderr <<'PHP' || die "installing WordPress failed"
<?php
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST');
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (!is_blog_installed()) {
	// wp_install() creates the tables, the administrator (with a password
	// nobody needs: the fixture is written from php-cli) and WordPress's
	// sample content.
	wp_install('Casebook fixture', 'admin', 'admin@example.org', true, '', wp_generate_password(24));
	// The sample post and its comment are not the fixture's; the sample
	// page and the draft privacy page stay, as on any real site.
	wp_delete_post(1, true);
	echo "installed WordPress\n";
}
PHP

# --- Its options, on every run, in a WordPress loaded as usual (while
# installing, it builds no rewrite rules for the post type).
HTTP_HOST=127.0.0.1:$port php -d display_errors=stderr <<'PHP' || die "setting WordPress's options failed"
<?php
$_SERVER['HTTP_HOST'] = getenv('HTTP_HOST');
require '/usr/share/wordpress/wp-load.php';
update_option('blogdescription', 'A test site for Casebook');
update_option('timezone_string', 'UTC');
update_option('ping_sites', '');
update_option('default_pingback_flag', 0);
update_option('default_ping_status', 'closed');
update_option('uploads_use_yearmonth_folders', 1);
// Pretty permalinks; the post type's rewrite slug makes a profile's
// address /figurant/<slug>/. Through $wp_rewrite, which read the option
// before this ran.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
flush_rewrite_rules(false);
PHP

# --- Answering, with the post type from the must-use plugin?
curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$port/wp-json/" ||
  die "WordPress does not answer on http://127.0.0.1:$port/wp-json/; see $state/log/"
curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$port/wp-json/wp/v2/types/figurant" ||
  die "WordPress answers, but without the figurant post type (is $content/mu-plugins/casebook-fixture.php loaded?)"
echo "WordPress is up at http://127.0.0.1:$port/"
