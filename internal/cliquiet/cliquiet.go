// Package cliquiet keeps a subcommand's standard error to its one line.
//
// The toolkit's package initialisation logs a harmless warning when the
// locale is "C" or unset, as it is for scheduled jobs. Go initialises
// packages in import-path order once their imports are ready, so this
// package, imported by main and needing only the standard library, runs
// before the toolkit's: when the command line names a subcommand, it
// silences the standard logger, and main gives it back once the program
// runs. The window, which takes no argument, keeps the logger throughout.
package cliquiet

import (
	"io"
	"log"
	"os"
	"strings"
)

func init() {
	if subcommand(os.Args[1:]) {
		log.SetOutput(io.Discard)
	}
}

// subcommand reports whether args hold an argument after the global flags.
func subcommand(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-db" || a == "--db":
			i++ // its value
		case strings.HasPrefix(a, "-"):
		default:
			return true
		}
	}
	return false
}

// Restore gives the standard logger back its usual output.
func Restore() { log.SetOutput(os.Stderr) }
