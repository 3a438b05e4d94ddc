// Command search measures target P1: the first page of a member search on
// a large file, against a plain LIKE scan of the same file, both measured
// in the same run. It builds the file first, or reuses one that already
// holds exactly -n members.
//
//	go run ./bench/search -n 1000000 -db /tmp/bench.db
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"clinicadmin/data"
)

// P1's targets.
const (
	targetP95   = 5 * time.Millisecond
	targetRatio = 100.0
)

// Search texts as an administrator types them: names and parts of names in
// several scripts, full names, parts of emails and phones, a birth date.
var longTexts = []string{
	"mar", "son", "ann", "smith", "garcía", "schmidt", "müller", "иван", "ова",
	"王小明", "maria garcia", "jürgen", "kowalski", "gonz", "555-01", "@post.ex",
	"papadop", "1980-03-07",
}

var shortTexts = []string{"m", "jo", "sc", "a", "ив", "王", "zh", "06", "Νι"}

func main() {
	n := flag.Int("n", 1000000, "members in the file")
	path := flag.String("db", "/tmp/clinicadmin-bench.db", "database file")
	reps := flag.Int("reps", 20, "searches of each text")
	likeReps := flag.Int("like-reps", 3, "LIKE scans of each text")
	flag.Parse()

	if err := run(*path, *n, *reps, *likeReps); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(path string, n, reps, likeReps int) error {
	ctx := context.Background()
	took, err := buildDB(ctx, path, n)
	if err != nil {
		return err
	}
	if took > 0 {
		fmt.Printf("built %d members in %v\n", n, took.Round(time.Second))
	}

	store, err := data.Open(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("open for LIKE: %w", err)
	}
	defer raw.Close()

	var results []setResult
	for _, set := range []struct {
		name  string
		texts []string
	}{{"3+ chars", longTexts}, {"1-2 chars", shortTexts}} {
		r, err := measureSet(ctx, store, raw, set.texts, reps, likeReps)
		if err != nil {
			return err
		}
		r.name = set.name
		results = append(results, r)
	}
	printResults(n, results)
	return nil
}

// setResult is the timing of one set of texts.
type setResult struct {
	name         string
	search, like []time.Duration
	perText      []textResult
}

type textResult struct {
	text          string
	found         int // members on the first page
	search, count time.Duration
	like          time.Duration
}

// measureSet times the first page of each text, rep after rep so that no
// text has the cache to itself, then the LIKE scan of each.
func measureSet(ctx context.Context, s *data.Store, raw *sql.DB, texts []string,
	reps, likeReps int) (setResult, error) {
	var r setResult
	perText := make([][]time.Duration, len(texts))
	found := make([]int, len(texts))
	for range reps {
		for i, text := range texts {
			start := time.Now()
			page, err := s.Search(ctx, data.Query{Text: text})
			if err != nil {
				return r, fmt.Errorf("search %q: %w", text, err)
			}
			d := time.Since(start)
			perText[i] = append(perText[i], d)
			r.search = append(r.search, d)
			found[i] = len(page.Members)
		}
	}

	for i, text := range texts {
		t := textResult{text: text, found: found[i], search: percentile(perText[i], 50)}
		start := time.Now()
		if _, err := s.CountMatches(ctx, data.Query{Text: text}); err != nil {
			return r, fmt.Errorf("count %q: %w", text, err)
		}
		t.count = time.Since(start)
		var likes []time.Duration
		for range likeReps {
			d, err := likeScan(ctx, raw, text)
			if err != nil {
				return r, err
			}
			likes = append(likes, d)
		}
		t.like = percentile(likes, 50)
		r.like = append(r.like, likes...)
		r.perText = append(r.perText, t)
	}
	return r, nil
}

// likeScan is the search a plain SQL program would run: every row read,
// three fields tested with LIKE '%text%'.
func likeScan(ctx context.Context, db *sql.DB, text string) (time.Duration, error) {
	start := time.Now()
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM members
		WHERE first_name LIKE ?1 OR last_name LIKE ?1 OR email LIKE ?1`,
		"%"+text+"%").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("LIKE scan %q: %w", text, err)
	}
	return time.Since(start), nil
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(i, len(s))-1)]
}

func printResults(n int, results []setResult) {
	for _, r := range results {
		fmt.Printf("\n%s, %d members: first page (default sort, 50 rows)\n", r.name, n)
		fmt.Printf("  %-14s %6s %10s %10s %10s\n", "text", "rows", "search p50", "count",
			"LIKE p50")
		for _, t := range r.perText {
			fmt.Printf("  %-14s %6d %10s %10s %10s\n", t.text, t.found, ms(t.search),
				ms(t.count), ms(t.like))
		}
	}

	fmt.Printf("\n%-10s %10s %10s %10s %8s  %-14s %s\n", "P1", "search p50", "search p95",
		"LIKE p50", "ratio", "p95 <= 5 ms", ">= 100x")
	for _, r := range results {
		p95 := percentile(r.search, 95)
		like := percentile(r.like, 50)
		ratio := float64(like) / float64(p95)
		fmt.Printf("%-10s %10s %10s %10s %7.0fx  %-14s %s\n", r.name,
			ms(percentile(r.search, 50)), ms(p95), ms(like), ratio,
			verdict(p95 <= targetP95), verdict(ratio >= targetRatio))
	}
	fmt.Println("\nratio: LIKE scan p50 over search p95, both measured in this run")
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}
