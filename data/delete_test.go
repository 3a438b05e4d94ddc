package data_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clinicadmin/data"
)

func TestDeleteMember(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		other := mustCreate(t, s, input(t, s, "2"))
		for i := range 3 {
			addVisit(t, s, m.ID, "visit "+string(rune('a'+i)))
		}
		addVisit(t, s, other.ID, "kept")
		if _, err := s.IssueToken(ctx, m.ID, data.PurposeReset, time.Hour); err != nil {
			t.Fatal(err)
		}
		queueEmail(t, s, m.ID, m.Email)

		n, err := s.DeleteMember(ctx, m.ID)
		if err != nil || n != 3 {
			t.Fatalf("got %d, %v, want 3 visits", n, err)
		}
		if _, err := s.GetMember(ctx, m.ID); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
		for _, table := range []string{"visits", "reset_tokens", "outbox", "credentials"} {
			assertRows(t, s, "SELECT count(*) FROM "+table+" WHERE member_id = ?", m.ID, 0)
		}
		assertRows(t, s, "SELECT count(*) FROM visits WHERE member_id = ?", other.ID, 1)
		assertRows(t, s, "SELECT count(*) FROM members_fts WHERE members_fts MATCH ?",
			`"user1"`, 0)
		assertRows(t, s, "SELECT count(*) FROM members_fts WHERE members_fts MATCH ?",
			`"user2"`, 1)
		if e := lastAudit(t, s); e.Action != "member.delete" || e.MemberID != m.ID {
			t.Errorf("got audit %+v, want member.delete of %d", e, m.ID)
		}
		if st, err := os.Stat(s.Path() + "-wal"); err == nil && st.Size() != 0 {
			t.Errorf("-wal: got %d bytes, want 0 after the checkpoint", st.Size())
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := MustOpen(t).DeleteMember(ctx, 42)
		if !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}

// TestDeleteMember_NoTrace is R6: after Delete, none of the member's strings
// is in the database file, its -wal or its -shm, in any case, and the
// full-text index holds none of their trigrams.
func TestDeleteMember_NoTrace(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	keep := mustCreate(t, s, input(t, s, "1"))
	addVisit(t, s, keep.ID, "Routine check")

	in := data.MemberInput{
		RoomID:    mainRoom(t, s),
		Username:  "zqvleakuser",
		Email:     "Zqv.Leakmail@Leakdomain.example",
		FirstName: "Quorvaxine",
		LastName:  "Щукинавёж",
		Phone:     "+99 8877 6655 43",
		Address:   "Xylobrant Street 77\nLeakville",
		Notes:     "Formerly Oldnotesquark",
	}
	m := mustCreate(t, s, in)
	addVisit(t, s, m.ID, "Gastroquandary observed")
	checkpointRaw(t, s.Path())
	in.Notes = "Allergic to Vorpalizine" // the old notes stay in the main file for now
	if _, err := s.UpdateMember(ctx, m.ID, in); err != nil {
		t.Fatal(err)
	}
	addVisit(t, s, m.ID, "Followup Brimblefrost in log") // only in the -wal
	tok, err := s.IssueToken(ctx, m.ID, data.PurposeReset, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RedeemToken(ctx, tok.Secret, "Pelargonium-77x"); err != nil {
		t.Fatal(err)
	}
	queueEmail(t, s, m.ID, "Outboxonly.Leak@example.org")

	secrets := []string{in.Username, in.Email, in.FirstName, in.LastName, in.Phone,
		"Xylobrant Street 77", "Oldnotesquark", "Vorpalizine", "Gastroquandary", "Brimblefrost",
		"Outboxonly.Leak@example.org", passwordHash(t, s, m.ID)}
	assertFound(t, s.Path(), secrets)
	vocab := ftsTerms(t, s.Path())

	if _, err := s.DeleteMember(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	assertNotFound(t, s.Path(), secrets)
	assertNoTrigrams(t, s.Path(), vocab, in, keep)
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	assertFTSIntact(t, s.Path())
}

// TestDeleteMember_FTSSecureDelete checks that the full-text index removes
// entries in place rather than leaving them behind delete markers. The
// index stores three-character terms, prefix-compressed, so a byte search
// of the file cannot tell; FTS5's own setting can.
func TestDeleteMember_FTSSecureDelete(t *testing.T) {
	s := MustOpen(t)
	got := queryStrings(t, s.Path(),
		"SELECT v FROM members_fts_config WHERE k = 'secure-delete'")
	if len(got) != 1 || got[0] != "1" {
		t.Fatalf("members_fts secure-delete: got %v, want [1]", got)
	}
}

func addVisit(t *testing.T, s *data.Store, memberID int64, notes string) data.Visit {
	t.Helper()
	v, err := s.AddVisit(context.Background(), data.VisitInput{
		MemberID: memberID,
		At:       visitDay,
		Provider: "Dr Who",
		Reason:   "Check",
		Notes:    notes,
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// queueEmail puts a message for the member in the outbox, as mail/ would.
func queueEmail(t *testing.T, s *data.Store, memberID int64, to string) {
	t.Helper()
	_, err := rawDB(t, s.Path()).Exec(`INSERT INTO outbox (member_id, kind, to_address,
		next_attempt_at, created_at, last_error) VALUES (?, 'reset', ?, '', '', ?)`,
		memberID, to, "550 no such user "+to)
	if err != nil {
		t.Fatal(err)
	}
}

func assertRows(t *testing.T, s *data.Store, query string, arg any, want int) {
	t.Helper()
	var got int
	if err := rawDB(t, s.Path()).QueryRow(query, arg).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("%s [%v]: got %d, want %d", query, arg, got, want)
	}
}

func passwordHash(t *testing.T, s *data.Store, memberID int64) string {
	t.Helper()
	var h string
	err := rawDB(t, s.Path()).QueryRow(
		"SELECT password_hash FROM credentials WHERE member_id = ?", memberID).Scan(&h)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// checkpointRaw moves the -wal into the main file, as another program may.
func checkpointRaw(t *testing.T, path string) {
	t.Helper()
	if _, err := rawDB(t, path).Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
}

// dbFiles returns the bytes of the database file and its companions.
func dbFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(path + suffix)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(path+suffix)] = b
	}
	return out
}

// variants are the spellings of s a reader might search for.
func variants(s string) []string {
	return []string{s, strings.ToLower(s), strings.ToUpper(s)}
}

// assertFound proves the search can see the strings before the delete.
func assertFound(t *testing.T, path string, secrets []string) {
	t.Helper()
	all := bytes.Join(mapValues(dbFiles(t, path)), nil)
	for _, secret := range secrets {
		if !bytes.Contains(all, []byte(secret)) {
			t.Fatalf("before delete: %q not found in the files; the test sees nothing", secret)
		}
	}
}

func assertNotFound(t *testing.T, path string, secrets []string) {
	t.Helper()
	for name, b := range dbFiles(t, path) {
		for _, secret := range secrets {
			for _, v := range variants(secret) {
				if i := bytes.Index(b, []byte(v)); i >= 0 {
					t.Errorf("%s: found %q at byte %d, want it gone", name, v, i)
				}
			}
		}
	}
}

func mapValues(m map[string][]byte) [][]byte {
	var out [][]byte
	for _, b := range m {
		out = append(out, b)
	}
	return out
}

// ftsTerms returns each term of the full-text index with its document
// count, read through an fts5vocab table.
func ftsTerms(t *testing.T, path string) map[string]int {
	t.Helper()
	ctx := context.Background()
	conn, err := rawDB(t, path).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx,
		"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, members_fts, row)")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, "SELECT term, doc FROM temp.vocab")
	if err != nil {
		t.Fatal(err)
	}
	return scanTerms(t, rows)
}

func scanTerms(t *testing.T, rows *sql.Rows) map[string]int {
	t.Helper()
	defer rows.Close()
	terms := map[string]int{}
	for rows.Next() {
		var term string
		var docs int
		if err := rows.Scan(&term, &docs); err != nil {
			t.Fatal(err)
		}
		terms[term] = docs
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return terms
}

// assertNoTrigrams checks that the index lost one document for each term of
// the deleted member and kept the terms of the member that stays.
func assertNoTrigrams(t *testing.T, path string, before map[string]int,
	gone data.MemberInput, kept data.Member) {
	t.Helper()
	after := ftsTerms(t, path)
	keptTerms := trigrams(kept.FirstName, kept.LastName, kept.Username, kept.Email, kept.Phone)
	goneTerms := trigrams(gone.FirstName, gone.LastName, gone.Username, gone.Email, gone.Phone)
	if len(goneTerms) < 30 {
		t.Fatalf("got %d trigrams of the deleted member, want a real sample", len(goneTerms))
	}
	for term := range goneTerms {
		if before[term] == 0 {
			t.Errorf("before delete: term %q not in the index; the test sees nothing", term)
		}
		if after[term] != before[term]-1 {
			t.Errorf("term %q: got %d documents, want %d", term, after[term], before[term]-1)
		}
	}
	for term := range keptTerms {
		if after[term] == 0 {
			t.Errorf("term %q of the kept member: gone from the index", term)
		}
	}
}

// trigrams returns the lower-case three-character terms of the fields, as
// the trigram tokenizer makes them.
func trigrams(fields ...string) map[string]bool {
	out := map[string]bool{}
	for _, f := range fields {
		r := []rune(strings.ToLower(f))
		for i := 0; i+3 <= len(r); i++ {
			out[string(r[i:i+3])] = true
		}
	}
	return out
}

// assertFTSIntact runs FTS5's own check of the index against the members.
func assertFTSIntact(t *testing.T, path string) {
	t.Helper()
	_, err := rawDB(t, path).Exec(
		"INSERT INTO members_fts (members_fts, rank) VALUES ('integrity-check', 1)")
	if err != nil {
		t.Fatalf("full-text index check: %v", err)
	}
}
