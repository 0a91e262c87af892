package wordpress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"casebook/media"
)

// Photos says where the import finds the files of the site's media: a
// copy of its uploads folder (wp-content/uploads), and, only when a
// person allows it, the site itself over HTTP(S). A photo found in
// neither is a refusal, never a case without its photo.
type Photos struct {
	// Uploads is a local copy of the site's uploads folder.
	Uploads string
	// Fetch allows downloading a file the uploads folder does not have.
	Fetch bool
	// Client fetches; nil is a client with a timeout.
	Client *http.Client
}

// uploadsMark is where WordPress's uploads folder starts in the address
// of a file in it.
const uploadsMark = "/wp-content/uploads/"

// bytes returns the file of an attachment, and where it was found.
func (ph Photos) bytes(ctx context.Context, m *Media) ([]byte, string, error) {
	var tried []string
	if ph.Uploads != "" {
		for _, rel := range uploadPaths(m) {
			if !filepath.IsLocal(filepath.FromSlash(rel)) {
				continue
			}
			p := filepath.Join(ph.Uploads, filepath.FromSlash(rel))
			data, err := readLimited(p)
			if err == nil {
				return data, p, nil
			}
			if !errors.Is(err, os.ErrNotExist) {
				return nil, p, err
			}
			tried = append(tried, p)
		}
	}
	if ph.Fetch && m.URL != "" {
		data, err := ph.fetch(ctx, m.URL)
		return data, m.URL, err
	}
	switch {
	case m.URL == "" && m.File == "":
		return nil, "", errors.New("the source gives no address for it")
	case ph.Uploads == "":
		return nil, "", fmt.Errorf("%s: give the site's uploads folder with --uploads DIR, or allow --fetch", firstOf(m.URL, m.File))
	case len(tried) == 0:
		return nil, "", fmt.Errorf("%s is not under the uploads folder (%s); allow --fetch to download it", firstOf(m.URL, m.File), uploadsMark)
	}
	return nil, "", fmt.Errorf("%s is not in the uploads folder (looked for %s); allow --fetch to download it", firstOf(m.URL, m.File), strings.Join(tried, ", "))
}

// uploadPaths are where an attachment's file may be under the uploads
// folder: the path WordPress recorded, and the one in its address.
func uploadPaths(m *Media) []string {
	var out []string
	if m.File != "" {
		out = append(out, m.File)
	}
	if u, err := url.Parse(m.URL); err == nil {
		if i := strings.Index(u.Path, uploadsMark); i >= 0 {
			if rel := u.Path[i+len(uploadsMark):]; rel != m.File {
				out = append(out, rel)
			}
		}
	}
	return out
}

func readLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return limited(f)
}

// limited reads at most media.MaxBytes, refusing more as an upload is.
func limited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, media.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > media.MaxBytes {
		return nil, &media.Error{Code: media.ErrTooLarge}
	}
	return data, nil
}

func (ph Photos) fetch(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: only http and https addresses are fetched", raw)
	}
	client := ph.Client
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", raw, res.Status)
	}
	return limited(res.Body)
}

// photo fetches and processes a featured image through the media
// pipeline of an upload: decoded, re-encoded without any metadata (GPS
// position, camera, dates), in its stored sizes.
func (ph Photos) photo(ctx context.Context, m *Media) ([]media.Variant, error) {
	data, where, err := ph.bytes(ctx, m)
	if err != nil {
		return nil, fmt.Errorf("its featured image %s", err)
	}
	vs, err := media.Process(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("its featured image %s: %v", where, err)
	}
	return vs, nil
}
