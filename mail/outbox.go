package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"clinicadmin/data"
)

// Timing of the outbox.
const (
	firstDelay  = time.Minute // the wait after a first failed try
	maxDelay    = time.Hour   // the longest wait between two tries
	pollEvery   = time.Minute // the longest sleep of Run
	minSleep    = 50 * time.Millisecond
	batchSize   = 50                  // emails read per look at the outbox
	keepDone    = 30 * 24 * time.Hour // how long sent and cancelled rows stay
	bookkeeping = 10 * time.Second    // for recording a try that was cut short
)

// RetryDelay returns how long an email waits after its nth failed try,
// counting from 1: one minute, doubled each time, at most one hour.
func RetryDelay(n int) time.Duration {
	d := firstDelay
	for i := 1; i < n && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}

// OutboxOptions adjust an Outbox; the zero value suits the program.
type OutboxOptions struct {
	Now       func() time.Time // the clock; time.Now if nil
	Timeout   time.Duration    // bounds each exchange; DefaultTimeout if 0
	TLSConfig *tls.Config      // for every connection; the system's roots if nil
}

// Outbox sends the email waiting in a store's outbox, one at a time: every
// waiting email when Run starts, then each as it falls due, or at once
// after Wake. For each reset or welcome email it issues a new link, renders
// the email and sends it; the link's lifetime counts from the moment the
// server accepted the email. A temporary failure voids that link and
// keeps the email waiting with its reason and a retry time (RetryDelay);
// a permanent one voids the link and marks the email failed with the
// server's reason.
//
// NOTE: the email is marked sent after the server accepted it; should the
// program stop in between, it is sent again, with a new link that voids
// the first. Two copies of the program on one file may likewise both send
// an email that falls due.
type Outbox struct {
	store     *data.Store
	now       func() time.Time
	timeout   time.Duration
	tlsConfig *tls.Config

	wake chan struct{}
	turn chan struct{} // held while an email is being sent

	mu        sync.Mutex
	listeners map[int]func()
	nextID    int
}

// NewOutbox returns an outbox worker for store. Nothing is sent until Run,
// RunOnce or Deliver is called.
func NewOutbox(store *data.Store, opts OutboxOptions) *Outbox {
	o := &Outbox{
		store:     store,
		now:       opts.Now,
		timeout:   opts.Timeout,
		tlsConfig: opts.TLSConfig,
		wake:      make(chan struct{}, 1),
		turn:      make(chan struct{}, 1),
		listeners: map[int]func(){},
	}
	if o.now == nil {
		o.now = time.Now
	}
	return o
}

// Subscribe has f called, on the worker's goroutine, after emails changed
// state; once per batch, not per email. It returns a function that ends
// the subscription.
func (o *Outbox) Subscribe(f func()) (cancel func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := o.nextID
	o.nextID++
	o.listeners[id] = f
	return func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		delete(o.listeners, id)
	}
}

func (o *Outbox) changed() {
	o.mu.Lock()
	fs := make([]func(), 0, len(o.listeners))
	for _, f := range o.listeners {
		fs = append(fs, f)
	}
	o.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// Wake makes Run look at the outbox now, for an email just queued. It
// never blocks.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run sends waiting email until ctx is done: all of it at once, then each
// email as it falls due or Wake is called. Failures it cannot record are
// logged, one line each, and tried again a minute later.
func (o *Outbox) Run(ctx context.Context) {
	if _, err := o.store.PruneOutbox(ctx, o.now().Add(-keepDone)); err != nil {
		o.logf("prune outbox: %v", err)
	}
	// At start, every waiting email is due, however long its last wait.
	cutoff := o.now().Add(maxDelay)
	for {
		wait := pollEvery
		if _, err := o.runDue(ctx, cutoff); err == nil {
			wait = o.untilNext(ctx)
		} else if ctx.Err() == nil {
			o.logf("send waiting email: %v", err)
		}
		if !o.sleep(ctx, wait) {
			return
		}
		cutoff = o.now()
	}
}

func (o *Outbox) logf(format string, args ...any) {
	log.Printf("clinicadmin: "+format, args...)
}

// untilNext is how long Run may sleep before the next email falls due.
func (o *Outbox) untilNext(ctx context.Context) time.Duration {
	next, ok, err := o.store.NextMailDue(ctx)
	if err != nil || !ok {
		return pollEvery
	}
	return min(max(next.Sub(o.now()), minSleep), pollEvery)
}

// sleep waits d, or less if woken; it reports false once ctx is done.
func (o *Outbox) sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-o.wake:
	case <-timer.C:
	}
	return true
}

// Tally counts what became of the emails one RunOnce tried.
type Tally struct {
	Sent    int // accepted by the mail server
	Waiting int // failed for now; tried again later
	Failed  int // refused for good
}

func (t *Tally) add(st data.MailState) {
	switch st {
	case data.MailSent:
		t.Sent++
	case data.MailQueued:
		t.Waiting++
	case data.MailFailed:
		t.Failed++
	}
}

// RunOnce tries, one by one, the emails that are due now (at most 50),
// and says what became of them. It returns ctx's error, or an internal
// error of the store; mail that could not be sent is no error, but
// recorded in the outbox.
func (o *Outbox) RunOnce(ctx context.Context) (Tally, error) {
	return o.runDue(ctx, o.now())
}

func (o *Outbox) runDue(ctx context.Context, cutoff time.Time) (Tally, error) {
	due, err := o.store.DueMail(ctx, cutoff, batchSize)
	if err != nil {
		return Tally{}, err
	}
	var t Tally
	defer func() {
		if t != (Tally{}) {
			o.changed()
		}
	}()
	for _, m := range due {
		st, err := o.take(ctx, m.ID, cutoff)
		if err != nil {
			return t, err
		}
		t.add(st)
	}
	return t, nil
}

// Deliver tries email id now if it is waiting, due or not, and returns it
// as it then stands: sent, waiting with the reason and the retry time, or
// failed with the reason. It returns data.ErrNotFound, ctx's error, or an
// internal error of the store.
func (o *Outbox) Deliver(ctx context.Context, id int64) (data.Mail, error) {
	st, err := o.take(ctx, id, time.Time{})
	if err != nil {
		return data.Mail{}, err
	}
	if st != "" {
		o.changed()
	}
	return o.store.GetMail(ctx, id)
}

// take sends email id if it is still waiting and due at cutoff (at any
// time if cutoff is zero), and returns its new state, or "" if it was
// left alone.
func (o *Outbox) take(ctx context.Context, id int64, cutoff time.Time) (data.MailState, error) {
	if err := o.acquire(ctx); err != nil {
		return "", err
	}
	defer o.release()

	m, err := o.store.GetMail(ctx, id)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return "", nil // deleted with its member
	case err != nil:
		return "", err
	case m.State != data.MailQueued:
		return "", nil
	case !cutoff.IsZero() && m.NextAttemptAt.After(cutoff):
		return "", nil
	}
	return o.send(ctx, m)
}

func (o *Outbox) acquire(ctx context.Context) error {
	select {
	case o.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (o *Outbox) release() { <-o.turn }

// send makes one try of m and records how it went.
func (o *Outbox) send(ctx context.Context, m data.Mail) (data.MailState, error) {
	set, err := o.store.Settings(ctx)
	if err != nil {
		return "", err
	}
	cfg := o.config(ConfigFromSettings(set))
	if m.Kind == data.MailTest {
		_, err := SendTest(ctx, cfg)
		return o.settle(ctx, m, 0, err)
	}

	tok, msg, err := o.prepare(ctx, m, set, cfg)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return "", nil // the member was deleted, and the email with them
	case isRefusal(err):
		return o.settle(ctx, m, 0, err)
	case err != nil:
		return "", err
	}
	return o.settle(ctx, m, tok.ID, Send(ctx, cfg, msg))
}

// config fills in the options of o that cfg leaves zero.
func (o *Outbox) config(cfg Config) Config {
	if cfg.Timeout == 0 {
		cfg.Timeout = o.timeout
	}
	if cfg.TLSConfig == nil {
		cfg.TLSConfig = o.tlsConfig
	}
	return cfg
}

// prepare checks what can be checked before a link is issued, then issues
// the link and renders the email.
func (o *Outbox) prepare(ctx context.Context, m data.Mail, set data.Settings,
	cfg Config) (data.Token, Message, error) {
	member, err := o.store.GetMember(ctx, m.MemberID)
	if err != nil {
		return data.Token{}, Message{}, err
	}
	letter := Letter{
		Kind:       m.Kind,
		To:         member.Email,
		ToName:     member.Name(),
		FirstName:  member.FirstName,
		ClinicName: set.ClinicName,
		Lifetime:   set.LinkLifetime,
	}
	if err := precheck(cfg, set, letter); err != nil {
		return data.Token{}, Message{}, err
	}

	tok, err := o.store.IssueToken(ctx, m.MemberID, m.Kind.Purpose(), set.LinkLifetime)
	if err != nil {
		return data.Token{}, Message{}, err
	}
	letter.Link, _ = BuildLink(set.ResetURLTemplate, tok.Secret) // checked above
	msg, err := Render(letter)
	if err != nil {
		o.voidToken(ctx, tok.ID)
		return data.Token{}, Message{}, err
	}
	return tok, msg, nil
}

// precheck refuses what would make the email fail before any link exists:
// incomplete settings, or a name or address unfit for a header.
func precheck(cfg Config, set data.Settings, l Letter) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if _, err := BuildLink(set.ResetURLTemplate, ""); err != nil {
		return err
	}
	return Message{To: l.To, ToName: l.ToName}.Validate()
}

// isRefusal reports the errors that end a try without a send: settings
// to fix, a header that cannot be written, a member who may get no link.
func isRefusal(err error) bool {
	var (
		ce *ConfigError
		he *HeaderError
		se *data.StatusError
	)
	return errors.As(err, &ce) || errors.As(err, &he) || errors.As(err, &se) ||
		errors.Is(err, data.ErrGuest)
}

// settle records the end of a try of m whose link was tokenID (0 for
// none): sent, waiting, or failed. It records even when ctx was cancelled
// during the send, as it is when the program quits.
func (o *Outbox) settle(ctx context.Context, m data.Mail, tokenID int64,
	sendErr error) (data.MailState, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookkeeping)
	defer cancel()
	now := o.now()

	if sendErr == nil {
		if tokenID != 0 {
			if err := o.store.MarkTokenSent(ctx, tokenID, now); err != nil {
				return "", err
			}
		}
		return data.MailSent, o.store.MarkMailSent(ctx, m.ID, now)
	}

	if tokenID != 0 {
		o.voidToken(ctx, tokenID)
	}
	st, next := judge(sendErr, m.Attempts+1, now)
	reason := reasonOf(sendErr)
	if st == data.MailFailed {
		return st, o.store.MarkMailFailed(ctx, m.ID, reason)
	}
	return st, o.store.MarkMailRetry(ctx, m.ID, reason, next)
}

// voidToken voids a link whose email did not go out. A failure is only
// logged: the link was never sent, so no one can use it.
func (o *Outbox) voidToken(ctx context.Context, id int64) {
	if err := o.store.VoidToken(ctx, id); err != nil {
		o.logf("void unsent link: %v", err)
	}
}

// judge says whether an email that failed with err on its attempt-th try
// waits (and until when) or has failed for good. Settings to fix are
// looked at again each minute, so that mail leaves soon after they are.
func judge(err error, attempt int, now time.Time) (data.MailState, time.Time) {
	var ce *ConfigError
	switch {
	case errors.As(err, &ce):
		return data.MailQueued, now.Add(firstDelay)
	case IsTemporary(err):
		return data.MailQueued, now.Add(RetryDelay(attempt))
	}
	return data.MailFailed, time.Time{}
}

// reasonOf is the sentence the Outbox shows for err. Every error that
// reaches it is already one sentence without the password.
func reasonOf(err error) string {
	var ce *ConfigError
	if errors.As(err, &ce) {
		return "The mail settings need attention: " + err.Error()
	}
	return err.Error()
}

// SendTest sends a test email with cfg, the Settings form whether saved
// or not, to cfg's sender address, through the outbox: the email is
// written there first, then marked sent, or failed with the reason; it is
// not tried again by itself. It returns what the package's SendTest
// returns, and also a *data.FieldError or an internal error of the store.
func (o *Outbox) SendTest(ctx context.Context, cfg Config) (string, error) {
	cfg = o.config(cfg)
	if err := cfg.Validate(); err != nil {
		return "", err
	}
	// The turn is taken first, so that Run cannot send the new row with
	// the saved settings instead.
	if err := o.acquire(ctx); err != nil {
		return "", err
	}
	defer o.release()

	id, err := o.store.EnqueueTestMail(ctx, cfg.FromAddress)
	if err != nil {
		return "", err
	}
	reply, sendErr := SendTest(ctx, cfg)
	if err := o.recordTest(ctx, id, sendErr); err != nil {
		return "", fmt.Errorf("record test email: %w", err)
	}
	o.changed()
	return reply, sendErr
}

func (o *Outbox) recordTest(ctx context.Context, id int64, sendErr error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookkeeping)
	defer cancel()
	if sendErr == nil {
		return o.store.MarkMailSent(ctx, id, o.now())
	}
	return o.store.MarkMailFailed(ctx, id, reasonOf(sendErr))
}
