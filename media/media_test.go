package media

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// ---------------------------------------------------------------------------
// Fixture builders. Every fixture is made here, from bytes we control, so
// that each test knows exactly which metadata went in.

// byteOrder is what the TIFF builder needs from encoding/binary.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// tiffEntry is one IFD entry of a TIFF structure built by buildTIFF.
type tiffEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte // in the file's byte order; stored out of line when longer than 4 bytes
	ifd      int    // when non-zero, the entry is a pointer to ifds[ifd]
}

// TIFF field types.
const (
	tASCII    = 2
	tShort    = 3
	tLong     = 4
	tRational = 5
)

// buildTIFF lays out a TIFF structure: the header, the IFDs one after the
// other (ifds[0] is IFD0), then the values that do not fit in an entry.
func buildTIFF(bo byteOrder, ifds ...[]tiffEntry) []byte {
	offs := make([]uint32, len(ifds))
	pos := uint32(8)
	for i, ifd := range ifds {
		offs[i] = pos
		pos += 2 + 12*uint32(len(ifd)) + 4
	}
	dataStart := pos
	var out, data []byte
	if bo == binary.ByteOrder(binary.LittleEndian) {
		out = append(out, 'I', 'I')
	} else {
		out = append(out, 'M', 'M')
	}
	out = bo.AppendUint16(out, 42)
	out = bo.AppendUint32(out, 8)
	for _, ifd := range ifds {
		out = bo.AppendUint16(out, uint16(len(ifd)))
		for _, e := range ifd {
			out = bo.AppendUint16(out, e.tag)
			out = bo.AppendUint16(out, e.typ)
			out = bo.AppendUint32(out, e.count)
			var field [4]byte
			switch {
			case e.ifd != 0:
				bo.PutUint32(field[:], offs[e.ifd])
			case len(e.value) <= 4:
				copy(field[:], e.value)
			default:
				bo.PutUint32(field[:], dataStart+uint32(len(data)))
				data = append(data, e.value...)
				if len(data)%2 == 1 {
					data = append(data, 0) // TIFF values start on word boundaries
				}
			}
			out = append(out, field[:]...)
		}
		out = bo.AppendUint32(out, 0) // no next IFD
	}
	return append(out, data...)
}

func shortVal(bo byteOrder, v uint16) []byte { return bo.AppendUint16(nil, v) }

func asciiVal(s string) []byte { return append([]byte(s), 0) }

func rationalVal(bo byteOrder, pairs ...uint32) []byte {
	var b []byte
	for _, p := range pairs {
		b = bo.AppendUint32(b, p)
	}
	return b
}

// Metadata planted in fixtures; none of it may come out.
const (
	secretSerial  = "SN-CASEBOOK-4242"
	secretDate    = "2024:03:01 04:05:06"
	secretComment = "taken at the safe house, Lenina 12"
	xmpNamespace  = "http://ns.adobe.com/xap/1.0/"
	secretPNGText = "GPS 55.75,37.61"
)

// exifWithSecrets is the body of an Exif segment with an orientation, a GPS
// IFD (55°45'N 37°36'E) and an Exif IFD with a body serial number and a date.
func exifWithSecrets(bo byteOrder, orientation uint16) []byte {
	ifd0 := []tiffEntry{
		{tag: 0x0112, typ: tShort, count: 1, value: shortVal(bo, orientation)},
		{tag: 0x8769, typ: tLong, count: 1, ifd: 1}, // Exif IFD
		{tag: 0x8825, typ: tLong, count: 1, ifd: 2}, // GPS IFD
	}
	exifIFD := []tiffEntry{
		{tag: 0x9003, typ: tASCII, count: uint32(len(secretDate) + 1), value: asciiVal(secretDate)},
		{tag: 0xA431, typ: tASCII, count: uint32(len(secretSerial) + 1), value: asciiVal(secretSerial)},
	}
	gpsIFD := []tiffEntry{
		{tag: 0x0001, typ: tASCII, count: 2, value: asciiVal("N")},
		{tag: 0x0002, typ: tRational, count: 3, value: rationalVal(bo, 55, 1, 45, 1, 0, 1)},
		{tag: 0x0003, typ: tASCII, count: 2, value: asciiVal("E")},
		{tag: 0x0004, typ: tRational, count: 3, value: rationalVal(bo, 37, 1, 36, 1, 0, 1)},
	}
	return append([]byte("Exif\x00\x00"), buildTIFF(bo, ifd0, exifIFD, gpsIFD)...)
}

// exifOrientationOnly is the body of an Exif segment holding nothing but an
// orientation.
func exifOrientationOnly(bo byteOrder, orientation uint16) []byte {
	ifd0 := []tiffEntry{{tag: 0x0112, typ: tShort, count: 1, value: shortVal(bo, orientation)}}
	return append([]byte("Exif\x00\x00"), buildTIFF(bo, ifd0)...)
}

// jpegSegment frames payload as a JPEG marker segment.
func jpegSegment(marker byte, payload []byte) []byte {
	if len(payload)+2 > 0xFFFF {
		panic("segment too long")
	}
	b := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(b[2:], uint16(len(payload)+2))
	return append(b, payload...)
}

// withSegments inserts segments right after the SOI of a JPEG.
func withSegments(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gradient is a w x h opaque image whose pixels differ, so that encoders
// have something to compress.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), 128, 255})
		}
	}
	return m
}

// Colours that survive JPEG compression recognisably.
var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	white = color.RGBA{255, 255, 255, 255}
)

// fill returns a w x h image in which each pixel has colour f(x, y).
func fill(w, h int, f func(x, y int) color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetRGBA(x, y, f(x, y))
		}
	}
	return m
}

// quadrants is a w x h image: red top left, green top right, blue bottom
// left, white bottom right.
func quadrants(w, h int) *image.RGBA {
	return fill(w, h, func(x, y int) color.RGBA {
		switch {
		case x < w/2 && y < h/2:
			return red
		case y < h/2:
			return green
		case x < w/2:
			return blue
		}
		return white
	})
}

// pngChunk frames data as a PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	crc := crc32.ChecksumIEEE(b[4:])
	return binary.BigEndian.AppendUint32(b, crc)
}

const pngSignature = "\x89PNG\r\n\x1a\n"

func ihdr(w, h uint32, colorType byte) []byte {
	d := binary.BigEndian.AppendUint32(nil, w)
	d = binary.BigEndian.AppendUint32(d, h)
	d = append(d, 8, colorType, 0, 0, 0) // depth 8, deflate, adaptive filtering, no interlace
	return pngChunk("IHDR", d)
}

// rawPNG writes an 8-bit PNG by hand, so that tests can make files the
// standard encoder never would (an RGBA file whose pixels are all opaque, a
// palette with an unused transparent entry). extra chunks go between IHDR
// and IDAT.
func rawPNG(t testing.TB, w, h int, colorType byte, pix []byte, extra ...[]byte) []byte {
	t.Helper()
	bpp := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colorType]
	if len(pix) != w*h*bpp {
		t.Fatalf("rawPNG: %d bytes of pixels for %dx%d at %d bytes each", len(pix), w, h, bpp)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	for y := 0; y < h; y++ {
		zw.Write([]byte{0}) // filter: none
		zw.Write(pix[y*w*bpp : (y+1)*w*bpp])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out := append([]byte(pngSignature), ihdr(uint32(w), uint32(h), colorType)...)
	for _, c := range extra {
		out = append(out, c...)
	}
	out = append(out, pngChunk("IDAT", z.Bytes())...)
	return append(out, pngChunk("IEND", nil)...)
}

// withChunks inserts chunks right after the IHDR of a PNG.
func withChunks(p []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 8 + 13 + 4
	out := append([]byte(nil), p[:afterIHDR]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[afterIHDR:]...)
}

// metadataChunks are PNG chunks that carry text, a colour profile, EXIF and
// a timestamp. iCCP and zTXt hold a zlib stream, which need not be a valid
// profile: decoders skip these chunks.
func metadataChunks(t testing.TB) [][]byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("not really an ICC profile, but private all the same"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return [][]byte{
		pngChunk("tEXt", []byte("Comment\x00"+secretPNGText)),
		pngChunk("iCCP", append([]byte("Camera RGB\x00\x00"), z.Bytes()...)),
		pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta xmlns:xmp=\""+xmpNamespace+"\"/>")),
		pngChunk("zTXt", append([]byte("Author\x00\x00"), z.Bytes()...)),
		pngChunk("eXIf", exifWithSecrets(binary.BigEndian, 1)[6:]),
		pngChunk("tIME", []byte{0x07, 0xE8, 3, 1, 4, 5, 6}),
	}
}

// webpLossless16x8 is a complete 34-byte lossless WebP (RIFF, VP8L): a
// 16x8 image of the solid colour R=200 G=40 B=60, in which every Huffman
// code has a single symbol, so the pixels take no bits at all. solidWebP
// below writes the same bitstream, and explains it.
var webpLossless16x8 = []byte{
	0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, // "RIFF", 26, "WEBP"
	0x56, 0x50, 0x38, 0x4c, 0x0d, 0x00, 0x00, 0x00, // "VP8L", 13
	0x2f, 0x0f, 0xc0, 0x01, 0x00, // signature, 14-bit width-1, 14-bit height-1, alpha, version
	0x28, 0x4a, 0x91, 0xcb, 0xd3, 0xff, 0x02, 0x00, // no transform, five one-symbol codes
	0x00, // padding to an even chunk length
}

// solidWebP writes a lossless WebP of one colour: a VP8L header and five
// "simple" prefix codes (green, red, blue, alpha, distance) of one symbol
// each, which makes every pixel zero bits long.
func solidWebP(w, h int, c color.NRGBA) []byte {
	var bits []byte
	var acc uint64
	var n uint
	put := func(v uint64, width uint) { // VP8L packs bits from the least significant
		acc |= v << n
		for n += width; n >= 8; n -= 8 {
			bits = append(bits, byte(acc))
			acc >>= 8
		}
	}
	put(0x2f, 8)
	put(uint64(w-1), 14)
	put(uint64(h-1), 14)
	put(1, 1) // alpha is used
	put(0, 3) // version
	put(0, 1) // no transform
	put(0, 1) // no colour cache
	put(0, 1) // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
		put(1, 1) // simple code
		put(0, 1) // one symbol
		put(1, 1) // of 8 bits
		put(uint64(sym), 8)
	}
	if n > 0 {
		bits = append(bits, byte(acc))
	}
	pad := len(bits) & 1
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+8+len(bits)+pad))
	out = append(out, "WEBPVP8L"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(bits)))
	out = append(out, bits...)
	if pad == 1 {
		out = append(out, 0)
	}
	return out
}

// ---------------------------------------------------------------------------
// Checks on outputs.

func mustProcess(t testing.TB, data []byte) []Variant {
	t.Helper()
	vs, err := Process(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	checkVariants(t, vs)
	return vs
}

// checkVariants asserts what holds for every successful Process: a profile
// then a list variant, each a well-formed, metadata-free file of the type and
// size it claims, addressed by its SHA-256.
func checkVariants(t testing.TB, vs []Variant) {
	t.Helper()
	if len(vs) != 2 || vs[0].Name != "profile" || vs[1].Name != "list" {
		t.Fatalf("want variants profile, list; got %d: %v", len(vs), names(vs))
	}
	for _, v := range vs {
		sum := sha256.Sum256(v.Data)
		if v.Hash != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: Hash %q is not the hex SHA-256 of Data", v.Name, v.Hash)
		}
		if v.Width > 1200 || v.Height > 1200 || v.Width < 1 || v.Height < 1 {
			t.Errorf("%s: size %dx%d out of range", v.Name, v.Width, v.Height)
		}
		if v.Name == "list" && (v.Width != v.Height || v.Width > 480) {
			t.Errorf("list: size %dx%d, want a square of at most 480", v.Width, v.Height)
		}
		var m image.Image
		var err error
		switch {
		case v.Ext == "jpg" && v.Mime == "image/jpeg":
			assertCleanJPEG(t, v.Name, v.Data)
			m, err = jpeg.Decode(bytes.NewReader(v.Data))
		case v.Ext == "png" && v.Mime == "image/png":
			assertCleanPNG(t, v.Name, v.Data)
			m, err = png.Decode(bytes.NewReader(v.Data))
		default:
			t.Fatalf("%s: unexpected Ext %q / Mime %q", v.Name, v.Ext, v.Mime)
		}
		if err != nil {
			t.Fatalf("%s: output does not decode: %v", v.Name, err)
		}
		if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
			t.Errorf("%s: Width/Height say %dx%d, data is %dx%d", v.Name, v.Width, v.Height, b.Dx(), b.Dy())
		}
	}
}

func names(vs []Variant) []string {
	var n []string
	for _, v := range vs {
		n = append(n, v.Name)
	}
	return n
}

// jpegMarkers walks the marker segments of a JPEG, skipping entropy-coded
// data, and returns every marker in order. It fails the test on anything
// malformed, including bytes after EOI (a place to smuggle data).
func jpegMarkers(t testing.TB, b []byte) []byte {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
		t.Fatalf("no SOI")
	}
	markers := []byte{0xD8}
	i := 2
	for {
		if i+2 > len(b) {
			t.Fatalf("truncated at %d", i)
		}
		if b[i] != 0xFF {
			t.Fatalf("expected a marker at %d, found %#x", i, b[i])
		}
		m := b[i+1]
		i += 2
		markers = append(markers, m)
		if m == 0xD9 {
			if i != len(b) {
				t.Fatalf("%d bytes after EOI", len(b)-i)
			}
			return markers
		}
		if i+2 > len(b) {
			t.Fatalf("truncated segment length at %d", i)
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			t.Fatalf("segment %#x: bad length %d", m, n)
		}
		if m == 0xE0 && !bytes.HasPrefix(b[i+2:i+n], []byte("JFIF\x00")) {
			t.Errorf("APP0 segment that is not JFIF: %q", b[i+2:i+n])
		}
		i += n
		if m == 0xDA { // scan data runs to the next marker that is not a stuffed byte or a restart
			for ; i+1 < len(b); i++ {
				if b[i] == 0xFF && b[i+1] != 0 && (b[i+1] < 0xD0 || b[i+1] > 0xD7) {
					break
				}
			}
		}
	}
}

// allowedJPEGMarkers are the markers an image needs; everything else (APPn,
// COM, ...) is where metadata lives.
var allowedJPEGMarkers = map[byte]string{
	0xD8: "SOI", 0xE0: "APP0 JFIF", 0xDB: "DQT", 0xC0: "SOF0", 0xC1: "SOF1", 0xC2: "SOF2",
	0xC4: "DHT", 0xDA: "SOS", 0xDD: "DRI", 0xD9: "EOI",
}

// secrets are strings planted in fixtures that must appear in no output.
var secrets = []string{
	"Exif", secretSerial, secretDate, secretComment, xmpNamespace, "http://ns.adobe.com/xap",
	"ICC_PROFILE", "Photoshop 3.0", "8BIM", secretPNGText, "Camera RGB",
}

func assertNoSecrets(t testing.TB, name string, data []byte) {
	t.Helper()
	for _, s := range secrets {
		if bytes.Contains(data, []byte(s)) {
			t.Errorf("%s: output contains %q", name, s)
		}
	}
}

func assertCleanJPEG(t testing.TB, name string, data []byte) {
	t.Helper()
	assertNoSecrets(t, name, data)
	for _, m := range jpegMarkers(t, data) {
		if _, ok := allowedJPEGMarkers[m]; !ok {
			t.Errorf("%s: output has JPEG marker %#x", name, m)
		}
	}
}

// pngChunkTypes walks a PNG, checking every CRC, and returns the chunk
// types in order. Bytes after IEND fail the test.
func pngChunkTypes(t testing.TB, b []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(pngSignature)) {
		t.Fatalf("no PNG signature")
	}
	var types []string
	for i := len(pngSignature); ; {
		if i+12 > len(b) {
			t.Fatalf("truncated chunk at %d", i)
		}
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n > len(b)-i-12 {
			t.Fatalf("chunk at %d: length %d past the end", i, n)
		}
		typ := string(b[i+4 : i+8])
		if crc32.ChecksumIEEE(b[i+4:i+8+n]) != binary.BigEndian.Uint32(b[i+8+n:]) {
			t.Fatalf("chunk %s: bad CRC", typ)
		}
		types = append(types, typ)
		i += 12 + n
		if typ == "IEND" {
			if i != len(b) {
				t.Fatalf("%d bytes after IEND", len(b)-i)
			}
			return types
		}
	}
}

var allowedPNGChunks = map[string]bool{"IHDR": true, "PLTE": true, "tRNS": true, "IDAT": true, "IEND": true}

func assertCleanPNG(t testing.TB, name string, data []byte) {
	t.Helper()
	assertNoSecrets(t, name, data)
	for _, c := range pngChunkTypes(t, data) {
		if !allowedPNGChunks[c] {
			t.Errorf("%s: output has PNG chunk %s", name, c)
		}
	}
}

func decodeVariant(t testing.TB, v Variant) image.Image {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(v.Data))
	if err != nil {
		t.Fatalf("%s: %v", v.Name, err)
	}
	return m
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

// near reports whether two colours are within tol on every channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return int(x)-int(y) <= tol && int(y)-int(x) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

// nearest names the closest of red, green, blue and white to c.
func nearest(c color.Color) string {
	p := rgba(c)
	best, bestD := "", 1<<30
	for name, q := range map[string]color.RGBA{"red": red, "green": green, "blue": blue, "white": white} {
		dr, dg, db := int(p.R)-int(q.R), int(p.G)-int(q.G), int(p.B)-int(q.B)
		if d := dr*dr + dg*dg + db*db; d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

// refusal returns the Code of a refusal, or fails the test.
func refusal(t testing.TB, err error) string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want a *media.Error, got %v", err)
	}
	if e.Error() == "" || e.Error() == (&Error{Code: "x"}).Error() {
		t.Errorf("code %s has no sentence of its own: %q", e.Code, e.Error())
	}
	return e.Code
}

func wantRefusal(t testing.TB, data []byte, code string) {
	t.Helper()
	vs, err := Process(bytes.NewReader(data))
	if err == nil {
		t.Fatalf("want refusal %s, got %d variants", code, len(vs))
	}
	if vs != nil {
		t.Errorf("refusal came with variants")
	}
	if got := refusal(t, err); got != code {
		t.Fatalf("want %s, got %s (%v)", code, got, err)
	}
}

// ---------------------------------------------------------------------------
// Tests.

func TestJPEGMetadataIsStripped(t *testing.T) {
	var xmp = "http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:Description " +
		"xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"55,45N\" exif:BodySerialNumber=\"" +
		secretSerial + "\"/></x:xmpmeta>"
	iptc := append([]byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0b\x1c\x02\x78\x00\x06Moscow"), 0)
	for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
		t.Run(fmt.Sprint(bo), func(t *testing.T) {
			in := withSegments(encodeJPEG(t, gradient(64, 48)),
				jpegSegment(0xE1, exifWithSecrets(bo, 1)),
				jpegSegment(0xE1, []byte(xmp)),
				jpegSegment(0xE2, []byte("ICC_PROFILE\x00\x01\x01not a real profile")),
				jpegSegment(0xED, iptc),
				jpegSegment(0xFE, []byte(secretComment)),
			)
			// The fixture must carry what we claim to strip, and still be
			// a JPEG, or the assertions below prove nothing.
			if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
				t.Fatalf("fixture does not decode: %v", err)
			}
			for _, s := range []string{"Exif", secretSerial, secretDate, secretComment, xmpNamespace, "ICC_PROFILE", "8BIM"} {
				if !bytes.Contains(in, []byte(s)) {
					t.Fatalf("fixture lacks %q", s)
				}
			}
			seen := map[byte]bool{}
			for _, m := range jpegMarkers(t, in) {
				seen[m] = true
			}
			for _, m := range []byte{0xE1, 0xE2, 0xED, 0xFE} {
				if !seen[m] {
					t.Fatalf("marker walker missed %#x in the fixture", m)
				}
			}
			if got := jpegOrientation(in); got != 1 {
				t.Fatalf("fixture orientation %d, want 1", got)
			}

			vs := mustProcess(t, in) // checkVariants walks the markers and looks for every secret
			for _, v := range vs {
				if v.Ext != "jpg" {
					t.Errorf("%s: JPEG input gave %s", v.Name, v.Ext)
				}
			}
			if vs[0].Width != 64 || vs[0].Height != 48 {
				t.Errorf("profile %dx%d, want 64x48", vs[0].Width, vs[0].Height)
			}
		})
	}
}

func TestOrientation6Rotates(t *testing.T) {
	in := withSegments(encodeJPEG(t, gradient(40, 20)), jpegSegment(0xE1, exifWithSecrets(binary.BigEndian, 6)))
	vs := mustProcess(t, in)
	if p := vs[0]; p.Width != 20 || p.Height != 40 {
		t.Errorf("profile %dx%d, want 20x40", p.Width, p.Height)
	}
	if l := vs[1]; l.Width != 20 || l.Height != 20 {
		t.Errorf("list %dx%d, want 20x20", l.Width, l.Height)
	}
}

// TestOrientationAll checks where each corner of the stored image ends up,
// for every EXIF orientation, against the meaning the EXIF standard gives
// each value (the transformation a viewer applies to display it upright).
func TestOrientationAll(t *testing.T) {
	// Source quadrants: red top left, green top right, blue bottom left,
	// white bottom right. Expected: top left, top right, bottom left,
	// bottom right of the output.
	want := map[uint16][4]string{
		1: {"red", "green", "blue", "white"},
		2: {"green", "red", "white", "blue"}, // mirror horizontally
		3: {"white", "blue", "green", "red"}, // rotate 180°
		4: {"blue", "white", "red", "green"}, // mirror vertically
		5: {"red", "blue", "green", "white"}, // mirror horizontally, rotate 90° counter-clockwise
		6: {"blue", "red", "white", "green"}, // rotate 90° clockwise
		7: {"white", "green", "blue", "red"}, // mirror horizontally, rotate 90° clockwise
		8: {"green", "white", "red", "blue"}, // rotate 90° counter-clockwise
	}
	src := encodeJPEG(t, quadrants(64, 32))
	for o := uint16(1); o <= 8; o++ {
		for _, bo := range []byteOrder{binary.LittleEndian, binary.BigEndian} {
			t.Run(fmt.Sprintf("%d/%v", o, bo), func(t *testing.T) {
				in := withSegments(src, jpegSegment(0xE1, exifOrientationOnly(bo, o)))
				if got := jpegOrientation(in); got != int(o) {
					t.Fatalf("jpegOrientation = %d, want %d", got, o)
				}
				p := mustProcess(t, in)[0]
				w, h := 64, 32
				if o >= 5 {
					w, h = 32, 64
				}
				if p.Width != w || p.Height != h {
					t.Fatalf("profile %dx%d, want %dx%d", p.Width, p.Height, w, h)
				}
				m := decodeVariant(t, p)
				got := [4]string{
					nearest(m.At(w/4, h/4)), nearest(m.At(3*w/4, h/4)),
					nearest(m.At(w/4, 3*h/4)), nearest(m.At(3*w/4, 3*h/4)),
				}
				if got != want[o] {
					t.Errorf("corners %v, want %v", got, want[o])
				}
			})
		}
	}
}

func TestMalformedExifIsIgnored(t *testing.T) {
	le := binary.LittleEndian
	good := exifOrientationOnly(le, 6)[6:] // a TIFF body: header, 1-entry IFD0
	patch := func(at int, b ...byte) []byte {
		c := append([]byte(nil), good...)
		copy(c[at:], b)
		return c
	}
	cases := map[string][]byte{
		"empty":                 {},
		"byte order only":       []byte("II"),
		"unknown byte order":    patch(0, 'X', 'X'),
		"not 42":                patch(2, 43, 0),
		"IFD past the end":      patch(4, 0xF0, 0xFF, 0xFF, 0xFF),
		"IFD offset wraps":      patch(4, 0xFF, 0xFF, 0xFF, 0xFF),
		"IFD at the last byte":  patch(4, byte(len(good)-1), 0, 0, 0),
		"entry count too large": patch(8, 0xFF, 0xFF, 0x13, 0x01), // and the one entry is tag 0x0113
		"truncated entry":       good[:8+2+6],
		"type ASCII":            patch(10+2, tASCII, 0),
		"count 2":               patch(10+4, 2, 0, 0, 0),
		"count huge":            patch(10+4, 0xFF, 0xFF, 0xFF, 0xFF),
		"value 0":               patch(10+8, 0, 0),
		"value 9":               patch(10+8, 9, 0),
		"value 0xFFFF":          patch(10+8, 0xFF, 0xFF),
		"IFD0 points to itself": patch(4, 0, 0, 0, 0),
	}
	if exifOrientation(good) != 6 {
		t.Fatal("the unpatched body must read as 6, or the cases prove nothing")
	}
	// An entry count larger than the data is tolerated up to the entries
	// that are there: the orientation is read if it comes first.
	if got := exifOrientation(patch(8, 0xFF, 0xFF)); got != 6 {
		t.Errorf("count too large, orientation first: %d, want 6", got)
	}
	src := encodeJPEG(t, gradient(40, 20))
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if got := exifOrientation(body); got != 1 {
				t.Errorf("exifOrientation = %d, want 1", got)
			}
			in := withSegments(src, jpegSegment(0xE1, append([]byte("Exif\x00\x00"), body...)))
			p := mustProcess(t, in)[0]
			if p.Width != 40 || p.Height != 20 {
				t.Errorf("profile %dx%d, want 40x20 (orientation ignored)", p.Width, p.Height)
			}
		})
	}

	// Broken segment structure, seen by the segment walker alone.
	exif := jpegSegment(0xE1, exifOrientationOnly(le, 6))
	walks := map[string][]byte{
		"SOI only":              {0xFF, 0xD8},
		"length past the end":   {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'},
		"length below 2":        {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01},
		"marker without length": {0xFF, 0xD8, 0xFF, 0xE1, 0x00},
		"lost sync":             {0xFF, 0xD8, 0x12, 0x34},
		"Exif after SOS":        append([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02}, exif...),
		"Exif after EOI":        append([]byte{0xFF, 0xD8, 0xFF, 0xD9}, exif...),
		"truncated Exif":        append([]byte{0xFF, 0xD8}, exif[:len(exif)-4]...),
		"fill bytes to the end": {0xFF, 0xD8, 0xFF, 0xFF, 0xFF},
	}
	if got := jpegOrientation(append([]byte{0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xD0}, exif...)); got != 6 {
		t.Errorf("Exif after fill bytes and a restart marker: %d, want 6", got)
	}
	for name, b := range walks {
		if got := jpegOrientation(b); got != 1 {
			t.Errorf("%s: jpegOrientation = %d, want 1", name, got)
		}
	}
}

func TestPNGMetadataIsStripped(t *testing.T) {
	// Transparent, so that the output is a PNG whose chunks we can walk.
	transparent := fill(64, 64, func(x, y int) color.RGBA {
		if x < 32 {
			return color.RGBA{}
		}
		return red
	})
	opaque := gradient(64, 64)
	for _, tc := range []struct {
		name    string
		img     image.Image
		wantExt string
	}{
		{"transparent", transparent, "png"},
		{"opaque", opaque, "jpg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := withChunks(encodePNG(t, tc.img), metadataChunks(t)...)
			if _, err := png.Decode(bytes.NewReader(in)); err != nil {
				t.Fatalf("fixture does not decode: %v", err)
			}
			types := strings.Join(pngChunkTypes(t, in), " ")
			for _, c := range []string{"tEXt", "iCCP", "iTXt", "zTXt", "eXIf", "tIME"} {
				if !strings.Contains(types, c) {
					t.Fatalf("fixture lacks %s: %s", c, types)
				}
			}
			if !bytes.Contains(in, []byte(secretPNGText)) {
				t.Fatal("fixture lacks its text")
			}
			for _, v := range mustProcess(t, in) { // checkVariants walks the chunks
				if v.Ext != tc.wantExt {
					t.Errorf("%s: %s, want %s", v.Name, v.Ext, tc.wantExt)
				}
			}
		})
	}
}

// measure runs f and returns how long it took and how many bytes it
// allocated.
func measure(f func()) (time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return elapsed, after.TotalAlloc - before.TotalAlloc
}

// TestBombsAreRefusedBeforeDecoding feeds headers that announce far more
// pixels than the files contain. They must be refused from the header alone:
// quickly, and without allocating the pixels (30000x30000 RGBA is 3.6 GB).
func TestBombsAreRefusedBeforeDecoding(t *testing.T) {
	garbage := bytes.Repeat([]byte{0xDE, 0xAD, 0xBE, 0xEF}, 256)
	pngBomb := append([]byte(pngSignature), ihdr(30000, 30000, 6)...)
	pngBomb = append(pngBomb, garbage...)

	jpegBomb := encodeJPEG(t, gradient(16, 16))
	sof := bytes.Index(jpegBomb, []byte{0xFF, 0xC0})
	if sof < 0 {
		t.Fatal("no SOF0 in the encoded JPEG")
	}
	binary.BigEndian.PutUint16(jpegBomb[sof+5:], 30000) // height
	binary.BigEndian.PutUint16(jpegBomb[sof+7:], 30000) // width

	vp8x := func(w, h uint32) []byte {
		chunk := []byte{0, 0, 0, 0} // flags, reserved
		chunk = append(chunk, byte(w-1), byte((w-1)>>8), byte((w-1)>>16))
		chunk = append(chunk, byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
		b := []byte("RIFF")
		b = binary.LittleEndian.AppendUint32(b, uint32(4+8+len(chunk)+len(garbage)))
		b = append(b, "WEBPVP8X"...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(chunk)))
		b = append(b, chunk...)
		return append(b, garbage...)
	}

	cases := map[string][]byte{
		"PNG 30000x30000":          pngBomb,
		"PNG 20001x1":              append(append([]byte(pngSignature), ihdr(20001, 1, 2)...), garbage...),
		"PNG 7000x6000 (42 MP)":    append(append([]byte(pngSignature), ihdr(7000, 6000, 2)...), garbage...),
		"JPEG 30000x30000":         jpegBomb,
		"WebP 30000x30000":         vp8x(30000, 30000),
		"WebP 1x20001":             vp8x(1, 20001),
		"WebP 10000x10000 (100MP)": vp8x(10000, 10000),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			var err error
			elapsed, allocated := measure(func() { _, err = Process(bytes.NewReader(data)) })
			if got := refusal(t, err); got != ErrTooManyPixels {
				t.Fatalf("want %s, got %s", ErrTooManyPixels, got)
			}
			if elapsed > 50*time.Millisecond {
				t.Errorf("took %v, want under 50ms", elapsed)
			}
			if allocated > 1<<20 {
				t.Errorf("allocated %d bytes, want under 1 MB", allocated)
			}
		})
	}
}

func TestCheckDimensions(t *testing.T) {
	for _, tc := range []struct {
		w, h int
		want string // "" for accepted
	}{
		{1, 1, ""},
		{8000, 5000, ""}, // exactly MaxPixels
		{8000, 5001, ErrTooManyPixels},
		{20000, 2000, ""}, // exactly the longest side
		{20001, 1, ErrTooManyPixels},
		{1, 20001, ErrTooManyPixels},
		{20000, 20000, ErrTooManyPixels},
		{0, 10, ErrCorrupt},
		{10, 0, ErrCorrupt},
		{-1, 10, ErrCorrupt},
		{1 << 40, 1 << 40, ErrTooManyPixels}, // must not overflow into acceptance
	} {
		err := checkDimensions(tc.w, tc.h)
		got := ""
		if err != nil {
			got = refusal(t, err)
		}
		if got != tc.want {
			t.Errorf("checkDimensions(%d, %d) = %q, want %q", tc.w, tc.h, got, tc.want)
		}
	}
}

// lazyReader yields a prefix, then zeros, up to size bytes, without holding
// them, and counts what was read. Asked for more than MaxBytes+1 bytes, it
// fails with errReadTooFar, so that a Process that does not stop reading
// fails fast instead of filling memory.
type lazyReader struct {
	prefix     []byte
	size, read int64
}

var errReadTooFar = errors.New("read past MaxBytes+1")

func (r *lazyReader) Read(p []byte) (int, error) {
	if r.read >= r.size {
		return 0, io.EOF
	}
	if r.read >= MaxBytes+1 {
		return 0, errReadTooFar
	}
	n := int(min(int64(len(p)), r.size-r.read))
	for i := range p[:n] {
		off := r.read + int64(i)
		if off < int64(len(r.prefix)) {
			p[i] = r.prefix[off]
		} else {
			p[i] = 0
		}
	}
	r.read += int64(n)
	return n, nil
}

func TestTooLarge(t *testing.T) {
	jpegStart := []byte{0xFF, 0xD8, 0xFF, 0xE0}
	t.Run("MaxBytes+1", func(t *testing.T) {
		r := &lazyReader{prefix: jpegStart, size: MaxBytes + 1}
		_, err := Process(r)
		if got := refusal(t, err); got != ErrTooLarge {
			t.Fatalf("want %s, got %s", ErrTooLarge, got)
		}
	})
	t.Run("endless", func(t *testing.T) {
		r := &lazyReader{prefix: jpegStart, size: 1 << 50}
		_, err := Process(r)
		if got := refusal(t, err); got != ErrTooLarge {
			t.Fatalf("want %s, got %s", ErrTooLarge, got)
		}
		if r.read > MaxBytes+1 {
			t.Errorf("read %d bytes, want at most MaxBytes+1", r.read)
		}
	})
	t.Run("exactly MaxBytes is not too large", func(t *testing.T) {
		r := &lazyReader{prefix: jpegStart, size: MaxBytes}
		_, err := Process(r)
		if got := refusal(t, err); got != ErrCorrupt { // a JPEG start followed by zeros
			t.Fatalf("want %s, got %s", ErrCorrupt, got)
		}
	})
	t.Run("a real image padded to MaxBytes is accepted", func(t *testing.T) {
		r := &lazyReader{prefix: encodePNG(t, gradient(30, 20)), size: MaxBytes} // bytes after IEND are ignored
		vs, err := Process(r)
		if err != nil {
			t.Fatal(err)
		}
		checkVariants(t, vs)
	})
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestReadErrorIsWrapped(t *testing.T) {
	cause := errors.New("connection reset")
	_, err := Process(io.MultiReader(bytes.NewReader([]byte{0xFF, 0xD8}), failingReader{cause}))
	if !errors.Is(err, cause) {
		t.Fatalf("want an error wrapping %v, got %v", cause, err)
	}
	var e *Error
	if errors.As(err, &e) {
		t.Errorf("a failed read is not the uploader's fault, got refusal %s", e.Code)
	}
}

func TestNotImage(t *testing.T) {
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, gradient(8, 8), nil); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"GIF":             gifBuf.Bytes(),
		"SVG":             []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`),
		"HTML":            []byte("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"),
		"PDF":             []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"),
		"text":            []byte("hello, this is a photo.jpg, honestly"),
		"BMP":             append([]byte("BM"), make([]byte, 60)...),
		"WAV":             []byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00"),
		"one byte":        {0xFF},
		"JPEG magic cut":  {0xFF, 0xD8},
		"PNG magic cut":   []byte(pngSignature[:7]),
		"RIFF WEBP cut":   []byte("RIFF\x00\x00\x00\x00WEB"),
		"JPEG inside zip": append([]byte("PK\x03\x04"), encodeJPEG(t, gradient(8, 8))...),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) { wantRefusal(t, data, ErrNotImage) })
	}
	t.Run("empty", func(t *testing.T) { wantRefusal(t, nil, ErrEmpty) })
}

func TestCorrupt(t *testing.T) {
	noisy := fill(64, 64, func(x, y int) color.RGBA {
		return color.RGBA{uint8(x * y), uint8(x ^ y), uint8(x + 3*y), 255}
	})
	jpg := encodeJPEG(t, noisy)
	pngData := encodePNG(t, noisy)
	badCRC := append([]byte(pngSignature), ihdr(10, 10, 2)...)
	badCRC[len(badCRC)-1] ^= 0xFF
	badCRC = append(badCRC, pngData[8+25:]...)
	cases := map[string][]byte{
		"JPEG cut in the middle": jpg[:len(jpg)/2],
		"JPEG magic only":        {0xFF, 0xD8, 0xFF},
		"JPEG without scan":      jpg[:bytes.Index(jpg, []byte{0xFF, 0xDA})],
		"PNG cut in the middle":  pngData[:len(pngData)/2],
		"PNG signature only":     []byte(pngSignature),
		"PNG bad IHDR CRC":       badCRC,
		"PNG 0x10":               append(append([]byte(pngSignature), ihdr(0, 10, 2)...), pngChunk("IEND", nil)...),
		"WebP cut":               webpLossless16x8[:24],
		"WebP header only":       []byte("RIFF\x04\x00\x00\x00WEBP"),
		"WebP garbage":           append([]byte("RIFF\x20\x00\x00\x00WEBPVP8L\x14\x00\x00\x00"), bytes.Repeat([]byte{0xAB}, 20)...),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) { wantRefusal(t, data, ErrCorrupt) })
	}
}

func TestWebP(t *testing.T) {
	t.Run("lossless literal", func(t *testing.T) {
		vs := mustProcess(t, webpLossless16x8)
		want := map[string][2]int{"profile": {16, 8}, "list": {8, 8}}
		for _, v := range vs {
			if v.Ext != "jpg" {
				t.Errorf("%s: WebP gave %s, want jpg", v.Name, v.Ext)
			}
			if got := [2]int{v.Width, v.Height}; got != want[v.Name] {
				t.Errorf("%s: %v, want %v", v.Name, got, want[v.Name])
			}
			m := decodeVariant(t, v)
			if c := rgba(m.At(v.Width/2, v.Height/2)); !near(c, color.RGBA{200, 40, 60, 255}, 12) {
				t.Errorf("%s: colour %v, want about {200 40 60}", v.Name, c)
			}
		}
	})
	t.Run("generator agrees with the literal", func(t *testing.T) {
		// Only the alpha-is-used bit differs.
		g := solidWebP(16, 8, color.NRGBA{200, 40, 60, 255})
		lit := append([]byte(nil), webpLossless16x8...)
		lit[24] |= 0x10 // bit 28 of the 32-bit header
		if !bytes.Equal(g, lit) {
			t.Fatalf("solidWebP:\n% x\nliteral:\n% x", g, lit)
		}
	})
	t.Run("transparent WebP is put on white", func(t *testing.T) {
		vs := mustProcess(t, solidWebP(30, 20, color.NRGBA{0, 0, 0, 0}))
		for _, v := range vs {
			if v.Ext != "jpg" {
				t.Errorf("%s: %s, want jpg", v.Name, v.Ext)
			}
			if c := rgba(decodeVariant(t, v).At(5, 5)); !near(c, white, 3) {
				t.Errorf("%s: transparent pixel became %v, want white", v.Name, c)
			}
		}
	})
}

func TestTransparencyDecidesPNG(t *testing.T) {
	// 4x2 pixels: what matters is whether any alpha is below 255.
	opaqueRGBA := bytes.Repeat([]byte{10, 20, 30, 255}, 8)
	oneTranslucent := append(bytes.Repeat([]byte{10, 20, 30, 255}, 7), 10, 20, 30, 254)
	palette := pngChunk("PLTE", []byte{255, 0, 0, 0, 255, 0}) // 0 red, 1 green
	trns := pngChunk("tRNS", []byte{255, 0})                  // green is transparent
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"RGBA, every pixel opaque", rawPNG(t, 4, 2, 6, opaqueRGBA), "jpg"},
		{"RGBA, one pixel at 254", rawPNG(t, 4, 2, 6, oneTranslucent), "png"},
		{"palette, transparent entry unused", rawPNG(t, 4, 2, 3, make([]byte, 8), palette, trns), "jpg"},
		{"palette, transparent entry used", rawPNG(t, 4, 2, 3, []byte{0, 0, 0, 1, 0, 0, 0, 0}, palette, trns), "png"},
		{"grey", rawPNG(t, 4, 2, 0, []byte{0, 40, 80, 120, 160, 200, 240, 255}), "jpg"},
		{"RGB", rawPNG(t, 4, 2, 2, bytes.Repeat([]byte{1, 2, 3}, 8)), "jpg"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range mustProcess(t, tc.data) {
				if v.Ext != tc.want {
					t.Errorf("%s: %s, want %s", v.Name, v.Ext, tc.want)
				}
			}
		})
	}

	t.Run("alpha survives", func(t *testing.T) {
		// Left half transparent, right half opaque red; 100x60, so the list
		// crop (60x60 from x=20) has both.
		m := image.NewNRGBA(image.Rect(0, 0, 100, 60))
		for y := 0; y < 60; y++ {
			for x := 50; x < 100; x++ {
				m.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
			}
		}
		vs := mustProcess(t, encodePNG(t, m))
		for _, v := range vs {
			if v.Ext != "png" {
				t.Fatalf("%s: %s, want png", v.Name, v.Ext)
			}
			out := decodeVariant(t, v)
			if _, _, _, a := out.At(2, 30).RGBA(); a != 0 {
				t.Errorf("%s: left edge alpha %d, want 0", v.Name, a>>8)
			}
			if c := rgba(out.At(v.Width-2, 30)); c != red {
				t.Errorf("%s: right edge %v, want opaque red", v.Name, c)
			}
		}
	})
}

func TestSizes(t *testing.T) {
	// Red, green and blue vertical stripes: the centre square of 3000x2000
	// is x from 500 to 2500, all green.
	stripes := fill(3000, 2000, func(x, y int) color.RGBA {
		switch {
		case x < 500:
			return red
		case x < 2500:
			return green
		}
		return blue
	})
	t.Run("3000x2000", func(t *testing.T) {
		vs := mustProcess(t, encodeJPEG(t, stripes))
		p, l := vs[0], vs[1]
		if p.Width != 1200 || p.Height != 800 {
			t.Errorf("profile %dx%d, want 1200x800", p.Width, p.Height)
		}
		if l.Width != 480 || l.Height != 480 {
			t.Errorf("list %dx%d, want 480x480", l.Width, l.Height)
		}
		pm := decodeVariant(t, p)
		for _, c := range []struct {
			x    int
			want string
		}{{100, "red"}, {600, "green"}, {1100, "blue"}} {
			if got := nearest(pm.At(c.x, 400)); got != c.want {
				t.Errorf("profile at x=%d: %s, want %s", c.x, got, c.want)
			}
		}
		lm := decodeVariant(t, l)
		for _, pt := range []image.Point{{2, 2}, {477, 2}, {240, 240}, {2, 477}, {477, 477}} {
			if got := nearest(lm.At(pt.X, pt.Y)); got != "green" {
				t.Errorf("list at %v: %s, want green (the centre)", pt, got)
			}
		}
	})
	for _, tc := range []struct {
		name           string
		w, h           int
		pw, ph, listSz int
	}{
		{"portrait", 2000, 3000, 800, 1200, 480},
		{"small, not upscaled", 100, 50, 100, 50, 50},
		{"exactly 1200", 1200, 700, 1200, 700, 480},
		{"odd ratio rounds", 1999, 1001, 1200, 601, 480},
		{"thin strip", 20000, 3, 1200, 1, 3},
		{"one pixel", 1, 1, 1, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vs := mustProcess(t, encodePNG(t, gradient(tc.w, tc.h)))
			p, l := vs[0], vs[1]
			if p.Width != tc.pw || p.Height != tc.ph {
				t.Errorf("profile %dx%d, want %dx%d", p.Width, p.Height, tc.pw, tc.ph)
			}
			if l.Width != tc.listSz || l.Height != tc.listSz {
				t.Errorf("list %dx%d, want %dx%d", l.Width, l.Height, tc.listSz, tc.listSz)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for name, data := range map[string][]byte{
		"JPEG": withSegments(encodeJPEG(t, gradient(300, 200)), jpegSegment(0xE1, exifWithSecrets(binary.LittleEndian, 6))),
		"PNG":  encodePNG(t, fill(50, 70, func(x, y int) color.RGBA { return color.RGBA{uint8(x), 0, 0, uint8(y)} })),
		"WebP": webpLossless16x8,
	} {
		t.Run(name, func(t *testing.T) {
			a, b := mustProcess(t, data), mustProcess(t, data)
			for i := range a {
				if a[i].Hash != b[i].Hash || !bytes.Equal(a[i].Data, b[i].Data) {
					t.Errorf("%s: two runs differ", a[i].Name)
				}
			}
			if a[0].Hash == a[1].Hash {
				t.Error("profile and list have the same hash")
			}
		})
	}
}

// FuzzProcess checks that no input makes Process panic, that success always
// yields data, and that every failure on an in-memory input is a refusal
// with a code (a bytes.Reader cannot fail).
func FuzzProcess(f *testing.F) {
	f.Add(withSegments(encodeJPEG(f, gradient(24, 16)),
		jpegSegment(0xE1, exifWithSecrets(binary.BigEndian, 6)), jpegSegment(0xFE, []byte(secretComment))))
	f.Add(withChunks(encodePNG(f, gradient(9, 7)), metadataChunks(f)...))
	f.Add(rawPNG(f, 4, 2, 3, []byte{0, 0, 0, 1, 0, 0, 0, 0},
		pngChunk("PLTE", []byte{255, 0, 0, 0, 255, 0}), pngChunk("tRNS", []byte{255, 0})))
	f.Add(append([]byte(nil), webpLossless16x8...))
	f.Add(solidWebP(3, 5, color.NRGBA{1, 2, 3, 4}))
	f.Add(append(append([]byte(pngSignature), ihdr(30000, 30000, 6)...), 1, 2, 3))
	f.Add([]byte("GIF89a"))
	jpg := encodeJPEG(f, gradient(16, 16))
	f.Add(jpg[:len(jpg)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		vs, err := Process(bytes.NewReader(data))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("non-refusal error from an in-memory input: %v", err)
			}
			return
		}
		if len(vs) == 0 {
			t.Fatal("success without variants")
		}
		for _, v := range vs {
			if len(v.Data) == 0 {
				t.Fatalf("%s: empty Data", v.Name)
			}
		}
	})
}

// FuzzJPEGOrientation checks that the EXIF reader never panics and never
// returns anything but an orientation.
func FuzzJPEGOrientation(f *testing.F) {
	f.Add(withSegments(encodeJPEG(f, gradient(4, 4)), jpegSegment(0xE1, exifWithSecrets(binary.LittleEndian, 8))))
	f.Add(append([]byte{0xFF, 0xD8}, jpegSegment(0xE1, exifOrientationOnly(binary.BigEndian, 3))...))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
