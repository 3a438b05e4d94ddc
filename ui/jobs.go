package ui

import (
	"context"
	"log"
	"time"

	"clinicadmin/data"
)

// The daily work of an open window: the purge of members whose Pending
// delete period has ended, at start and then daily, and a backup when the
// newest one is a day old.
const (
	// jobsStart lets the window show its first frames and first search
	// before the work at start competes with them.
	jobsStart  = 10 * time.Second
	jobsEvery  = time.Hour      // how often the window looks whether work is due
	jobsPeriod = 24 * time.Hour // how often each job runs
)

// jobs runs the purge and the daily backup while the window is open.
type jobs struct {
	*env
	lastPurge time.Time
	onPurged  func() // the member list shows the change
}

// startJobs runs the daily work soon after start and looks again every
// jobsEvery. Only the program's own window runs it, not the tests of the
// window.
func (m *mainWindow) startJobs() {
	j := &jobs{env: m.env, onPurged: m.users.reload}
	time.AfterFunc(jobsStart, j.run)
}

// run does what is due off the UI goroutine, then waits for the next look.
func (j *jobs) run() {
	j.async(func(ctx context.Context) func() {
		removed, purgeErr := j.purgeIfDue(ctx)
		path, backupErr := j.backupIfDue(ctx)
		return func() {
			j.report(removed, purgeErr, path, backupErr)
			time.AfterFunc(jobsEvery, j.run)
		}
	})
}

// purgeIfDue purges when the last purge of this window is a day old.
func (j *jobs) purgeIfDue(ctx context.Context) (int, error) {
	now := j.now()
	if now.Sub(j.lastPurge) < jobsPeriod {
		return 0, nil
	}
	removed, err := j.store.Purge(ctx, now)
	if err == nil {
		j.lastPurge = now
	}
	return len(removed), err
}

// backupIfDue backs up when the newest backup in the backup folder is a day
// old, or there is none; a clinic without members has nothing to keep yet.
// It returns the new backup's path.
func (j *jobs) backupIfDue(ctx context.Context) (string, error) {
	dir := backupDir(j.store)
	files, err := data.ListBackups(dir)
	if err != nil {
		return "", err
	}
	if len(files) > 0 && j.now().Sub(files[0].At) < jobsPeriod {
		return "", nil
	}
	if c, err := j.store.Counts(ctx); err != nil || c.Members == 0 {
		return "", err
	}
	return j.store.Backup(ctx, dir, nil)
}

// report shows what the admin must know: a failed backup. A failed purge is
// logged and tried again at the next look.
func (j *jobs) report(removed int, purgeErr error, path string, backupErr error) {
	if removed > 0 {
		j.onPurged()
	}
	if purgeErr != nil && j.ctx.Err() == nil {
		log.Printf("clinicadmin: purge members due: %v", purgeErr)
	}
	if backupErr != nil && j.ctx.Err() == nil {
		if path != "" {
			log.Printf("clinicadmin: daily backup %s: %v", path, backupErr)
			return
		}
		j.fail("make the daily backup", backupErr)
	}
}
