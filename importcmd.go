package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"clinicadmin/data"
)

// dateOrders are the values of import -date-order.
var dateOrders = map[string]data.DateOrder{
	"ymd": data.OrderYMD, "dmy": data.OrderDMY, "mdy": data.OrderMDY,
}

// importArgs are the parsed arguments of import.
type importArgs struct {
	dryRun  bool
	opts    data.ImportOptions
	members string
	visits  string
}

func parseImport(args []string) (importArgs, error) {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var a importArgs
	fs.BoolVar(&a.dryRun, "dry-run", false, "check the files, write nothing")
	fs.BoolVar(&a.opts.SkipBad, "skip-bad", false, "import the good rows")
	order := fs.String("date-order", "ymd", "order of dates of birth not written YYYY-MM-DD")
	fs.StringVar(&a.visits, "visits", "", "visits file")
	if err := parseFlags(fs, args, 0, 1); err != nil {
		return a, err
	}
	a.members = fs.Arg(0)
	var ok bool
	if a.opts.DateOrder, ok = dateOrders[*order]; !ok || a.members+a.visits == "" {
		return a, errUsage
	}
	return a, nil
}

// runImport imports a members file, a visits file or both, or with
// -dry-run checks them. Refused rows are listed on out by file, line and
// rule, never with their values.
func runImport(ctx context.Context, path string, args []string, out io.Writer) error {
	a, err := parseImport(args)
	if err != nil {
		return err
	}
	files, closeFiles, err := openImportFiles(a)
	if err != nil {
		return err
	}
	defer closeFiles()

	return withStore(ctx, path, func(s *data.Store) error {
		run := s.Import
		if a.dryRun {
			run = s.PlanImport
		}
		rep, err := run(ctx, files, a.opts, nil)
		listProblems(out, rep, a)
		if err != nil {
			return err
		}
		return summarize(out, rep, a)
	})
}

// openImportFiles opens the files named; closeFiles closes them.
func openImportFiles(a importArgs) (data.ImportFiles, func(), error) {
	var files data.ImportFiles
	var opened []*os.File
	closeFiles := func() {
		for _, f := range opened {
			f.Close()
		}
	}
	for _, p := range []struct {
		name string
		dst  *io.Reader
	}{{a.members, &files.Members}, {a.visits, &files.Visits}} {
		if p.name == "" {
			continue
		}
		f, err := os.Open(p.name)
		if err != nil {
			closeFiles()
			return files, nil, fmt.Errorf("cannot read %s: %w", p.name, errors.Unwrap(err))
		}
		opened = append(opened, f)
		*p.dst = f
	}
	return files, closeFiles, nil
}

// listProblems prints each problem as FILE:LINE: sentence.
func listProblems(out io.Writer, rep data.ImportReport, a importArgs) {
	for _, p := range rep.Problems {
		name := a.members
		if p.File == "visits" {
			name = a.visits
		}
		fmt.Fprintf(out, "%s:%d: %s\n", displayName(name), p.Line, p.Reason)
	}
	if len(rep.Problems) == data.MaxProblems {
		fmt.Fprintf(out, "(only the first %s problems are listed)\n", thousands(data.MaxProblems))
	}
}

// summarize reports what was, or would be, imported. A dry run that finds
// bad rows fails, so that a script can tell.
func summarize(out io.Writer, rep data.ImportReport, a importArgs) error {
	what := plural(rep.Members, "member") + " and " + plural(rep.Visits, "visit")
	rows := rep.MemberRows + rep.VisitRows
	switch {
	case a.dryRun && rep.Bad > 0:
		return fmt.Errorf("%s of %s would be refused; nothing was written",
			thousands(rep.Bad), plural(rows, "row"))
	case a.dryRun:
		fmt.Fprintf(out, "Dry run: %s would be imported; nothing was written.\n", what)
	case rep.Bad > 0:
		fmt.Fprintf(out, "Imported %s; %s refused.\n", what, plural(rep.Bad, "row"))
	default:
		fmt.Fprintf(out, "Imported %s.\n", what)
	}
	return nil
}
