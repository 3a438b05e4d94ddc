package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"clinicadmin/data"
	"clinicadmin/internal/cliquiet"
)

// commandUsage lists the subcommands, after the window's line.
const commandUsage = `  clinicadmin [-db PATH] import [-dry-run] [-skip-bad]
                        [-date-order ymd|dmy|mdy] [-visits VISITS.csv] [MEMBERS.csv]
  clinicadmin [-db PATH] export [-search Q] [-status S] [-room R] FILE.csv
  clinicadmin [-db PATH] backup DIR
  clinicadmin [-db PATH] restore BACKUP.db
  clinicadmin [-db PATH] purge
  clinicadmin [-db PATH] check
  clinicadmin [-db PATH] demo N
`

// errUsage is bad usage: exit status 2 with the usage text.
var errUsage = errors.New("bad usage")

// command is one subcommand: it parses its own arguments and reports what
// it did on out.
type command struct {
	run func(ctx context.Context, path string, args []string, out io.Writer) error
	// creates: the command may run on a database that does not exist yet.
	creates bool
}

var commands = map[string]command{
	"import":  {run: runImport, creates: true},
	"export":  {run: runExport},
	"backup":  {run: runBackup},
	"restore": {run: runRestore, creates: true},
	"purge":   {run: runPurge},
	"check":   {run: runCheck},
	"demo":    {run: runDemo, creates: true},
}

// runCommand runs subcommand name on the database at path and returns the
// exit status: 0 success, 1 failure with one line on stderr, 2 bad usage.
// An interrupt or termination signal cancels the command.
func runCommand(name string, args []string, path string, stdout, stderr io.Writer) int {
	cliquiet.Restore()
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprint(stderr, usage+commandUsage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	err := mustExist(path, cmd.creates)
	if err == nil {
		err = cmd.run(ctx, path, args, stdout)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprint(stderr, usage+commandUsage)
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "clinicadmin: %s was cancelled; nothing was changed.\n", name)
		return 1
	}
	fmt.Fprintln(stderr, "clinicadmin:", oneLine(message(err)))
	return 1
}

// oneLine keeps a message on one line, whatever it quotes.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mustExist refuses a database file that does not exist, for the commands
// that would otherwise create an empty one and act on nothing.
func mustExist(path string, creates bool) error {
	if creates {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s does not exist; give the database with -db PATH", path)
	}
	return nil
}

// withStore opens the database at path for fn and closes it after.
func withStore(ctx context.Context, path string, fn func(*data.Store) error) error {
	s, err := data.Open(ctx, path)
	if err != nil {
		return err
	}
	err = fn(s)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// parseFlags parses a subcommand's flags and checks its count of
// arguments.
func parseFlags(fs *flag.FlagSet, args []string, minArgs, maxArgs int) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() < minArgs || fs.NArg() > maxArgs {
		return errUsage
	}
	return nil
}

func runBackup(ctx context.Context, path string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	if err := parseFlags(fs, args, 1, 1); err != nil {
		return err
	}
	return withStore(ctx, path, func(s *data.Store) error {
		file, err := s.Backup(ctx, fs.Arg(0), nil)
		if file != "" {
			fmt.Fprintln(out, "Backup written to", file)
		}
		return err
	})
}

func runRestore(ctx context.Context, path string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	if err := parseFlags(fs, args, 1, 1); err != nil {
		return err
	}
	kept, err := data.Restore(ctx, fs.Arg(0), path)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Restored %s from %s.\n", path, fs.Arg(0))
	if kept != "" {
		fmt.Fprintf(out, "The file it replaced was kept as %s.\n", kept)
	}
	return nil
}

func runPurge(ctx context.Context, path string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("purge", flag.ContinueOnError)
	if err := parseFlags(fs, args, 0, 0); err != nil {
		return err
	}
	return withStore(ctx, path, func(s *data.Store) error {
		removed, err := s.Purge(ctx, time.Now())
		fmt.Fprintf(out, "Removed %s whose Pending delete period had ended.\n",
			plural(len(removed), "member"))
		return err
	})
}

func runCheck(ctx context.Context, path string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	if err := parseFlags(fs, args, 0, 0); err != nil {
		return err
	}
	return withStore(ctx, path, func(s *data.Store) error {
		if err := s.IntegrityCheck(ctx); err != nil {
			return err
		}
		if err := s.VerifyAudit(ctx); err != nil {
			return err
		}
		fmt.Fprintln(out, "The database is sound and its audit log is intact.")
		return nil
	})
}

// maxDemo bounds demo N: ten million members is far beyond a small clinic.
const maxDemo = 10_000_000

func runDemo(ctx context.Context, path string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	if err := parseFlags(fs, args, 1, 1); err != nil {
		return err
	}
	n, err := strconv.Atoi(fs.Arg(0))
	if err != nil || n < 1 || n > maxDemo {
		return errUsage
	}
	return withStore(ctx, path, func(s *data.Store) error {
		if err := s.LoadSample(ctx, n, nil); err != nil {
			return err
		}
		fmt.Fprintf(out, "Added %s with their visits.\n", plural(n, "sample member"))
		return nil
	})
}

// plural is "1 member", "2 members", "1,000 members".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// thousands groups the digits of n by three with commas.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// displayName is how a file given on the command line is named in
// messages.
func displayName(path string) string {
	return filepath.Base(path)
}
