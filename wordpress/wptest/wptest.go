// Package wptest holds what the tests of a WordPress import share: the
// hand-made fixture site (a WXR export and the same site's REST pages, in
// the shapes WordPress writes them) and a photo that carries a GPS
// position, as a phone's photo does.
package wptest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
)

// Site is the fixture site's address.
const Site = "https://politzek.example.org"

// Secret is text the photo's metadata carries (the camera's name): none
// of it may be left in what Casebook stores.
const Secret = "SECRET-CAMERA-1234"

// Fixture is the path of a file of the fixture: "site.xml" (the WXR
// export), "rest" (the REST pages), "map.json" (the mapping).
func Fixture(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "fixture", name)
}

// Uploads writes the fixture site's uploads folder into dir: the
// featured image of post 12, a JPEG with a GPS position.
func Uploads(dir string) error {
	p := filepath.Join(dir, "2024", "05", "akimushkin.jpg")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, JPEGWithGPS(64, 48), 0o644)
}

// JPEGWithGPS is a real JPEG with an EXIF block that holds a GPS
// latitude (64°33'N) and the camera's name (Secret).
func JPEGWithGPS(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 90, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, nil); err != nil {
		panic(err) // an RGBA image always encodes
	}
	app1 := append([]byte("Exif\x00\x00"), exifWithGPS()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(app1)+2))
	out := append([]byte{}, enc.Bytes()[:2]...) // SOI
	out = append(out, seg...)
	out = append(out, app1...)
	return append(out, enc.Bytes()[2:]...)
}

// exifWithGPS is a big-endian TIFF structure: IFD0 with the camera's
// make and a pointer to a GPS IFD, which holds GPSLatitudeRef "N" and
// GPSLatitude 64/1, 33/1, 0/1.
func exifWithGPS() []byte {
	be := binary.BigEndian
	b := []byte("MM\x00\x2a\x00\x00\x00\x08")
	entry := func(tag, typ uint16, count, value uint32) {
		b = be.AppendUint16(b, tag)
		b = be.AppendUint16(b, typ)
		b = be.AppendUint32(b, count)
		b = be.AppendUint32(b, value)
	}
	const gps, makeAt, ratAt = 38, 68, 88 // IFD0 starts at 8
	camera := Secret + "\x00"
	// IFD0
	b = be.AppendUint16(b, 2)
	entry(0x010F, 2, uint32(len(camera)), makeAt) // Make, ASCII
	entry(0x8825, 4, 1, gps)                      // GPSInfo, LONG
	b = be.AppendUint32(b, 0)
	// GPS IFD
	b = be.AppendUint16(b, 2)
	entry(0x0001, 2, 2, uint32('N')<<24) // GPSLatitudeRef "N\0", inline
	entry(0x0002, 5, 3, ratAt)           // GPSLatitude, RATIONAL x3
	b = be.AppendUint32(b, 0)
	b = append(b, camera...)
	for len(b) < ratAt {
		b = append(b, 0)
	}
	for _, r := range [][2]uint32{{64, 1}, {33, 1}, {0, 1}} {
		b = be.AppendUint32(b, r[0])
		b = be.AppendUint32(b, r[1])
	}
	return b
}
