package data_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"clinicadmin/data"
)

const memberHeader = "room,username,email,first_name,last_name,phone,birth_date,sex," +
	"address,notes,status\n"

// mixedCSV has good rows (lines 2 and 10) and one bad row of each kind.
var mixedCSV = memberHeader +
	"Main,ann,ann@example.org,Ann,Lee,+44 20 7946 0000,1980-03-07,female,,,\n" + // 2
	"Main,bob,bob-at-example.org,Bob,Ray,,,,,,\n" + // 3: bad email
	"Main,cyd,cy@example.org,Cy,,,,,,,\n" + // 4: no last name
	"Main,carla,carla@example.org,\"Car\rla\",Diaz,,,,,,\n" + // 5: CR in a name
	"Main,ann2,ANN@example.org,Anne,Lee,,,,,,\n" + // 6: email of line 2
	"Main,old,stored@example.org,Olga,Old,,,,,,\n" + // 7: email of a stored member
	"Main,long,long@example.org," + strings.Repeat("x", 10000) + ",Long,,,,,,\n" + // 8
	"Main,few,few@example.org,Few\n" + // 9: too few columns
	"MAIN,dan,dan@example.org,Dan,Öztürk,,07/03/1980,,\"1 High St\nLeeds\",,suspended\n" // 10

// wantProblems are the problems of mixedCSV: line, field, words of the reason.
var wantProblems = []struct {
	line  int
	field data.Field
	words string
}{
	{3, data.FieldEmail, "Email must be one plain address"},
	{4, data.FieldLastName, "Last name is required"},
	{5, data.FieldFirstName, "First name must not contain a line break"},
	{6, data.FieldEmail, "Email is the same as on line 2"},
	{7, data.FieldEmail, "Email is already used by another member"},
	{8, data.FieldFirstName, "First name must be at most 100 characters"},
	{9, "", "The row has 4 columns; the header has 11"},
}

// storeWithMember opens a store holding one member, stored@example.org.
func storeWithMember(t *testing.T) *data.Store {
	t.Helper()
	s := MustOpen(t)
	in := input(t, s, "stored")
	in.Email = "stored@example.org"
	mustCreate(t, s, in)
	return s
}

// memberByEmail finds a member among the first hundred ids.
func memberByEmail(t *testing.T, s *data.Store, email string) data.Member {
	t.Helper()
	for id := int64(1); id <= 100; id++ {
		m, err := s.GetMember(context.Background(), id)
		if err == nil && m.Email == email {
			return m
		}
	}
	t.Fatalf("no member with email %s", email)
	return data.Member{}
}

func memberCount(t *testing.T, s *data.Store) int {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Members
}

func membersFile(text string) data.ImportFiles {
	return data.ImportFiles{Members: strings.NewReader(text)}
}

func TestImportMixed(t *testing.T) {
	ctx := context.Background()

	t.Run("DryRunListsEachBadRow", func(t *testing.T) {
		s := storeWithMember(t)
		rep, err := s.PlanImport(ctx, membersFile(mixedCSV), data.ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkProblems(t, rep.Problems)
		if rep.MemberRows != 9 || rep.Members != 2 || rep.Bad != 7 {
			t.Errorf("rows, good, bad: got %d, %d, %d, want 9, 2, 7",
				rep.MemberRows, rep.Members, rep.Bad)
		}
		if got := memberCount(t, s); got != 1 {
			t.Errorf("members after dry run: got %d, want 1", got)
		}
	})

	t.Run("ErrRowsRefused", func(t *testing.T) {
		s := storeWithMember(t)
		rep, err := s.Import(ctx, membersFile(mixedCSV), data.ImportOptions{}, nil)
		if !errors.Is(err, data.ErrRowsRefused) {
			t.Fatalf("got %v, want ErrRowsRefused", err)
		}
		checkProblems(t, rep.Problems)
		if got := memberCount(t, s); got != 1 {
			t.Errorf("members after refused import: got %d, want 1", got)
		}
	})

	t.Run("SkipBad", func(t *testing.T) {
		s := storeWithMember(t)
		rep, err := s.Import(ctx, membersFile(mixedCSV), data.ImportOptions{SkipBad: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Members != 2 || rep.Bad != 7 {
			t.Errorf("added, bad: got %d, %d, want 2, 7", rep.Members, rep.Bad)
		}
		if got := memberCount(t, s); got != 3 {
			t.Errorf("members: got %d, want 3", got)
		}
	})
}

// checkProblems compares problems with wantProblems.
func checkProblems(t *testing.T, probs []data.RowProblem) {
	t.Helper()
	if len(probs) != len(wantProblems) {
		t.Errorf("problems: got %d, want %d: %v", len(probs), len(wantProblems), probs)
	}
	for i, want := range wantProblems {
		if i >= len(probs) {
			break
		}
		got := probs[i]
		if got.Line != want.line || got.Field != want.field ||
			!strings.HasPrefix(got.Reason, want.words) {
			t.Errorf("problem %d: got line %d %q %q, want line %d %q %q...", i,
				got.Line, got.Field, got.Reason, want.line, want.field, want.words)
		}
	}
}

func TestImportClean(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		s := storeWithMember(t)
		text := cleanLines(mixedCSV)
		rep, err := s.Import(ctx, membersFile(text), data.ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Members != 2 || rep.Bad != 0 {
			t.Errorf("added, bad: got %d, %d, want 2, 0", rep.Members, rep.Bad)
		}
		checkImported(t, s)
	})

	t.Run("SemicolonBOMAndCRLF", func(t *testing.T) {
		s := storeWithMember(t)
		text := strings.ReplaceAll(cleanLines(mixedCSV), ",", ";")
		text = "\ufeff" + strings.ReplaceAll(text, "\n", "\r\n")
		text = strings.Replace(text, "1 High St\r\nLeeds", "1 High St\nLeeds", 1)
		if _, err := s.Import(ctx, membersFile(text), data.ImportOptions{}, nil); err != nil {
			t.Fatal(err)
		}
		checkImported(t, s)
	})

	t.Run("AuditOneEntry", func(t *testing.T) {
		s := storeWithMember(t)
		if _, err := s.Import(ctx, membersFile(cleanLines(mixedCSV)),
			data.ImportOptions{}, nil); err != nil {
			t.Fatal(err)
		}
		entries, err := s.AuditEntries(ctx, data.AuditFilter{Action: "member.import"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].MemberID != 0 {
			t.Fatalf("import entries: got %+v, want one naming no member", entries)
		}
		if err := s.VerifyAudit(ctx); err != nil {
			t.Error(err)
		}
	})
}

// cleanLines keeps the header and the good rows of mixedCSV.
func cleanLines(text string) string {
	lines := strings.SplitAfter(text, "\n")
	return lines[0] + lines[1] + strings.Join(lines[len(lines)-3:], "")
}

// checkImported checks the two good rows of mixedCSV as stored.
func checkImported(t *testing.T, s *data.Store) {
	t.Helper()
	m := memberByEmail(t, s, "dan@example.org")
	got := fmt.Sprintf("%s|%s|%s|%s|%s|%s", m.LastName, m.BirthDate, m.Address,
		m.Status, m.RoomName, m.Username)
	want := "Öztürk|1980-03-07|1 High St\nLeeds|suspended|Main|dan"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if n := memberCount(t, s); n != 3 {
		t.Errorf("members: got %d, want 3", n)
	}
}

func TestImportCancel(t *testing.T) {
	s := storeWithMember(t)
	var b strings.Builder
	b.WriteString(memberHeader)
	for i := range 5000 {
		fmt.Fprintf(&b, "Main,u%d,u%d@example.org,Ann,Lee,,,,,,\n", i, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	progress := func(done, total int) {
		if done > 0 && done < total {
			cancel()
		}
	}

	_, err := s.Import(ctx, membersFile(b.String()), data.ImportOptions{}, progress)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if got := memberCount(t, s); got != 1 {
		t.Errorf("members after cancel: got %d, want 1", got)
	}
}

func TestImportFileRefused(t *testing.T) {
	cases := []struct {
		name, text, words string
	}{
		{"ErrEmpty", "", "it is empty"},
		{"ErrUnknownColumn", "email,first_name,last_name,shoe_size\n", `"shoe_size" is not known`},
		{"ErrMissingColumn", "email,first_name\n", "no column last_name"},
		{"ErrRepeatedColumn", "email,first_name,last_name,Email\n", "email appears twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := MustOpen(t)
			_, err := s.Import(context.Background(), membersFile(c.text),
				data.ImportOptions{}, nil)
			var ce *data.CSVError
			if !errors.As(err, &ce) || !strings.Contains(ce.Error(), c.words) {
				t.Errorf("got %v, want a CSVError saying %q", err, c.words)
			}
		})
	}
}

func TestImportLabelsAsHeader(t *testing.T) {
	s := MustOpen(t)
	text := "Email,First name,Last name,Date of birth,Status\n" +
		"eve@example.org,Eve,Ng,1990-01-02,Pending delete\n"
	rep, err := s.Import(context.Background(), membersFile(text), data.ImportOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Members != 1 {
		t.Errorf("added: got %d, want 1", rep.Members)
	}
}

const visitsCSV = "member,visited_at,room,provider,reason,notes\n" +
	"ann@example.org,2024-03-07 14:30,,Dr Who,Check-up,\n" + // 2
	"dan,2024-03-08,MAIN,,,\"two\nlines\"\n" + // 3
	"nobody@example.org,2024-03-09 10:00,,,,\n" + // 5: no such member
	"ann@example.org,yesterday,,,,\n" // 6: bad time

func TestImportVisits(t *testing.T) {
	ctx := context.Background()

	t.Run("DryRunWithMembers", func(t *testing.T) {
		s := storeWithMember(t)
		files := data.ImportFiles{Members: strings.NewReader(cleanLines(mixedCSV)),
			Visits: strings.NewReader(visitsCSV)}
		rep, err := s.PlanImport(ctx, files, data.ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Visits != 2 || rep.Bad != 2 {
			t.Fatalf("visits, bad: got %d, %d, want 2, 2: %v", rep.Visits, rep.Bad, rep.Problems)
		}
		got := fmt.Sprint(rep.Problems[0].File, rep.Problems[0].Line, rep.Problems[0].Field,
			rep.Problems[1].Line, rep.Problems[1].Field)
		if want := "visits5member6visited_at"; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	})

	t.Run("OK", func(t *testing.T) {
		s := storeWithMember(t)
		files := data.ImportFiles{Members: strings.NewReader(cleanLines(mixedCSV)),
			Visits: strings.NewReader(strings.Join(strings.SplitAfter(visitsCSV, "\n")[:4], ""))}
		rep, err := s.Import(ctx, files, data.ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Members != 2 || rep.Visits != 2 {
			t.Errorf("members, visits: got %d, %d, want 2, 2", rep.Members, rep.Visits)
		}
		if got := memberByEmail(t, s, "dan@example.org").Visits; got != 1 {
			t.Errorf("Dan's visits: got %d, want 1", got)
		}
	})
}

func TestImportHostileCells(t *testing.T) {
	cases := []struct {
		name, row string
		field     data.Field
	}{
		{"ErrNotUTF8", "a@example.org,\xff\xfe,Lee", data.FieldFirstName},
		{"ErrNUL", "a@example.org,A\x00n,Lee", data.FieldFirstName},
		{"ErrLineBreak", "a@example.org,\"A\nn\",Lee", data.FieldFirstName},
		{"ErrDisplayName", "\"Ann <a@example.org>\",Ann,Lee", data.FieldEmail},
		{"ErrBareQuote", "a@example.org,An\"n,Lee", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := MustOpen(t)
			text := "email,first_name,last_name\n" + c.row + "\n"
			rep, err := s.Import(context.Background(), membersFile(text),
				data.ImportOptions{}, nil)
			if !errors.Is(err, data.ErrRowsRefused) {
				t.Fatalf("got %v, want ErrRowsRefused", err)
			}
			if len(rep.Problems) != 1 || rep.Problems[0].Field != c.field {
				t.Errorf("got %+v, want one problem with %q", rep.Problems, c.field)
			}
			if got := memberCount(t, s); got != 0 {
				t.Errorf("members: got %d, want 0", got)
			}
		})
	}
}

func TestImportExampleFiles(t *testing.T) {
	s := MustOpen(t)
	members, err := os.Open("../assets/import-example.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer members.Close()
	visits, err := os.Open("../assets/visits-example.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer visits.Close()

	rep, err := s.Import(context.Background(), data.ImportFiles{Members: members, Visits: visits},
		data.ImportOptions{}, nil)
	if err != nil {
		t.Fatalf("%v: %v", err, rep.Problems)
	}
	if rep.Members != 5 || rep.Visits != 3 {
		t.Errorf("members, visits: got %d, %d, want 5, 3", rep.Members, rep.Visits)
	}
}

func TestImportDuplicateOfRefusedRow(t *testing.T) {
	s := MustOpen(t)
	text := "email,first_name,last_name,phone\n" +
		"ann@example.org,Ann,Lee,not a phone\n" + // 2: refused for its phone
		"ann@example.org,Ann,Lee,\n" // 3: same email as line 2
	rep, err := s.PlanImport(context.Background(), membersFile(text), data.ImportOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Bad != 2 || len(rep.Problems) != 2 ||
		rep.Problems[1].Reason != "Email is the same as on line 2." {
		t.Errorf("got %d bad, %v, want 2 with line 3 the same as line 2", rep.Bad, rep.Problems)
	}
}

// FuzzPlanImport feeds any bytes to a dry run: it never fails other than
// with a CSVError, never counts more good rows than it read, and writes
// nothing.
func FuzzPlanImport(f *testing.F) {
	f.Add(mixedCSV)
	f.Add(cleanLines(mixedCSV))
	f.Add("email;first_name;last_name\n\"a@b.org\";\"A\r\nB\";C\n")
	f.Add("\ufeffemail,first_name,last_name,status\nx@y.org,X,Y,pending delete\n")
	s := MustOpen(f)
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := s.PlanImport(context.Background(), membersFile(text),
			data.ImportOptions{}, nil)
		var ce *data.CSVError
		if err != nil && !errors.As(err, &ce) {
			t.Fatalf("got %v, want nil or a CSVError", err)
		}
		if rep.Members+rep.Bad > rep.MemberRows || len(rep.Problems) > data.MaxProblems {
			t.Fatalf("got %d good and %d bad of %d rows, %d problems", rep.Members, rep.Bad,
				rep.MemberRows, len(rep.Problems))
		}
		if n := memberCount(t, s); n != 0 {
			t.Fatalf("members after a dry run: got %d, want 0", n)
		}
	})
}

// TestImportIsSearchable checks that imported members are in the search
// index, which a bulk import fills once for all rows.
func TestImportIsSearchable(t *testing.T) {
	ctx := context.Background()
	s := storeWithMember(t)
	if _, err := s.Import(ctx, membersFile(cleanLines(mixedCSV)), data.ImportOptions{},
		nil); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Öztürk", "ozturk", "dan@exa", "ann@example"} {
		page, err := s.Search(ctx, data.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Members) != 1 {
			t.Errorf("search %q: got %d members, want 1", text, len(page.Members))
		}
	}
	// A member created after the import is indexed by the restored trigger.
	in := input(t, s, "after")
	in.LastName = "Zyxwvut"
	mustCreate(t, s, in)
	page, err := s.Search(ctx, data.Query{Text: "zyxwv"})
	if err != nil || len(page.Members) != 1 {
		t.Errorf("search after import: got %d, %v, want 1", len(page.Members), err)
	}
}
