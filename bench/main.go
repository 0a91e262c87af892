// Command bench measures Casebook on 10,000 published synthetic cases, side
// by side with nginx serving the very same bytes as static files, and
// writes the results to BENCHMARKS.md.
//
//	apt-get install -y wrk nginx-light   # once
//	go run ./bench                       # about 6 minutes
//	go run ./bench -rounds 5 -cases 10000 -duration 10s
//
// Every figure is the median of the rounds; the ratio is Casebook's
// requests per second over nginx's, from the same round.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	rounds    = flag.Int("rounds", 3, "repeat each measurement this many times; medians are reported")
	cases     = flag.Int("cases", 10000, "published synthetic cases")
	duration  = flag.String("duration", "10s", "wrk duration per run")
	queries   = flag.Int("queries", 300, "search queries per round")
	out       = flag.String("out", "BENCHMARKS.md", "where to write the report")
	loadLong  = flag.Int("load-seconds", 30, "seconds of the long readers-and-writers test (0 to skip)")
	keepFiles = flag.Bool("keep", false, "keep the temporary directory")
)

func main() {
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func need(tools ...string) error {
	for _, t := range tools {
		if _, err := exec.LookPath(t); err != nil {
			return fmt.Errorf("%s is not installed: apt-get install -y wrk nginx-light", t)
		}
	}
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func percentile(xs []float64, p float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return s[i]
}

func freePort() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type results struct {
	importSec, startupMs, exportSec    []float64
	caseRPS, nginxRPS, caseP99, ngxP99 map[string][]float64
	bareRPS                            map[string][]float64
	ratio, bareRatio, ofBare, bareP99  map[string][]float64
	searchP50, searchP95               []float64
	peakMB                             float64
	profileBytes, listBytes            int
	loadReport                         string
}

func run() error {
	if err := need("wrk", "nginx", "go"); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "casebook-bench-")
	if err != nil {
		return err
	}
	if !*keepFiles {
		defer os.RemoveAll(dir)
	}
	// nginx's workers run as another user: they must be able to read the
	// files it serves.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(dir, "casebook")
	step("building casebook")
	if err := sh("go", "build", "-o", bin, "./cmd/casebook"); err != nil {
		return err
	}
	data := filepath.Join(dir, "cases.json")
	step(fmt.Sprintf("generating %d synthetic cases", *cases))
	if err := sh(bin, "demo", "--cases", strconv.Itoa(*cases), "--out", data); err != nil {
		return err
	}
	r := &results{bareRPS: map[string][]float64{}, caseRPS: map[string][]float64{}, nginxRPS: map[string][]float64{}, caseP99: map[string][]float64{}, ngxP99: map[string][]float64{}, ratio: map[string][]float64{}, bareRatio: map[string][]float64{}, ofBare: map[string][]float64{}, bareP99: map[string][]float64{}}
	var db string
	for i := 0; i < *rounds; i++ {
		db = filepath.Join(dir, fmt.Sprintf("bench-%d.db", i))
		step(fmt.Sprintf("round %d: import", i+1))
		start := time.Now()
		if err := sh(bin, "import", data, "--as-published", "--db", db); err != nil {
			return err
		}
		r.importSec = append(r.importSec, time.Since(start).Seconds())
	}
	for i := 0; i < *rounds; i++ {
		if err := round(bin, db, dir, i, r); err != nil {
			return err
		}
	}
	for i := 0; i < *rounds; i++ {
		step(fmt.Sprintf("round %d: export-site", i+1))
		exp := filepath.Join(dir, fmt.Sprintf("site-%d", i))
		start := time.Now()
		if err := sh(bin, "export-site", exp, "--db", db, "--base-url", "https://mirror.example.org"); err != nil {
			return err
		}
		r.exportSec = append(r.exportSec, time.Since(start).Seconds())
		os.RemoveAll(exp)
	}
	if *loadLong > 0 {
		step(fmt.Sprintf("readers and writers together for %ds", *loadLong))
		cmd := exec.Command("go", "test", "./cmd/casebook", "-run", "TestReadersAndWritersTogether", "-count=1", "-v")
		cmd.Env = append(os.Environ(), "CASEBOOK_LOAD_SECONDS="+strconv.Itoa(*loadLong))
		outb, err := cmd.CombinedOutput()
		for _, line := range strings.Split(string(outb), "\n") {
			if strings.Contains(line, "requests,") || strings.HasPrefix(strings.TrimSpace(line), "--- ") {
				r.loadReport += strings.TrimSpace(line) + "\n"
			}
		}
		if err != nil {
			return fmt.Errorf("long load test failed:\n%s", outb)
		}
	}
	return report(r)
}

func step(s string) { fmt.Fprintf(os.Stderr, "== %s\n", s) }

func sh(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	return cmd.Run()
}

// round starts the server, measures start-up, the two pages against
// nginx, search, and the peak memory.
func round(bin, db, dir string, i int, r *results) error {
	step(fmt.Sprintf("round %d: server", i+1))
	addr := freePort()
	base := "http://" + addr
	srv := exec.Command(bin, "serve", "--db", db, "--addr", addr, "--access-log=false")
	srv.Stdout, srv.Stderr = io.Discard, io.Discard
	start := time.Now()
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > 30*time.Second {
			return errors.New("the server did not start")
		}
		time.Sleep(2 * time.Millisecond)
	}
	r.startupMs = append(r.startupMs, float64(time.Since(start).Microseconds())/1000)

	// The pages, and the same bytes for nginx.
	var list struct {
		Cases []struct {
			Slug string `json:"slug"`
			RU   struct {
				Name string `json:"name"`
			} `json:"ru"`
		} `json:"cases"`
	}
	body, err := get(base + "/api/v1/cases?per_page=500")
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, &list); err != nil || len(list.Cases) == 0 {
		return fmt.Errorf("open data: %v", err)
	}
	slug := list.Cases[len(list.Cases)/2].Slug
	pages := map[string]string{"profile": "/ru/cases/" + slug, "list": "/ru/cases"}
	root := filepath.Join(dir, "nginx-root")
	for name, p := range pages {
		b, err := get(base + p)
		if err != nil {
			return err
		}
		if name == "profile" {
			r.profileBytes = len(b)
		} else {
			r.listBytes = len(b)
		}
		f := filepath.Join(root, filepath.FromSlash(p), "index.html")
		os.MkdirAll(filepath.Dir(f), 0o755)
		if err := os.WriteFile(f, b, 0o644); err != nil {
			return err
		}
	}
	// A bare Go net/http server answering the same bytes from memory: what
	// the standard library can do here, with no routing, middleware or
	// cache at all.
	bareAddr := freePort()
	bodies := map[string][]byte{}
	for _, p := range pages {
		b, err := get(base + p)
		if err != nil {
			return err
		}
		bodies[p] = b
	}
	bare := &http.Server{Addr: bareAddr, Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b := bodies[req.URL.Path]
		w.Header()["Content-Type"] = []string{"text/html; charset=utf-8"}
		w.Header()["Content-Length"] = []string{strconv.Itoa(len(b))}
		w.Write(b)
	})}
	go bare.ListenAndServe()
	defer bare.Close()
	nginxAddr := freePort()
	stop, err := startNginx(dir, root, nginxAddr)
	if err != nil {
		return err
	}
	defer stop()
	// The same bytes, or the comparison means nothing.
	for _, p := range pages {
		a, err1 := get(base + p)
		b, err2 := get("http://" + nginxAddr + p + "/")
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			return fmt.Errorf("nginx does not serve the same bytes for %s (%v, %v)", p, err1, err2)
		}
	}
	for _, name := range []string{"profile", "list"} {
		step(fmt.Sprintf("round %d: %s, casebook then nginx", i+1, name))
		crps, cp99, err := wrk(base + pages[name])
		if err != nil {
			return err
		}
		nrps, np99, err := wrk("http://" + nginxAddr + pages[name] + "/")
		if err != nil {
			return err
		}
		brps, bp99, err := wrk("http://" + bareAddr + pages[name])
		if err != nil {
			return err
		}
		r.bareRPS[name] = append(r.bareRPS[name], brps)
		r.caseRPS[name] = append(r.caseRPS[name], crps)
		r.nginxRPS[name] = append(r.nginxRPS[name], nrps)
		r.caseP99[name] = append(r.caseP99[name], cp99)
		r.ngxP99[name] = append(r.ngxP99[name], np99)
		r.bareP99[name] = append(r.bareP99[name], bp99)
		r.ratio[name] = append(r.ratio[name], crps/nrps)
		r.bareRatio[name] = append(r.bareRatio[name], brps/nrps)
		r.ofBare[name] = append(r.ofBare[name], crps/brps)
	}

	// Search: names, inflected Russian words, English words, articles and
	// junk, each asked once (a new address each round, so never from the
	// page cache).
	step(fmt.Sprintf("round %d: search", i+1))
	words := []string{"дискредитации", "армии", "свидетели", "измена", "колонии", "приговор", "журналист", "обыск", "war", "army", "treason", "sentenced", "witnesses", "280.3", "207.3", "Bible", "пикет", "экстремистской", "телеграм", "\"NEAR(", "*", "AND"}
	var lat []float64
	for q := 0; q < *queries; q++ {
		var term string
		switch q % 3 {
		case 0:
			term = list.Cases[q%len(list.Cases)].RU.Name
		case 1:
			term = strings.Fields(list.Cases[(q*7)%len(list.Cases)].RU.Name)[1] + "а"
		default:
			term = words[q%len(words)]
		}
		u := base + "/ru/cases?q=" + url.QueryEscape(term) + "&page=1" + strings.Repeat("&status=", i)
		t0 := time.Now()
		if _, err := get(u); err != nil {
			return err
		}
		lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
	}
	r.searchP50 = append(r.searchP50, percentile(lat, 0.5))
	r.searchP95 = append(r.searchP95, percentile(lat, 0.95))

	if mb, err := peakMB(srv.Process.Pid); err == nil && mb > r.peakMB {
		r.peakMB = mb
	}
	return nil
}

func get(u string) ([]byte, error) {
	res, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		return nil, fmt.Errorf("%s: %d", u, res.StatusCode)
	}
	return b, err
}

func startNginx(dir, root, addr string) (func(), error) {
	conf := filepath.Join(dir, "nginx.conf")
	tmp := filepath.Join(dir, "nginx-tmp")
	os.MkdirAll(tmp, 0o755)
	text := fmt.Sprintf(`worker_processes auto;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %[2]s; proxy_temp_path %[2]s; fastcgi_temp_path %[2]s; uwsgi_temp_path %[2]s; scgi_temp_path %[2]s;
  default_type text/html;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  server { listen %[3]s; root %[4]s; etag on; }
}
`, dir, tmp, addr, root)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command("nginx", "-c", conf, "-p", dir)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	for j := 0; j < 200; j++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }, nil
}

var (
	rpsLine = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	p99Line = regexp.MustCompile(`\s99%\s+([0-9.]+)(us|ms|s)`)
)

// wrk runs `wrk -t2 -c64 --latency` and returns requests per second and
// the 99th percentile latency in milliseconds.
func wrk(u string) (float64, float64, error) {
	outb, err := exec.Command("wrk", "-t2", "-c64", "-d"+*duration, "--latency", u).CombinedOutput()
	if err != nil {
		return 0, 0, fmt.Errorf("wrk %s: %v\n%s", u, err, outb)
	}
	if strings.Contains(string(outb), "Non-2xx") || strings.Contains(string(outb), "Socket errors") {
		return 0, 0, fmt.Errorf("wrk %s reported errors:\n%s", u, outb)
	}
	m, p := rpsLine.FindSubmatch(outb), p99Line.FindSubmatch(outb)
	if m == nil || p == nil {
		return 0, 0, fmt.Errorf("wrk output:\n%s", outb)
	}
	rps, _ := strconv.ParseFloat(string(m[1]), 64)
	v, _ := strconv.ParseFloat(string(p[1]), 64)
	switch string(p[2]) {
	case "us":
		v /= 1000
	case "s":
		v *= 1000
	}
	return rps, v, nil
}

// peakMB reads the process's peak resident memory (VmHWM).
func peakMB(pid int) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(sc.Text())[1], 64)
			return kb / 1024, nil
		}
	}
	return 0, errors.New("no VmHWM")
}

func machine() string {
	var b strings.Builder
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		fields := strings.Fields(strings.SplitN(string(data), "\n", 2)[0])
		if len(fields) > 1 {
			kb, _ := strconv.ParseFloat(fields[1], 64)
			mem = fmt.Sprintf("%.0f GiB", kb/1024/1024)
		}
	}
	kernel, _ := exec.Command("uname", "-sr").Output()
	ngx, _ := exec.Command("nginx", "-v").CombinedOutput()
	wrkv, _ := exec.Command("wrk", "--version").CombinedOutput()
	fmt.Fprintf(&b, "- %s, %d cores visible to Go, %s RAM, %s", cpu, runtime.NumCPU(), mem, strings.TrimSpace(string(kernel)))
	fmt.Fprintf(&b, "\n- %s; %s; %s", runtime.Version(), strings.TrimSpace(strings.TrimPrefix(string(ngx), "nginx version: ")),
		strings.TrimSpace(strings.SplitN(string(wrkv), "Copyright", 2)[0]))
	fmt.Fprintf(&b, "\n- wrk, nginx and Casebook share the same cores; nginx runs `worker_processes auto`, `sendfile on`, `access_log off`; Casebook runs with `--access-log=false`")
	return b.String()
}

func report(r *results) error {
	var b bytes.Buffer
	f := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	f("# Benchmarks\n\n")
	f("Measured by `go run ./bench` (see `bench/main.go`) on %s, %d rounds, medians.\n\n", time.Now().UTC().Format("2 January 2006"), *rounds)
	f("%s\n", machine())
	f("- %d published synthetic cases (`casebook demo --cases %d`, seed 1); profile page %d bytes, list page %d bytes, uncompressed\n\n", *cases, *cases, r.profileBytes, r.listBytes)
	f("## Pages under load: `wrk -t2 -c64 -d%s --latency`\n\n", *duration)
	f("| page | Casebook req/s | nginx req/s (same bytes, static file) | Casebook / nginx | Casebook p99 | nginx p99 |\n|---|---:|---:|---:|---:|---:|\n")
	for _, name := range []string{"profile", "list"} {
		f("| %s | %.0f | %.0f | **%.2f** | %.2f ms | %.2f ms |\n", name, median(r.caseRPS[name]), median(r.nginxRPS[name]), median(r.ratio[name]), median(r.caseP99[name]), median(r.ngxP99[name]))
	}
	f("\nThe ceiling of the stack: a bare Go `net/http` server with no routing, middleware or cache, writing the same bytes from memory (run in the same rounds):\n\n")
	f("| page | bare net/http req/s | bare / nginx | Casebook / bare | bare p99 |\n|---|---:|---:|---:|---:|\n")
	for _, name := range []string{"profile", "list"} {
		f("| %s | %.0f | %.2f | %.2f | %.2f ms |\n", name, median(r.bareRPS[name]), median(r.bareRatio[name]), median(r.ofBare[name]), median(r.bareP99[name]))
	}
	f("\n## Other figures\n\n| what | median | goal |\n|---|---:|---|\n")
	f("| search latency p50 (%d queries a round, each new) | %.2f ms | |\n", *queries, median(r.searchP50))
	f("| search latency p95 | %.2f ms | under 20 ms |\n", median(r.searchP95))
	f("| import of %d cases (`casebook import --as-published`) | %.1f s | under 30 s |\n", *cases, median(r.importSec))
	f("| start-up to the first answer of /healthz | %.0f ms | |\n", median(r.startupMs))
	f("| peak memory of the server (VmHWM, highest round) | %.0f MB | under 150 MB |\n", r.peakMB)
	f("| `casebook export-site` of the whole site | %.1f s | |\n", median(r.exportSec))
	if r.loadReport != "" {
		f("\n## Readers and writers together (long form)\n\n```\n%s```\n", r.loadReport)
	}
	f("\nRaw rounds: profile req/s %v vs nginx %v vs bare Go %v; list req/s %v vs nginx %v vs bare Go %v.\n",
		rounded(r.caseRPS["profile"]), rounded(r.nginxRPS["profile"]), rounded(r.bareRPS["profile"]),
		rounded(r.caseRPS["list"]), rounded(r.nginxRPS["list"]), rounded(r.bareRPS["list"]))
	// What was profiled and changed when a goal was missed is written by
	// hand; it goes under the measured figures.
	if notes, err := os.ReadFile(filepath.Join("bench", "notes.md")); err == nil {
		f("\n%s", notes)
	}
	os.Stdout.Write(b.Bytes())
	return os.WriteFile(*out, b.Bytes(), 0o644)
}

func rounded(xs []float64) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x + 0.5)
	}
	return out
}
