// Command clinicadmin manages the patient accounts of a small clinic: a
// desktop window over one local SQLite file, and a few subcommands for
// scheduled jobs and IT staff.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"clinicadmin/assets"
	"clinicadmin/data"
	"clinicadmin/ui"
)

const appID = "org.clinicadmin.app"

// windowGCPercent is the window's garbage-collection target (Go's default
// is 100).
const windowGCPercent = 50

const usage = `usage:
  clinicadmin [-db PATH]    open the window
`

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run returns the exit status: 0 success, 1 failure, 2 bad usage.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("clinicadmin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", os.Getenv("CLINICADMIN_DB"), "database file")
	if err := fs.Parse(args); err != nil {
		fmt.Fprint(stderr, usage+commandUsage)
		return 2
	}

	path, err := resolvePath(*dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "clinicadmin:", err)
		return 1
	}

	// Subcommands go here, each one case; no subcommand opens the window.
	switch fs.Arg(0) {
	case "":
		return report(stderr, openWindow(path))
	default:
		return runCommand(fs.Arg(0), fs.Args()[1:], path, os.Stdout, stderr)
	}
}

// report prints a failure as one line and returns the exit status.
func report(stderr io.Writer, err error) int {
	if err != nil {
		fmt.Fprintln(stderr, "clinicadmin:", message(err))
		return 1
	}
	return 0
}

// resolvePath picks the -db flag, then CLINICADMIN_DB, then the default file.
func resolvePath(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	return data.DefaultPath()
}

// errNoDisplay stops the window from starting where it cannot be shown,
// which the toolkit would otherwise report with a crash.
var errNoDisplay = errors.New("there is no display to open the window on " +
	"(DISPLAY is not set); the subcommands work without one")

func openWindow(path string) error {
	if !haveDisplay() {
		return errNoDisplay
	}
	store, err := data.Open(context.Background(), path)
	if err != nil {
		return err
	}
	defer store.Close()

	// Most of the window's heap is short-lived garbage of text shaping:
	// collecting at half the usual growth keeps its peak some 10 MB lower.
	debug.SetGCPercent(windowGCPercent)
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	quitOnSignal(a)
	ui.Run(a, store)
	return nil
}

// haveDisplay reports whether a window can be shown: on Linux and the BSDs
// only inside an X11 or Wayland session.
func haveDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}

// quitOnSignal ends the program cleanly, closing the store, when the session
// ends or the process is asked to stop.
func quitOnSignal(a fyne.App) {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		fyne.Do(a.Quit)
	}()
}

// message is the one line shown for a failure: the sentence of a FileError,
// otherwise the error itself.
func message(err error) string {
	var fe *data.FileError
	if errors.As(err, &fe) {
		return fe.Error()
	}
	return err.Error()
}
