package wordpress

import (
	"os"
	"path/filepath"

	"casebook/media"
	"casebook/store"
)

// spill keeps the processed photos of a run in a temporary folder until
// the run writes them: a site of thousands of profiles has hundreds of
// megabytes of them, which need not be in memory at once.
type spill struct{ dir string }

func newSpill() (*spill, error) {
	dir, err := os.MkdirTemp("", "casebook-wordpress-*")
	if err != nil {
		return nil, err
	}
	return &spill{dir: dir}, nil
}

func (s *spill) close() { os.RemoveAll(s.dir) }

// keep writes a photo's variants aside and returns what gives them back,
// and the address of the profile variant.
func (s *spill) keep(vs []media.Variant) (func() ([]store.MediaItem, error), string, error) {
	items := make([]store.MediaItem, len(vs))
	for i, v := range vs {
		if err := os.WriteFile(filepath.Join(s.dir, v.Hash), v.Data, 0o600); err != nil {
			return nil, "", err
		}
		items[i] = store.MediaItem{Hash: v.Hash, Ext: v.Ext, Mime: v.Mime, Variant: v.Name, Width: v.Width, Height: v.Height}
	}
	load := func() ([]store.MediaItem, error) {
		out := make([]store.MediaItem, len(items))
		for i, it := range items {
			data, err := os.ReadFile(filepath.Join(s.dir, it.Hash))
			if err != nil {
				return nil, err
			}
			it.Data = data
			out[i] = it
		}
		return out, nil
	}
	return load, items[0].URL(), nil
}
