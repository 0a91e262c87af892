package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"casebook/content"
	"casebook/store"
	"casebook/wordpress"
)

// cmdImportWordPress moves a WordPress site's posts of one type over as
// cases: `casebook import-wordpress SOURCE`, SOURCE a WXR export file or
// a directory of REST API pages. It prints what it did; with any post
// refused it writes nothing and fails.
func cmdImportWordPress(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import-wordpress", flag.ContinueOnError)
	dbPath := fs.String("db", "casebook.db", "database file")
	typ := fs.String("type", "", "the post type whose posts become cases (default: the mapping's, else post)")
	mapPath := fs.String("map", "", "the mapping file (JSON)")
	lang := fs.String("lang", "", "the language of posts the source names none for: ru or en (default: the mapping's, else ru)")
	asPublished := fs.Bool("as-published", false, "keep what was live: published posts become published cases")
	uploads := fs.String("uploads", "", "a copy of the site's uploads folder (wp-content/uploads), for the photos")
	fetch := fs.Bool("fetch", false, "download photos the uploads folder does not have from the site")
	overwrite := fs.Bool("overwrite", false, "update cases edited in the studio since the last import")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("import-wordpress: %w", err)
	}
	if len(pos) != 1 {
		return errors.New("import-wordpress: give one WXR file or REST directory")
	}
	opt := wordpress.Options{Type: *typ, AsPublished: *asPublished, Overwrite: *overwrite, Source: filepath.Base(pos[0]),
		Photos: wordpress.Photos{Uploads: *uploads, Fetch: *fetch}}
	if *lang != "" {
		l, ok := content.ParseLang(*lang)
		if !ok {
			return errors.New("import-wordpress: --lang must be ru or en")
		}
		opt.Lang = l
	}
	var m *wordpress.Map
	if *mapPath != "" {
		if m, err = wordpress.ReadMap(*mapPath); err != nil {
			return fmt.Errorf("import-wordpress: %w", err)
		}
	}
	x, err := wordpress.ReadSource(pos[0])
	if err != nil {
		return fmt.Errorf("import-wordpress: %w", err)
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := wordpress.Import(ctx, st, x, m, opt)
	if r != nil {
		r.Print(stdout)
	}
	if errors.Is(err, wordpress.ErrRefused) {
		return fmt.Errorf("import-wordpress: %d refused: nothing imported", len(r.Refused))
	}
	if err != nil {
		return fmt.Errorf("import-wordpress: %w", err)
	}
	return nil
}
