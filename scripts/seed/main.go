// Command seed fills a new Clinic Admin database with sample members for the
// screenshots: it loads N sample members, sends one of them a reset link
// (recorded only; no email goes out) and prints that member's username, for
// the screenshot script to search for.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"clinicadmin/data"
)

func main() {
	db := flag.String("db", "", "database file to create")
	n := flag.Int("n", 60, "sample members")
	flag.Parse()
	if *db == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: seed -db FILE [-n N]")
		os.Exit(2)
	}
	if err := seed(context.Background(), *db, *n); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

func seed(ctx context.Context, path string, n int) error {
	s, err := data.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.LoadSample(ctx, n, nil); err != nil {
		return err
	}

	m, err := pick(ctx, s, int64(n))
	if err != nil {
		return err
	}
	tok, err := s.IssueToken(ctx, m.ID, data.PurposeReset, 0)
	if err != nil {
		return err
	}
	if err := s.MarkTokenSent(ctx, tok.ID, time.Now()); err != nil {
		return err
	}
	fmt.Println(m.Username)
	return nil
}

// pick finds an active registered member with visits.
func pick(ctx context.Context, s *data.Store, n int64) (data.Member, error) {
	for id := int64(1); id <= n; id++ {
		m, err := s.GetMember(ctx, id)
		if err != nil {
			continue
		}
		if m.Registered() && m.Status == data.StatusActive && m.Visits > 1 {
			return m, nil
		}
	}
	return data.Member{}, fmt.Errorf("no active registered member with visits")
}
