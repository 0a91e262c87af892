package main

import (
	"os"
	"path"
	"strings"
	"testing"
)

// TestDockerContextLeavesDatabasesOut: the Dockerfile copies the whole
// source folder, and a developer's casebook.db (drafts, accounts, audit)
// sits there after `serve --demo`. .dockerignore must keep every database
// file and its WAL out of the image.
func TestDockerContextLeavesDatabasesOut(t *testing.T) {
	b, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	ignored := func(name string) bool {
		for _, p := range patterns {
			if ok, _ := path.Match(strings.TrimSuffix(p, "/"), name); ok {
				return true
			}
		}
		return false
	}
	for _, name := range []string{"casebook.db", "casebook.db-wal", "casebook.db-shm", "demo.db", "backup.db", ".git"} {
		if !ignored(name) {
			t.Errorf("%s would be copied into the image", name)
		}
	}
	for _, name := range []string{"go.mod", "main.go", "Dockerfile"} {
		if ignored(name) {
			t.Errorf("%s is needed by the build but ignored", name)
		}
	}
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CGO_ENABLED=0", "USER 65532", "VOLUME [\"/data\"]"} {
		if !strings.Contains(string(df), want) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
}
