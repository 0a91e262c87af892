package wordpress

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Issue is something the report says of one post: why it was refused,
// left out, or what the import did with it that an editor should know.
type Issue struct {
	PostID int64
	Link   string
	Text   string
}

// Report is what an import did, or would have done.
type Report struct {
	Source string
	Site   string
	Type   string
	// Posts counts the posts of the type, by status.
	Posts map[string]int
	// Cases is how many cases the posts make (a translation pair is
	// one).
	Cases int
	// Created, Updated and Unchanged count the cases written, when the
	// import was.
	Created, Updated, Unchanged int
	// Refused are the posts that could not be mapped, with why; any one
	// stops the run (nothing is written).
	Refused []Issue
	// Skipped are posts left out on purpose (in the trash).
	Skipped []Issue
	// Notes are things done that an editor should look at.
	Notes []Issue
	// Unmapped counts, per "taxonomy:slug", the posts with a term the
	// mapping does not name.
	Unmapped map[string]int
	// Written says whether the import was written.
	Written bool
}

func (r *Report) total() int {
	n := 0
	for _, k := range r.Posts {
		n += k
	}
	return n
}

// Print writes the report for a person at a terminal.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "WordPress %s (%s), post type %q\n", r.Site, r.Source, r.Type)
	var parts []string
	for _, st := range sortedKeys(r.Posts) {
		parts = append(parts, fmt.Sprintf("%d %s", r.Posts[st], st))
	}
	detail := ""
	if len(parts) > 0 {
		detail = " (" + strings.Join(parts, ", ") + ")"
	}
	fmt.Fprintf(w, "posts: %d%s, making %d cases\n", r.total(), detail, r.Cases)
	if r.Written {
		fmt.Fprintf(w, "cases: %d new, %d updated, %d unchanged\n", r.Created, r.Updated, r.Unchanged)
	}
	list := func(title string, issues []Issue) {
		if len(issues) == 0 {
			return
		}
		fmt.Fprintf(w, "%s (%d):\n", title, len(issues))
		slices.SortStableFunc(issues, func(a, b Issue) int { return int(a.PostID - b.PostID) })
		for _, is := range issues {
			if is.PostID == 0 {
				fmt.Fprintf(w, "  %s\n", is.Text)
				continue
			}
			where := ""
			if is.Link != "" {
				where = " " + is.Link
			}
			fmt.Fprintf(w, "  post %d%s: %s\n", is.PostID, where, is.Text)
		}
	}
	list("refused", r.Refused)
	list("left out", r.Skipped)
	list("to look at", r.Notes)
	if len(r.Unmapped) > 0 {
		fmt.Fprintf(w, "terms the mapping does not name (ignored):\n")
		for _, k := range sortedKeys(r.Unmapped) {
			fmt.Fprintf(w, "  %s (%d posts)\n", k, r.Unmapped[k])
		}
	}
	if !r.Written {
		fmt.Fprintln(w, "nothing was imported")
	}
}
