package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/term"

	"casebook/auth"
	"casebook/content"
	"casebook/demo"
	"casebook/handlers"
	"casebook/i18n"
	"casebook/store"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dbPath := fs.String("db", "casebook.db", "database file")
	asPublished := fs.Bool("as-published", false, "publish the imported cases at once")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if len(pos) != 1 {
		return errors.New("import: give one JSON file")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	dump, err := store.ParseImport(data)
	if err != nil {
		return fmt.Errorf("import: %s: %w", pos[0], err)
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := store.ImportOptions{AsPublished: *asPublished, Source: filepath.Base(pos[0])}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && len(dump.Cases) >= 100 {
		// Progress only for a person watching: a script gets silence.
		opt.Progress = func(done, total int) {
			if done%100 == 0 || done == total {
				fmt.Fprintf(stderr, "\rimported %d/%d", done, total)
				if done == total {
					fmt.Fprintln(stderr)
				}
			}
		}
	}
	n, err := st.Import(ctx, dump, opt)
	var ie *store.ImportError
	if errors.As(err, &ie) {
		p := i18n.New().Printer(content.EN)
		for _, pr := range ie.Problems {
			// A problem of a group of the file names the group by its
			// position among the groups and its code.
			what, field := fmt.Sprintf("case %d (%s)", pr.Index, pr.Slug), pr.Field
			if f, ok := strings.CutPrefix(pr.Field, "groups."); ok {
				what, field = fmt.Sprintf("group %d (%s)", pr.Index, pr.Slug), f
			}
			fmt.Fprintf(stderr, "%s: %s: %s\n", what, field, p.TOr(pr.Key, pr.Key))
		}
		return fmt.Errorf("import: nothing imported: %d problems in %s", len(ie.Problems), pos[0])
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	fmt.Fprintf(stdout, "imported %d cases\n", n)
	return nil
}

func cmdExport(ctx context.Context, args []string) error {
	// The private fields leave only when asked for on the command line
	// each time: a variable set once in a shell or a service file would
	// put them into every export made there.
	if _, set := os.LookupEnv("CASEBOOK_INCLUDE_PRIVATE"); set {
		return errors.New("export: CASEBOOK_INCLUDE_PRIVATE is not read; give --include-private on the command line when the private fields must leave")
	}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dbPath := fs.String("db", "casebook.db", "database file")
	private := fs.Bool("include-private", false, "add each case's private fields (family and lawyer contacts, source reliability, notes), consent records and takedown requests under \"private\"; the export is recorded in the audit log")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if len(pos) != 1 {
		return errors.New("export: give the file to write")
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	dump, err := st.ExportWith(ctx, store.ExportOptions{Private: *private, File: filepath.Base(pos[0])})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// Written beside the target and renamed, so that a failed export
	// never leaves half a file where a whole one was expected.
	tmp, err := os.CreateTemp(filepath.Dir(pos[0]), ".casebook-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	enc := json.NewEncoder(tmp)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(dump); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := st.Record(ctx, nil, "export", store.AuditFile{File: filepath.Base(pos[0])}); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), pos[0])
}

func cmdExportSite(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export-site", flag.ContinueOnError)
	dbPath := fs.String("db", "casebook.db", "database file")
	base := fs.String("base-url", "", "the mirror's public address, for canonical links, feeds and the sitemap (e.g. https://mirror.example.org)")
	lang := fs.String("lang", "ru", "language the root page sends visitors to")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("export-site: %w", err)
	}
	if len(pos) != 1 {
		return errors.New("export-site: give the directory to write")
	}
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("export-site: %w", err)
	}
	defLang, ok := content.ParseLang(*lang)
	if !ok {
		return errors.New("export-site: --lang must be ru or en")
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	sess, err := auth.NewSessionStore(ctx, st, false)
	if err != nil {
		return err
	}
	// Only problems are worth a line here; every page would be noise.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := handlers.New(st, sess, log, handlers.WithStatic(), handlers.WithBaseURL(*base), handlers.WithDefaultLang(defLang), handlers.WithoutAccessLog())
	e := echo.New()
	h.Routes(e)
	if err := os.MkdirAll(pos[0], 0o755); err != nil {
		return fmt.Errorf("export-site: %w", err)
	}
	n, err := h.ExportSite(ctx, e, pos[0])
	if err != nil {
		return err
	}
	if err := st.Record(ctx, nil, "export_site", store.AuditFiles{Files: n}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", n, pos[0])
	return nil
}

// cmdDemo makes synthetic cases for load tests and benchmarks: into a JSON
// file for `casebook import`, or straight into a database, published.
func cmdDemo(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	n := fs.Int("cases", 1000, "how many cases")
	out := fs.String("out", "", "write an import file instead of filling a database")
	dbPath := fs.String("db", "casebook.db", "database to fill, when there is no --out")
	photoEvery := fs.Int("photo-every", 20, "one case in this many gets a photo (0: none)")
	seed := fs.Uint64("seed", 1, "the same seed gives the same cases")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(pos) > 0 || *n < 1 || *n > 1_000_000 {
		return errors.New("demo: give --cases N (1 to 1,000,000) and no other argument")
	}
	dump, err := demo.Synthetic(*n, *seed, *photoEvery)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		enc := json.NewEncoder(f)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(dump); err != nil {
			f.Close()
			return fmt.Errorf("demo: %w", err)
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d synthetic cases to %s\n", *n, *out)
		return nil
	}
	st, err := store.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Import(ctx, dump, store.ImportOptions{AsPublished: true, Source: "synthetic"}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(stdout, "added %d synthetic published cases to %s\n", *n, *dbPath)
	return nil
}
