package data_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"clinicadmin/data"
)

// trickyMembers are hard to write as CSV or dangerous in a spreadsheet.
var trickyMembers = []data.MemberInput{
	{Username: "+plus", Email: "formula@example.org", FirstName: "=SUM(A1:A9)",
		LastName: "@risk", Phone: "+44 20 7946 0000",
		Address: "1 \"Quoted\" Road,\nLeeds", Notes: "'=already quoted\nline two"},
	{Email: "guest@example.org", FirstName: "-minus", LastName: "O'Brien, Jr.",
		Notes: "semi;colon and, comma"},
}

func TestExportReimport(t *testing.T) {
	ctx := context.Background()
	src := MustOpen(t)
	if err := src.LoadSample(ctx, 1200, nil); err != nil {
		t.Fatal(err)
	}
	for _, in := range trickyMembers {
		in.RoomID = mainRoom(t, src)
		mustCreate(t, src, in)
	}

	cases := []struct {
		name string
		q    data.Query
	}{
		{"Everyone", data.Query{Sort: data.SortEmail, Desc: true, Limit: 20}},
		{"SearchAndFilters", data.Query{Text: "example.org", Status: data.StatusActive,
			Sort: data.SortCreated}},
		{"Guests", data.Query{Kind: data.KindGuest, Sort: data.SortName}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			var lastDone, lastTotal int
			n, err := src.Export(ctx, &buf, c.q, func(done, total int) {
				lastDone, lastTotal = done, total
			})
			if err != nil {
				t.Fatal(err)
			}
			want := matching(t, src, c.q)
			if n != len(want) || lastDone != n || lastTotal != n {
				t.Fatalf("exported %d, progress %d of %d, want %d", n, lastDone, lastTotal,
					len(want))
			}
			got := reimport(t, src, buf.String())
			if len(got) != len(want) {
				t.Fatalf("reimported %d members, want %d", len(got), len(want))
			}
			for i := range want {
				if g, w := profile(got[i]), profile(want[i]); g != w {
					t.Fatalf("member %d: got %s, want %s", i, g, w)
				}
			}
		})
	}
}

// matching reads every member matching q, in q's order, page by page.
func matching(t *testing.T, s *data.Store, q data.Query) []data.Member {
	t.Helper()
	var out []data.Member
	q.Limit = data.MaxLimit
	for {
		page, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Members...)
		if page.Next == nil {
			return out
		}
		q.After = page.Next
	}
}

// reimport imports an export into an empty database with src's rooms and
// returns its members in file order.
func reimport(t *testing.T, src *data.Store, text string) []data.Member {
	t.Helper()
	ctx := context.Background()
	dst := MustOpen(t)
	rooms, err := src.ListRooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rooms {
		if _, err := dst.CreateRoom(ctx, r.Name, r.Code); err != nil &&
			!errors.Is(err, data.ErrDuplicate) {
			t.Fatal(err)
		}
	}
	rep, err := dst.Import(ctx, membersFile(text), data.ImportOptions{}, nil)
	if err != nil {
		t.Fatalf("%v: %v", err, rep.Problems)
	}
	var out []data.Member
	for id := int64(1); id <= int64(rep.Members); id++ {
		m, err := dst.GetMember(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// profile is what an export carries of a member.
func profile(m data.Member) string {
	return strings.Join([]string{m.RoomName, m.Username, m.Email, m.FirstName, m.LastName,
		m.Phone, m.BirthDate, m.Sex, m.Address, m.Notes, string(m.Status)}, "|")
}

func TestExportEscapesFormulas(t *testing.T) {
	s := MustOpen(t)
	for _, in := range trickyMembers {
		in.RoomID = mainRoom(t, s)
		mustCreate(t, s, in)
	}
	var buf bytes.Buffer
	if _, err := s.Export(context.Background(), &buf, data.Query{Sort: data.SortEmail},
		nil); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.HasPrefix(text, "\ufeffroom,username,email,first_name,") {
		t.Errorf("start: got %q", text[:40])
	}
	for _, want := range []string{",'+plus,", ",'=SUM(A1:A9),'@risk,+44 20 7946 0000,",
		"\"''=already quoted\nline two\"", ",'-minus,"} {
		if !strings.Contains(text, want) {
			t.Errorf("export lacks %q:\n%s", want, text)
		}
	}
}

func TestExportCancel(t *testing.T) {
	s := MustOpen(t)
	if err := s.LoadSample(context.Background(), 1200, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := s.Export(ctx, &bytes.Buffer{}, data.Query{}, func(int, int) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}
