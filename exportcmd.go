package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"clinicadmin/data"
)

// exportArgs are the parsed arguments of export.
type exportArgs struct {
	query data.Query
	room  string
	file  string // "-" for standard output
}

func parseExport(args []string) (exportArgs, error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var a exportArgs
	fs.StringVar(&a.query.Text, "search", "", "words to find")
	status := fs.String("status", "", "active, suspended or pending_delete")
	fs.StringVar(&a.room, "room", "", "room name or code")
	if err := parseFlags(fs, args, 1, 1); err != nil {
		return a, err
	}
	a.file = fs.Arg(0)
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(*status)), " ", "_")
	for _, st := range append([]data.Status{""}, data.Statuses...) {
		if string(st) == key {
			a.query.Status = st
			return a, nil
		}
	}
	return a, errUsage
}

// runExport writes the members matching the search and filters, sorted by
// name, to a CSV file that import reads back. The file appears whole or
// not at all.
func runExport(ctx context.Context, path string, args []string, out io.Writer) error {
	a, err := parseExport(args)
	if err != nil {
		return err
	}
	return withStore(ctx, path, func(s *data.Store) error {
		if a.query.RoomID, err = findRoom(ctx, s, a.room); err != nil {
			return err
		}
		if a.file == "-" {
			_, err := s.Export(ctx, out, a.query, nil)
			return err
		}
		n, err := s.ExportFile(ctx, a.file, a.query, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Exported %s to %s.\n", plural(n, "member"), a.file)
		return nil
	})
}

// findRoom returns the id of the room named or coded key; 0 for "".
func findRoom(ctx context.Context, s *data.Store, key string) (int64, error) {
	if key == "" {
		return 0, nil
	}
	rooms, err := s.ListRooms(ctx)
	if err != nil {
		return 0, err
	}
	for _, r := range rooms {
		if strings.EqualFold(r.Name, key) || strings.EqualFold(r.Code, key) {
			return r.ID, nil
		}
	}
	return 0, fmt.Errorf("there is no room named or coded %q", key)
}
