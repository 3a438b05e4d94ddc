package ui

import (
	"context"
	"errors"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"clinicadmin/data"
	"clinicadmin/mail"
)

// env is what every view shares: the store, the window, the way back to the
// UI goroutine, and the dialogs that are open.
type env struct {
	store *data.Store
	win   fyne.Window
	order data.DateOrder
	now   func() time.Time

	// outbox sends the queued email, while the window runs it.
	outbox *mail.Outbox

	// do runs a function on the UI goroutine: fyne.Do in the program, a
	// queue that the test drains in tests (the test driver's fyne.Do runs
	// the function at once, on whatever goroutine called it).
	do func(func())

	ctx     context.Context
	cancel  context.CancelFunc
	work    sync.WaitGroup
	mu      sync.Mutex // guards stopped and work.Add against stop
	stopped bool
	// inflight counts work and timers whose result has not been handed to
	// do yet; tests wait for it to reach zero.
	inflight atomic.Int64

	dialogs []dialog.Dialog
}

func newEnv(store *data.Store, win fyne.Window, do func(func())) *env {
	ctx, cancel := context.WithCancel(context.Background())
	return &env{
		store:  store,
		win:    win,
		order:  localeDateOrder(),
		now:    time.Now,
		do:     do,
		ctx:    ctx,
		cancel: cancel,
		outbox: mail.NewOutbox(store, mail.OutboxOptions{}),
	}
}

// async runs work off the UI goroutine; the function it returns, if any, is
// then run on the UI goroutine, once, with the whole result.
func (e *env) async(work func(ctx context.Context) func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.stopped {
		return
	}
	e.work.Add(1)
	e.inflight.Add(1)
	go func() {
		defer e.work.Done()
		defer e.inflight.Add(-1)
		apply := work(e.ctx)
		if apply != nil && e.ctx.Err() == nil {
			e.do(apply)
		}
	}()
}

// readRooms reads the rooms off the UI goroutine and hands them to use on
// it; a failure is shown instead.
func (e *env) readRooms(use func([]data.Room)) {
	e.async(func(ctx context.Context) func() {
		rooms, err := e.store.ListRooms(ctx)
		return func() {
			if err != nil {
				e.fail("read the rooms", err)
				return
			}
			use(rooms)
		}
	})
}

// later runs fn on its own goroutine after d, unless the returned stop is
// called first. fn must not touch widgets: it hands results to async.
func (e *env) later(d time.Duration, fn func()) (stop func()) {
	e.inflight.Add(1)
	t := time.AfterFunc(d, func() {
		defer e.inflight.Add(-1)
		if e.ctx.Err() == nil {
			fn()
		}
	})
	return func() {
		if t.Stop() {
			e.inflight.Add(-1)
		}
	}
}

// stop cancels work in flight and waits for it, so that the store can be
// closed behind it.
func (e *env) stop() {
	e.mu.Lock()
	e.stopped = true
	e.mu.Unlock()
	e.cancel()
	e.work.Wait()
}

// show opens d and keeps it on the stack that Escape closes from the top.
func (e *env) show(d dialog.Dialog) {
	e.dialogs = append(e.dialogs, d)
	d.SetOnClosed(func() { e.forget(d) })
	d.Show()
}

func (e *env) forget(d dialog.Dialog) {
	for i := len(e.dialogs) - 1; i >= 0; i-- {
		if e.dialogs[i] == d {
			e.dialogs = append(e.dialogs[:i], e.dialogs[i+1:]...)
			return
		}
	}
}

// closeTop closes the dialog on top, as Escape does. It reports whether
// there was one.
func (e *env) closeTop() bool {
	if len(e.dialogs) == 0 {
		return false
	}
	e.dialogs[len(e.dialogs)-1].Hide()
	return true
}

// info shows a short message in a dialog.
func (e *env) info(title, message string) {
	e.show(dialog.NewInformation(title, message, e.win))
}

// fail shows err to the admin as one sentence. Errors that are already a
// sentence for the admin are shown as they are; any other error is logged
// once with what was being done, and the admin reads a plain sentence.
func (e *env) fail(doing string, err error) {
	e.show(dialog.NewError(errors.New(e.sentence(doing, err)), e.win))
}

// sentence is the one sentence the admin reads for err.
func (e *env) sentence(doing string, err error) string {
	if s, ok := userSentence(err); ok {
		return s
	}
	log.Printf("clinicadmin: %s: %v", doing, err)
	return "Could not " + doing + ". The details were written to the log."
}

// sentenceErrors are the data layer's errors whose message is written for
// the admin.
var sentenceErrors = []error{data.ErrLogBusy, data.ErrGuest, data.ErrMailDone}

// userSentence returns err's message when it was written for the admin: a
// refused field, a duplicate, a room in use, a damaged file, a status that
// allows no email.
func userSentence(err error) (string, bool) {
	var (
		fe  *data.FieldError
		de  *data.DuplicateError
		ru  *data.RoomInUseError
		ac  *data.AuditChainError
		fil *data.FileError
		st  *data.StatusError
		se  sentenceError
	)
	switch {
	case errors.As(err, &fe), errors.As(err, &de), errors.As(err, &ru),
		errors.As(err, &ac), errors.As(err, &fil), errors.As(err, &st),
		errors.As(err, &se):
		return err.Error(), true
	case errors.Is(err, data.ErrNotFound):
		return "This record no longer exists; someone may have removed it.", true
	}
	for _, s := range sentenceErrors {
		if errors.Is(err, s) {
			return err.Error(), true
		}
	}
	return "", false
}

// fieldErrors splits err, which may join several, into its *FieldErrors.
func fieldErrors(err error) []*data.FieldError {
	var out []*data.FieldError
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var fe *data.FieldError
		if errors.As(err, &fe) {
			out = append(out, fe)
		}
	}
	walk(err)
	return out
}
