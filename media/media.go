// Package media turns an uploaded photo into the images Casebook stores.
//
// The people shown in Casebook profiles are at risk, and a photo can betray
// them through what it carries besides its pixels: the GPS position where it
// was taken, the serial number of the camera, dates, editing software, an
// embedded thumbnail of the uncropped original. Process therefore never
// copies anything from an upload except its decoded pixels: every stored
// image is encoded afresh by the standard library encoders, which write no
// metadata at all.
//
// Uploads are untrusted. Process identifies them by content alone, refuses
// them before decoding when their header announces more pixels than we are
// willing to hold in memory (a "decompression bomb" is a few kilobytes that
// decode into gigabytes), and treats every parse failure as a refusal rather
// than a crash.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// MaxBytes is the upload limit. It bounds the memory a single upload can
// take before it is even looked at.
const MaxBytes = 10 << 20 // 10 MB

// MaxPixels bounds the decoded size: 40 megapixels of RGBA are 160 MB,
// which is as much as one upload may make us allocate.
const MaxPixels = 40_000_000

// maxSide bounds each dimension separately, so that a 40,000,000 x 1 strip,
// which no camera produces, is refused too.
const maxSide = 20000

// Sizes of the stored variants.
const (
	profileMaxSide = 1200 // longest side of the "profile" variant
	listSide       = 480  // side of the square "list" variant
)

// jpegQuality is high enough for faces and documents in photos, and low
// enough to keep pages that list many prisoners light.
const jpegQuality = 85

// Variant is one stored size of a photo.
type Variant struct {
	Name          string // "profile" (longest side at most 1200 px) or "list" (centre crop, at most 480x480)
	Ext           string // "jpg" or "png"
	Mime          string // "image/jpeg" or "image/png"
	Width, Height int
	Data          []byte
	Hash          string // lowercase hex SHA-256 of Data (content address)
}

// Error is a refusal a person can act on. Code is one of the Err* constants,
// which the HTTP layer translates; Error returns an English sentence.
type Error struct{ Code string }

// Refusal codes carried by Error.
const (
	ErrTooLarge      = "media.too_large"       // over MaxBytes
	ErrTooManyPixels = "media.too_many_pixels" // width*height over MaxPixels, or either side over 20000
	ErrNotImage      = "media.not_image"       // not a JPEG, PNG or WebP by content
	ErrCorrupt       = "media.corrupt"         // claims to be one but does not decode
	ErrEmpty         = "media.empty"           // zero bytes
)

// Error returns an English sentence describing the refusal.
func (e *Error) Error() string {
	switch e.Code {
	case ErrTooLarge:
		return "The file is larger than the 10 MB limit."
	case ErrTooManyPixels:
		return "The image is too large: it may have at most 40 megapixels and 20,000 pixels on a side."
	case ErrNotImage:
		return "The file is not a JPEG, PNG or WebP image."
	case ErrCorrupt:
		return "The file looks like an image but is damaged and cannot be read."
	case ErrEmpty:
		return "The file is empty."
	}
	return "The image was refused."
}

func refuse(code string) error { return &Error{Code: code} }

// format is an image format identified by its magic number.
type format int

const (
	formatUnknown format = iota
	formatJPEG
	formatPNG
	formatWebP
)

// Process validates an upload by its content (never by file name or by the
// Content-Type the browser sent) and returns the variants to store: first
// "profile", then "list".
//
// A refusal is returned as *Error (use errors.As); any other error comes from
// r itself and is wrapped.
//
// An upload at the pixel limit costs a few seconds of CPU and several hundred
// megabytes while it is processed (decoded pixels plus the scaler's
// intermediate buffer; about 570 MB for a 16-bit 40-megapixel PNG), however
// small the file. Callers should bound how many calls run at once.
func Process(r io.Reader) ([]Variant, error) {
	// Read one byte past the limit: that is how we know the upload is too
	// large without reading the rest of it.
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: reading upload: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, refuse(ErrTooLarge)
	}
	if len(data) == 0 {
		return nil, refuse(ErrEmpty)
	}

	f := sniff(data)
	if f == formatUnknown {
		return nil, refuse(ErrNotImage)
	}

	// Look at the header only, so that a file announcing billions of pixels
	// is refused before anything is allocated for them. The decoder is
	// chosen from our own sniffing rather than from image.DecodeConfig's
	// process-wide registry, so that the format we checked is the format
	// we decode.
	cfg, err := decodeConfig(f, data)
	if err != nil {
		return nil, refuse(ErrCorrupt)
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}

	src, err := decode(f, data)
	if err != nil {
		return nil, refuse(ErrCorrupt)
	}
	if b := src.Bounds(); b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, refuse(ErrCorrupt)
	}

	orientation := 1
	if f == formatJPEG {
		orientation = jpegOrientation(data)
	}

	// Only a PNG with transparent pixels is stored as PNG: everything else
	// is a photo, which JPEG stores in a fraction of the bytes, and which
	// every browser displays (not true of WebP everywhere).
	asPNG := f == formatPNG && hasTransparency(src)

	profile, err := makeVariant("profile", src, src.Bounds(), profileSize, orientation, asPNG)
	if err != nil {
		return nil, err
	}
	list, err := makeVariant("list", src, centreSquare(src.Bounds()), listSize, orientation, asPNG)
	if err != nil {
		return nil, err
	}
	return []Variant{profile, list}, nil
}

// sniff identifies the format by magic number. The file name and the
// browser's Content-Type are chosen by whoever uploads and prove nothing.
func sniff(b []byte) format {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return formatJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return formatWebP
	}
	return formatUnknown
}

func decodeConfig(f format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case formatJPEG:
		return jpeg.DecodeConfig(r)
	case formatPNG:
		return png.DecodeConfig(r)
	case formatWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("media: unknown format %d", f)
}

func decode(f format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch f {
	case formatJPEG:
		return jpeg.Decode(r)
	case formatPNG:
		return png.Decode(r)
	case formatWebP:
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("media: unknown format %d", f)
}

// checkDimensions applies the pixel limits to the size a header announces.
func checkDimensions(w, h int) error {
	if w <= 0 || h <= 0 {
		return refuse(ErrCorrupt)
	}
	if w > maxSide || h > maxSide || int64(w)*int64(h) > MaxPixels {
		return refuse(ErrTooManyPixels)
	}
	return nil
}

// hasTransparency reports whether any pixel of m is not fully opaque. It
// looks at the pixels, not the colour model: many editors save opaque photos
// as RGBA, and those are better stored as JPEG.
func hasTransparency(m image.Image) bool {
	// Every decoded stdlib image type has an Opaque method that scans its
	// actual alpha values (for a paletted image, only the palette entries
	// that are used).
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return !o.Opaque()
	}
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := m.At(x, y).RGBA(); a != 0xffff {
				return true
			}
		}
	}
	return false
}

// profileSize fits w x h within profileMaxSide on its longest side, keeping
// the aspect ratio and never enlarging.
func profileSize(w, h int) (int, int) {
	if w <= profileMaxSide && h <= profileMaxSide {
		return w, h
	}
	if w >= h {
		return profileMaxSide, max(1, roundDiv(h*profileMaxSide, w))
	}
	return max(1, roundDiv(w*profileMaxSide, h)), profileMaxSide
}

// listSize is for a square: listSide, or the square's own side if smaller.
func listSize(w, h int) (int, int) {
	s := min(w, h, listSide)
	return s, s
}

func roundDiv(a, b int) int { return (a + b/2) / b }

// centreSquare is the largest square centred in r.
func centreSquare(r image.Rectangle) image.Rectangle {
	s := min(r.Dx(), r.Dy())
	x := r.Min.X + (r.Dx()-s)/2
	y := r.Min.Y + (r.Dy()-s)/2
	return image.Rect(x, y, x+s, y+s)
}

// makeVariant scales the part sr of src to the size that size computes for
// the upright image, turns it upright and encodes it.
//
// Scaling happens before the orientation is applied, so that only the small
// result is rotated and the full-size image is never copied.
func makeVariant(name string, src image.Image, sr image.Rectangle, size func(w, h int) (int, int), orientation int, asPNG bool) (Variant, error) {
	sw, sh := sr.Dx(), sr.Dy()
	swap := orientation >= 5 // orientations 5-8 exchange width and height
	if swap {
		sw, sh = sh, sw
	}
	w, h := size(sw, sh)
	dw, dh := w, h // size before turning upright
	if swap {
		dw, dh = h, w
	}

	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	if dw == sr.Dx() && dh == sr.Dy() {
		draw.Draw(dst, dst.Bounds(), src, sr.Min, draw.Src)
	} else {
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, sr, draw.Src, nil)
	}
	out := orient(dst, orientation)

	var buf bytes.Buffer
	v := Variant{Name: name, Width: w, Height: h}
	if asPNG {
		v.Ext, v.Mime = "png", "image/png"
		if err := png.Encode(&buf, out); err != nil {
			return Variant{}, fmt.Errorf("media: encoding %s png: %w", name, err)
		}
	} else {
		v.Ext, v.Mime = "jpg", "image/jpeg"
		// JPEG has no alpha, and the encoder would show transparent pixels
		// (premultiplied to zero) as black; a WebP with transparency is put
		// on white instead.
		flattenOnWhite(out)
		if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return Variant{}, fmt.Errorf("media: encoding %s jpeg: %w", name, err)
		}
	}
	v.Data = buf.Bytes()
	sum := sha256.Sum256(v.Data)
	v.Hash = hex.EncodeToString(sum[:])
	return v, nil
}

// flattenOnWhite composites the premultiplied pixels of m over opaque white,
// in place.
func flattenOnWhite(m *image.RGBA) {
	for i := 0; i+3 < len(m.Pix); i += 4 {
		a := m.Pix[i+3]
		if a == 0xff {
			continue
		}
		// Premultiplied: each channel is at most a, so this cannot overflow.
		m.Pix[i+0] += 0xff - a
		m.Pix[i+1] += 0xff - a
		m.Pix[i+2] += 0xff - a
		m.Pix[i+3] = 0xff
	}
}

// orient returns m turned upright according to an EXIF orientation (1-8),
// that is, transformed the way a viewer would display it.
func orient(m *image.RGBA, orientation int) *image.RGBA {
	if orientation < 2 || orientation > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	ow, oh := w, h
	if orientation >= 5 {
		ow, oh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch orientation {
			case 2: // mirrored horizontally
				nx, ny = w-1-x, y
			case 3: // rotated 180°
				nx, ny = w-1-x, h-1-y
			case 4: // mirrored vertically
				nx, ny = x, h-1-y
			case 5: // transposed
				nx, ny = y, x
			case 6: // needs rotating 90° clockwise
				nx, ny = h-1-y, x
			case 7: // transversed
				nx, ny = h-1-y, w-1-x
			case 8: // needs rotating 90° counter-clockwise
				nx, ny = y, w-1-x
			}
			si := m.PixOffset(m.Rect.Min.X+x, m.Rect.Min.Y+y)
			di := out.PixOffset(nx, ny)
			copy(out.Pix[di:di+4], m.Pix[si:si+4])
		}
	}
	return out
}

// jpegOrientation returns the EXIF Orientation (1-8) of a JPEG, or 1 when it
// has none or its metadata cannot be read. It walks the marker segments up
// to the first scan and reads only the first APP1 Exif segment. Every offset
// is checked against the data: EXIF comes from the uploader, and a damaged
// block must cost us an upright photo at worst, never a crash.
func jpegOrientation(b []byte) int {
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	i := 2
	for i+1 < len(b) {
		if b[i] != 0xFF {
			return 1 // not at a marker: give up rather than guess
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte before a marker
			i++
			continue
		}
		i += 2
		switch {
		case marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7):
			continue // stand-alone markers have no length
		case marker == 0xD9 || marker == 0xDA:
			return 1 // EOI, or SOS: metadata comes before the image data
		}
		if i+2 > len(b) {
			return 1
		}
		n := int(b[i])<<8 | int(b[i+1]) // includes the two length bytes
		if n < 2 || i+n > len(b) {
			return 1
		}
		seg := b[i+2 : i+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return exifOrientation(seg[6:])
		}
		i += n
	}
	return 1
}

// exifOrientation reads the Orientation tag (0x0112) from IFD0 of a TIFF
// structure, the body of an Exif segment. It returns 1 when the tag is
// missing or anything is out of bounds or out of range.
func exifOrientation(t []byte) int {
	const (
		tagOrientation = 0x0112
		typeShort      = 3
		typeLong       = 4
		entrySize      = 12
	)
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:4]) != 42 {
		return 1
	}
	// uint64 arithmetic: offsets are 32-bit and must not wrap.
	size := uint64(len(t))
	off := uint64(bo.Uint32(t[4:8]))
	if off+2 > size {
		return 1
	}
	count := uint64(bo.Uint16(t[off : off+2]))
	for k := uint64(0); k < count; k++ {
		e := off + 2 + k*entrySize
		if e+entrySize > size {
			return 1
		}
		entry := t[e : e+entrySize]
		if bo.Uint16(entry[0:2]) != tagOrientation {
			continue
		}
		if bo.Uint32(entry[4:8]) != 1 {
			return 1
		}
		var v uint32
		switch bo.Uint16(entry[2:4]) {
		case typeShort: // as the standard says
			v = uint32(bo.Uint16(entry[8:10]))
		case typeLong: // as some writers do
			v = bo.Uint32(entry[8:12])
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return int(v)
	}
	return 1
}
