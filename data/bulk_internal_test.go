package data

import (
	"context"
	"path/filepath"
	"testing"
)

// Backups in tests copy a few pages per step, so that a small database
// takes many steps while another goroutine writes.
func init() { backupStepPages = 4 }

// TestBulkTriggersKnown fails when a migration changes a trigger that bulk
// writes suspend: bulk.go must then learn its new text and work.
func TestBulkTriggersKnown(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	b, err := suspendBulkTriggers(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if b.ftsInsert == nil || b.ftsUpdate == nil || b.visits == nil {
		t.Errorf("suspended: fts insert %v, fts update %v, visits %v; want all",
			b.ftsInsert != nil, b.ftsUpdate != nil, b.visits != nil)
	}
}
