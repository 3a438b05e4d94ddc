package data_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"clinicadmin/data"
)

// mountTmpfs mounts a small file system of its own for a test, or skips the
// test where this process may not mount (it needs root on Linux).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a small file system here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

func remount(t *testing.T, dir string, flags uintptr, opts string) {
	t.Helper()
	err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|flags, opts)
	if err != nil {
		t.Fatal(err)
	}
}

// TestDiskFull is part of R5: when the disk fills up, the change that did
// not fit is refused with a sentence about the disk, and everything
// committed before it is still there once space is freed.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "600k")
	path := filepath.Join(dir, "clinic.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}

	committed := 0
	var fe *data.FileError
	for n := 0; n < 100000; n++ {
		in := data.MemberInput{RoomID: 1, Username: fmt.Sprintf("full%d", n),
			Email: fmt.Sprintf("full%d@example.org", n), FirstName: "Disk",
			LastName: "Full", Notes: string(bytes.Repeat([]byte("x"), 2000))}
		_, err = s.CreateMember(ctx, in)
		if err != nil {
			break
		}
		committed++
	}
	if !errors.As(err, &fe) || fe.Reason != data.ReasonDiskFull {
		t.Fatalf("after %d members: got %v, want a disk-full FileError", committed, err)
	}
	s.Close()

	remount(t, dir, 0, "size=8m")
	s, err = data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if c, err := s.Counts(ctx); err != nil || c.Members != committed {
		t.Errorf("got %d members, %v, want the %d committed", c.Members, err, committed)
	}
}

// TestReadOnlyFolder is part of R5: a file in a folder that cannot be
// written is refused with a sentence saying so, and left as it was.
func TestReadOnlyFolder(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "4m")
	path := filepath.Join(dir, "clinic.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, path)

	remount(t, dir, syscall.MS_RDONLY, "")
	_, err = data.Open(ctx, path)
	var fe *data.FileError
	if !errors.As(err, &fe) || fe.Reason != data.ReasonReadOnly {
		t.Fatalf("got %v, want a read-only FileError", err)
	}
	if !bytes.Equal(readFile(t, path), before) {
		t.Error("the file was changed")
	}
}
