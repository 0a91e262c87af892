package store

import (
	"context"
	"database/sql"
	"errors"

	"casebook/content"
	"casebook/errs"
)

// MediaItem is a stored image.
type MediaItem struct {
	Hash    string
	Ext     string
	Mime    string
	Variant string
	// Parent is the hash of the profile variant a list variant was cut
	// from; "" for the profile variant itself.
	Parent string
	Width  int
	Height int
	Data   []byte
}

// URL is the address the image is served at.
func (m *MediaItem) URL() string { return "/media/" + m.Hash + "." + m.Ext }

// SaveMedia stores the variants of one photo; the first is the profile
// variant, the others name it as their parent. Storing an image that is
// already there (same bytes, same hash) is not an error.
func (s *Store) SaveMedia(ctx context.Context, actor *User, items []MediaItem) error {
	if len(items) == 0 {
		return errs.Invalid("error.photo_missing")
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := formatTime(tx.Now)
	for i, m := range items {
		var parent any
		if i > 0 {
			parent = items[0].Hash
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO media (hash, ext, mime, variant, parent, width, height, data, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
			m.Hash, m.Ext, m.Mime, m.Variant, parent, m.Width, m.Height, m.Data, nullID(actorID(actor)), now); err != nil {
			return err
		}
	}
	if err := audit(ctx, tx, actorID(actor), "media.upload", 0, 0, AuditMedia{Hash: items[0].Hash}); err != nil {
		return err
	}
	return tx.Commit()
}

// Media returns a stored image, and whether the public may see it: only
// while the live revision of a published case uses it, so that a photo
// uploaded to a draft cannot leak through its address.
func (s *Store) Media(ctx context.Context, hash string) (*MediaItem, bool, error) {
	var m MediaItem
	var parent sql.NullString
	var public bool
	err := s.r.QueryRowContext(ctx, `
		SELECT hash, ext, mime, variant, parent, width, height, data,
		       EXISTS (SELECT 1 FROM public_index WHERE photo_hash = media.hash OR photo_hash = media.parent)
		FROM media WHERE hash = ?`, hash).
		Scan(&m.Hash, &m.Ext, &m.Mime, &m.Variant, &parent, &m.Width, &m.Height, &m.Data, &public)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, errs.NotFound("error.404.message")
	}
	if err != nil {
		return nil, false, err
	}
	m.Parent = parent.String
	return &m, public, nil
}

// checkPhoto refuses a photo address that names no stored profile image.
func checkPhoto(ctx context.Context, tx *sql.Tx, c *content.Case) error {
	if c.Photo.URL == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM media WHERE hash = ? AND variant = 'profile'`, content.MediaHash(c.Photo.URL)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return invalid(content.FieldErrors{"photo": "error.photo_url"})
	}
	return nil
}

// PhotoThumb returns the list variant of a profile image, or "".
func (s *Store) PhotoThumb(ctx context.Context, profileURL string) (string, error) {
	hash := content.MediaHash(profileURL)
	if hash == "" {
		return "", nil
	}
	var h, ext string
	err := s.r.QueryRowContext(ctx, `SELECT hash, ext FROM media WHERE parent = ? AND variant = 'list'`, hash).Scan(&h, &ext)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return "/media/" + h + "." + ext, nil
}

// PublicMedia lists the addresses of every image the public may see: the
// photos of live revisions and their list variants.
func (s *Store) PublicMedia(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT hash, ext FROM media
		WHERE hash IN (SELECT photo_hash FROM public_index WHERE photo_hash != '')
		   OR parent IN (SELECT photo_hash FROM public_index WHERE photo_hash != '')
		ORDER BY hash`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h, ext string
		if err := rows.Scan(&h, &ext); err != nil {
			return nil, err
		}
		out = append(out, "/media/"+h+"."+ext)
	}
	return out, rows.Err()
}
