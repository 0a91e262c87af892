#!/usr/bin/env bash
# Makes the small portrait JPEGs that seed.php uploads as featured images,
# each carrying what a phone's photo carries and Casebook must never
# publish: a GPS position, the camera and its serial number, the time it
# was taken. They are committed (a few kilobytes each), so this only needs
# running to change them. Needs php-gd and exiftool (Debian's
# libimage-exiftool-perl), both installed by setup.sh.
#
#   wordpress/testdata/wp/make-photos.sh
set -euo pipefail
cd "$(dirname "$0")"
die() { echo "make-photos.sh: $*" >&2; exit 1; }
command -v php >/dev/null || die "php-cli is missing"
command -v exiftool >/dev/null || die "exiftool is missing (apt-get install libimage-exiftool-perl)"

photo() { # NAME R G B LAT LATREF LON LONREF
  # shellcheck disable=SC2016 # PHP, not shell
  php -r '
    $w = 480; $h = 600;
    $im = imagecreatetruecolor($w, $h) or exit(1);
    [$r, $g, $b] = [(int)$argv[2], (int)$argv[3], (int)$argv[4]];
    for ($y = 0; $y < $h; $y++) { // a vertical gradient, so the JPEG is a real photo-like picture
      $c = imagecolorallocate($im, (int)($r * (1 - $y / $h / 2)), (int)($g * (1 - $y / $h / 2)), (int)($b * (1 - $y / $h / 2)));
      imageline($im, 0, $y, $w - 1, $y, $c);
    }
    imagefilledellipse($im, 240, 230, 220, 260, imagecolorallocate($im, 235, 205, 180)); // a face
    imagefilledrectangle($im, 110, 400, 370, 600, imagecolorallocate($im, 60, 60, 70));  // shoulders
    imagejpeg($im, $argv[1], 80) or exit(1);
  ' "$1" "$2" "$3" "$4"
  exiftool -q -overwrite_original \
    -Make=Casebook -Model="Fixture Phone" -SerialNumber=CB-0014-SECRET \
    -DateTimeOriginal="2024:05:01 09:30:00" \
    -GPSLatitude="$5" -GPSLatitudeRef="$6" -GPSLongitude="$7" -GPSLongitudeRef="$8" \
    -GPSAltitude=12 -GPSAltitudeRef=0 \
    "$1"
}

# Arkhangelsk and Kaliningrad, where the two made-up people live.
photo sosnovsky.jpg 90 110 160 64.5399 N 40.5152 E
photo belova.jpg 150 90 90 54.7104 N 20.4522 E
# A photo inside the announcement's text (no GPS: not every upload has it).
photo court.jpg 120 120 120 0 N 0 E
exiftool -q -overwrite_original -gps:all= court.jpg
ls -l sosnovsky.jpg belova.jpg court.jpg
