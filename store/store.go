// Package store keeps Casebook's data in one SQLite file: accounts,
// sessions, cases with their revisions, comments and the audit log.
//
// Every method takes a context, runs in one transaction and commits last.
// A write transaction (Tx) carries the one time its writes stamp, and the
// helpers that write are plain functions of it.
// Writes go through a single connection (SQLite has one writer at a time;
// queueing in Go is cheaper than busy-waiting in SQLite) and reads through
// a separate pool that cannot write.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"casebook/markdown"
	"casebook/password"
	"casebook/search"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database.
type Store struct {
	w    *sql.DB // one connection, every write
	r    *sql.DB // read-only pool
	path string
	now  func() time.Time
	// verify checks a password against its hash (password.Verify); a
	// test counts the hashes a sign-in computes through it.
	verify func(encoded, pw string) (bool, error)
	// gen counts changes that the public site shows: caches of public
	// pages are good for one generation.
	gen atomic.Int64
	// names and facets are what searches and filter counts read of the
	// reference lists and the public list, kept for one generation.
	names  generational[*search.Names]
	facets generational[*facetTable]
	// md reads case bodies for the passages a search quotes.
	md *markdown.Renderer
}

// Generation changes whenever something the public site shows changes
// (a publication, an unpublication, a moved slug, a site text, a reference
// name). It lives in memory: this process makes every write.
func (s *Store) Generation() int64 { return s.gen.Load() }

func (s *Store) bump() { s.gen.Add(1) }

// dsn puts the pragmas in the connection string so that every pooled
// connection gets them, not only the one that happened to run an Exec.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Set("_txlock", "deferred")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and applies any
// migrations it has not seen.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := createPrivate(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{w: w, path: path, now: func() time.Time { return time.Now().UTC() }, verify: password.Verify, md: markdown.New()}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	if err := s.reindexSearch(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("search index: %w", err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	return s, nil
}

// createPrivate creates an empty file at path that only its owner can
// read, or fails with fs.ErrExist if there is one. SQLite would create a
// new database readable by every local user (0644 less the umask), and it
// holds drafts, internal comments, TOTP secrets and password hashes; an
// empty file is a valid empty database, and SQLite gives the -wal and -shm
// files it makes beside it the mode of the main file. A file that exists
// keeps the mode its operator chose.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// SetClock replaces the clock; tests use it to move time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// SetPasswordCheck replaces the password check (password.Verify); tests
// of other packages wrap it to count the hashes a request computes.
func (s *Store) SetPasswordCheck(verify func(encoded, pw string) (bool, error)) { s.verify = verify }

// migrate applies, in the order of their names, the migrations the
// database has not recorded, each in a transaction of its own. There is no
// 0008 or 0009: those numbers went to work that never landed, no database
// holds them, and a gap costs nothing since migrations are known by name.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		if err := s.applyMigration(ctx, name, version); err != nil {
			return fmt.Errorf("migration %s: %w", version, err)
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name, version string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var seen int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&seen); err != nil {
		return err
	}
	if seen > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, formatTime(tx.Now)); err != nil {
		return err
	}
	return tx.Commit()
}

// Times are stored as UTC text of fixed width so that they sort as text.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

func parseNullTime(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	return parseTime(s.String)
}

// readTx begins a read transaction, so that a page's several queries see
// one snapshot.
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	return s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
}

// Ping checks that the database answers; /healthz uses it.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// Backup writes a consistent copy of the database to path while the server
// keeps running (VACUUM INTO reads one snapshot). It refuses to overwrite.
// The copy is readable by its owner alone from the moment it exists: the
// file is created empty with that mode before SQLite writes into it
// (VACUUM INTO takes an empty file), and removed again if the copy fails.
func (s *Store) Backup(ctx context.Context, path string) (err error) {
	if err := createPrivate(path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("backup: %s already exists", path)
		}
		return fmt.Errorf("backup: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(path)
		}
	}()
	// A connection of its own: the read pool is query-only, which SQLite
	// extends to VACUUM INTO, and the writer must stay free for saves.
	db, err := sql.Open("sqlite", dsn(s.path, false))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}

// IntegrityCheck runs SQLite's own check of the whole file: "ok" or the
// problems it found.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var out []string
	rows, err := s.r.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n"), rows.Err()
}

// CountRevisionsContaining counts revisions whose content holds text;
// the crash tests use it to find every save that was answered.
func (s *Store) CountRevisionsContaining(ctx context.Context, text string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM revisions WHERE instr(content, ?) > 0`, text).Scan(&n)
	return n, err
}

// Tx is a write transaction with the one time its writes stamp: a save
// stamps its revision, the case, the audit entry and anything else with
// the same instant, and helpers are plain functions of the transaction.
type Tx struct {
	*sql.Tx
	Now time.Time
}

// begin starts the write transaction of one store method, at the store's
// clock's present time.
func (s *Store) begin(ctx context.Context) (*Tx, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, Now: s.now()}, nil
}
