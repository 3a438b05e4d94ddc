package data_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"clinicadmin/data"
)

// workerEnv names the database a re-executed test binary writes to until it
// is killed; see TestKilledWriter_Worker.
const workerEnv = "CLINICADMIN_KILL_WORKER_DB"

// TestKilledWriter is R1: a process that creates, edits, adds visits to,
// suspends, deletes and imports members is killed at random moments. After
// each kill the file passes every check, every change the worker saw
// committed is there, no member is half written and an import is there
// whole or not at all.
func TestKilledWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process several times")
	}
	path := filepath.Join(t.TempDir(), "clinic.db")
	log := newCommitLog()
	rng := rand.New(rand.NewPCG(1, 2))

	for round := range 6 {
		runWorker(t, path, log, "", time.Duration(150+rng.IntN(900))*time.Millisecond)
		checkAfterKill(t, path, log, round)
	}
	// However slow the machine, one import is committed and one is cut.
	for round, until := range []string{"DONE import", "BEGIN import"} {
		runWorker(t, path, log, until, time.Minute)
		checkAfterKill(t, path, log, 6+round)
	}
	if log.done < 20 || len(log.imports) == 0 {
		t.Errorf("the worker committed %d changes and %d imports, too few to mean anything",
			log.done, len(log.imports))
	}
}

// TestKilledWriter_Worker is the child side of TestKilledWriter; it does
// nothing unless started by it.
func TestKilledWriter_Worker(t *testing.T) {
	path := os.Getenv(workerEnv)
	if path == "" {
		t.Skip("runs only as TestKilledWriter's child process")
	}
	ctx := context.Background()
	s, err := data.Open(ctx, path)
	if err != nil {
		fmt.Println("FAIL", err)
		return
	}
	var ids []int64
	for n := 0; ; n++ {
		ids = workerStep(ctx, s, ids, n)
	}
}

// workerStep does one change and reports it on stdout: "BEGIN op id"
// before, "DONE op id value" once it is committed.
func workerStep(ctx context.Context, s *data.Store, ids []int64, n int) []int64 {
	tag := fmt.Sprintf("%d-%d", os.Getpid(), n)
	if n%9 == 8 {
		fmt.Println("BEGIN import 0", tag)
		_, err := s.Import(ctx, data.ImportFiles{Members: importBatch(tag)},
			data.ImportOptions{}, nil)
		report("import", 0, tag, err)
		return ids
	}
	if len(ids) < 5 || n%5 == 0 {
		fmt.Println("BEGIN create 0")
		m, err := s.CreateMember(ctx, data.MemberInput{
			RoomID: 1, Username: "u" + tag, Email: "u" + tag + "@example.org",
			FirstName: "Killed", LastName: "Writer" + tag, Notes: "v" + tag,
		})
		report("create", m.ID, "v"+tag, err)
		return append(ids, m.ID)
	}

	id := ids[n%len(ids)]
	fmt.Println("BEGIN touch", id)
	switch n % 4 {
	case 0:
		_, err := s.DeleteMember(ctx, id)
		report("delete", id, "", err)
		return removeID(ids, id)
	case 1:
		m, err := s.GetMember(ctx, id)
		if err == nil {
			in := data.MemberInput{RoomID: m.RoomID, Username: m.Username, Email: m.Email,
				FirstName: m.FirstName, LastName: m.LastName, Notes: "v" + tag}
			_, err = s.UpdateMember(ctx, id, in)
		}
		report("update", id, "v"+tag, err)
	case 2:
		_, err := s.AddVisit(ctx, data.VisitInput{MemberID: id, At: time.Now(),
			Provider: "Dr Kill", Reason: "Check", Notes: strings.Repeat("n", 500)})
		report("visit", id, "", err)
	case 3:
		report("status", id, "", s.SetStatus(ctx, id, data.StatusSuspended))
	}
	return ids
}

// importRows is how many members each import of the worker adds.
const importRows = 400

// importBatch is a members file of importRows members whose emails carry
// tag.
func importBatch(tag string) io.Reader {
	var b strings.Builder
	b.WriteString("first_name,last_name,email,notes\n")
	for i := range importRows {
		fmt.Fprintf(&b, "Imported,Batch%s,i%s-%d@example.org,n%d\n", tag, tag, i, i)
	}
	return strings.NewReader(b.String())
}

func report(op string, id int64, value string, err error) {
	if err != nil {
		fmt.Println("FAIL", op, err)
		os.Exit(1)
	}
	fmt.Println("DONE", op, id, value)
}

func removeID(ids []int64, id int64) []int64 {
	out := ids[:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

// commitLog is what the parent learned from the worker's reports.
type commitLog struct {
	notes     map[int64]string // member id -> last committed notes
	deleted   map[int64]bool
	inFlight  int64    // the member a killed step was touching, if any
	imports   []string // tags of the committed imports
	importing string   // the tag of an import a kill may have cut short
	done      int
}

func newCommitLog() *commitLog {
	return &commitLog{notes: map[int64]string{}, deleted: map[int64]bool{}}
}

func (l *commitLog) read(t *testing.T, line string) {
	f := strings.Fields(line)
	switch {
	case len(f) >= 4 && f[0] == "BEGIN" && f[1] == "import":
		l.importing = f[3]
	case len(f) >= 3 && f[0] == "BEGIN":
		l.inFlight, _ = strconv.ParseInt(f[2], 10, 64)
	case len(f) >= 3 && f[0] == "DONE":
		id, _ := strconv.ParseInt(f[2], 10, 64)
		l.done++
		l.inFlight = 0
		switch f[1] {
		case "create", "update":
			l.notes[id] = f[3]
		case "delete":
			l.deleted[id] = true
			delete(l.notes, id)
		case "import":
			l.imports = append(l.imports, f[3])
			l.importing = ""
		}
	case len(f) > 0 && f[0] == "FAIL":
		t.Errorf("worker: %s", line)
	}
}

// runWorker runs the worker until it prints a line starting with until
// (never, for ""), or for at most after, and kills it.
func runWorker(t *testing.T, path string, log *commitLog, until string,
	after time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter_Worker$")
	cmd.Env = append(os.Environ(), workerEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	seen := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			log.read(t, sc.Text())
			if until != "" && strings.HasPrefix(sc.Text(), until) {
				close(seen)
				until = ""
			}
		}
	}()
	select {
	case <-time.After(after):
	case <-seen:
	}
	cmd.Process.Kill()
	wg.Wait()
	cmd.Wait()
}

func checkAfterKill(t *testing.T, path string, log *commitLog, round int) {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatalf("round %d: open after kill: %v", round, err)
	}
	defer s.Close()

	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	if err := s.VerifyAudit(ctx); err != nil {
		t.Fatalf("round %d: audit: %v", round, err)
	}
	checkNoHalfMember(t, s, round)
	for id, want := range log.notes {
		if id == log.inFlight {
			continue
		}
		m, err := s.GetMember(ctx, id)
		if err != nil || m.Notes != want {
			t.Errorf("round %d: member %d: got %q, %v, want notes %q", round, id,
				m.Notes, err, want)
		}
	}
	for id := range log.deleted {
		if _, err := s.GetMember(ctx, id); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("round %d: deleted member %d: got %v, want ErrNotFound", round, id, err)
		}
	}
	checkImports(t, s, log, round)
	log.settle(ctx, s)
}

// checkImports finds every committed import whole, and the one a kill cut
// short whole or not at all; it records which.
func checkImports(t *testing.T, s *data.Store, log *commitLog, round int) {
	t.Helper()
	db := rawDB(t, s.Path())
	imported := func(tag string) int {
		var n int
		err := db.QueryRow("SELECT count(*) FROM members WHERE email LIKE ?",
			"i"+tag+"-%").Scan(&n)
		if err != nil {
			t.Fatalf("round %d: count import %s: %v", round, tag, err)
		}
		return n
	}
	for _, tag := range log.imports {
		if got := imported(tag); got != importRows {
			t.Errorf("round %d: import %s: got %d members, want %d", round, tag, got,
				importRows)
		}
	}
	if log.importing == "" {
		return
	}
	switch got := imported(log.importing); got {
	case importRows:
		log.imports = append(log.imports, log.importing)
	case 0:
	default:
		t.Errorf("round %d: import cut short: got %d members, want 0 or %d", round, got,
			importRows)
	}
	log.importing = ""
}

// settle records how the step cut short by the kill ended: committed or
// not, the file now says which.
func (l *commitLog) settle(ctx context.Context, s *data.Store) {
	if l.inFlight == 0 {
		return
	}
	m, err := s.GetMember(ctx, l.inFlight)
	switch {
	case errors.Is(err, data.ErrNotFound):
		l.deleted[l.inFlight] = true
		delete(l.notes, l.inFlight)
	case err == nil:
		l.notes[l.inFlight] = m.Notes
	}
	l.inFlight = 0
}

// checkNoHalfMember looks for the traces a torn write would leave: rows
// without their parent, counts that disagree with their rows, and a search
// index out of step with the table.
func checkNoHalfMember(t *testing.T, s *data.Store, round int) {
	t.Helper()
	db := rawDB(t, s.Path())
	queries := map[string]string{
		"orphan rows": "SELECT count(*) FROM pragma_foreign_key_check",
		"visit counts": `SELECT count(*) FROM members m WHERE visit_count !=
			(SELECT count(*) FROM visits v WHERE v.member_id = m.id)`,
		"index entries": `SELECT (SELECT count(*) FROM members) -
			(SELECT count(*) FROM members_fts_docsize)`,
	}
	for what, q := range queries {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("round %d: %s: %v", round, what, err)
		}
		if n != 0 {
			t.Errorf("round %d: %s: got %d bad, want 0", round, what, n)
		}
	}
	_, err := db.Exec("INSERT INTO members_fts (members_fts) VALUES ('integrity-check')")
	if err != nil {
		t.Errorf("round %d: search index: %v", round, err)
	}
}

// TestSecondCopy is R4: two stores on one file, as two copies of the
// program would have, write at the same time; both succeed and the file
// holds everything both committed.
func TestSecondCopy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clinic.db")
	stores := make([]*data.Store, 2)
	for i := range stores {
		s, err := data.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}

	const each = 40
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range each {
				tag := fmt.Sprintf("c%d-%d", i, n)
				in := data.MemberInput{RoomID: 1, Username: tag, Email: tag + "@example.org",
					FirstName: "Copy", LastName: tag}
				if _, err := s.CreateMember(ctx, in); err != nil {
					t.Errorf("copy %d: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()

	c, err := stores[0].Counts(ctx)
	if err != nil || c.Members != 2*each {
		t.Fatalf("got %d members, %v, want %d", c.Members, err, 2*each)
	}
	if err := stores[1].IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if err := stores[1].VerifyAudit(ctx); err != nil {
		t.Fatal(err)
	}
}
