package data

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// actSample is the audit action of loading sample data.
const actSample = "member.sample"

// ErrNotEmpty refuses sample data for a database that already has members.
var ErrNotEmpty error = notEmptyError{}

type notEmptyError struct{}

func (notEmptyError) Error() string {
	return "The database already has members; sample data goes only into an empty database."
}

// sampleRooms are added by LoadSample beside the rooms the clinic has.
var sampleRooms = []struct{ name, code string }{
	{"Consulting 1", "CON1"}, {"Consulting 2", "CON2"}, {"Paediatrics", "PAED"},
	{"Physiotherapy", "PHYS"}, {"Dental", "DENT"},
}

var (
	sampleProviders = words("Dr_Okafor Dr_Novak Dr_Haddad Dr_Lindqvist Dr_Tanaka " +
		"Nurse_Ramos Nurse_Ivanova Dr_Moreau")
	sampleReasons = words("Check-up Vaccination Blood_test Follow-up Back_pain " +
		"Prescription_renewal Sore_throat Physiotherapy_session Dental_cleaning " +
		"Travel_advice")
	// visitWeights are the odds of 0, 1, ... 10 visits per member.
	visitWeights = []int{30, 15, 13, 11, 9, 7, 5, 4, 3, 2, 1}
)

// LoadSample adds n sample members with realistic names in several scripts,
// spread over the clinic's rooms and a few sample rooms, with mixed statuses
// (none yet due for the purge) and 0 to 10 visits each. A fixed seed makes
// the same people each time; their dates are set relative to now. It all
// goes in one transaction with one audit entry. progress, when not nil, is
// called now and then with the members added and n. It returns ErrNotEmpty
// when the database already has members, ctx's error (nothing is added),
// or an internal error.
func (s *Store) LoadSample(ctx context.Context, n int, progress func(done, total int)) error {
	conn, err := s.bulkConn(ctx)
	if err != nil {
		return err
	}
	defer s.releaseBulkConn(conn)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin sample: %w", err)
	}
	defer tx.Rollback()

	g, err := s.newSampler(ctx, tx)
	if err != nil {
		return err
	}
	defer g.close()
	if err := g.members(ctx, n, progress); err != nil {
		return cancelled(ctx, err)
	}
	if err := g.triggers.resume(ctx, tx); err != nil {
		return cancelled(ctx, err)
	}
	fields := []string{"count=" + strconv.Itoa(n), "visits=" + strconv.Itoa(g.visits)}
	if err := s.audit(ctx, tx, actSample, 0, fields); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return cancelled(ctx, fmt.Errorf("commit sample: %w", err))
	}
	return nil
}

// sampler makes and stores sample members.
type sampler struct {
	tx     *sql.Tx
	rng    *rand.Rand
	now    time.Time
	rooms  []int64
	cum    []int // cumulative weights of sampleCultures
	visits int

	triggers                  bulkTriggers
	insertMember, insertVisit *sql.Stmt
}

func (s *Store) newSampler(ctx context.Context, tx *sql.Tx) (*sampler, error) {
	var members int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM members").Scan(&members); err != nil {
		return nil, fmt.Errorf("count members: %w", err)
	}
	if members > 0 {
		return nil, ErrNotEmpty
	}
	g := &sampler{tx: tx, rng: rand.New(rand.NewPCG(1, 2)), now: s.clock()}
	if err := s.sampleRooms(ctx, g); err != nil {
		return nil, err
	}
	total := 0
	for _, c := range sampleCultures {
		total += c.weight
		g.cum = append(g.cum, total)
	}
	var err error
	if g.triggers, err = suspendBulkTriggers(ctx, tx); err != nil {
		return nil, err
	}
	return g, g.prepare(ctx)
}

// sampleRooms adds the sample rooms the clinic lacks and lists the active
// rooms.
func (s *Store) sampleRooms(ctx context.Context, g *sampler) error {
	for _, r := range sampleRooms {
		res, err := g.tx.ExecContext(ctx, `INSERT INTO rooms (name, code, active, created_at)
			SELECT ?, ?, 1, ? WHERE NOT EXISTS (SELECT 1 FROM rooms
			WHERE name = ?1 COLLATE NOCASE OR code = ?2 COLLATE NOCASE)`,
			r.name, r.code, formatTime(g.now))
		if err != nil {
			return fmt.Errorf("add sample room: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			id, _ := res.LastInsertId()
			err = s.auditRoom(ctx, g.tx, actRoomCreate, id,
				[]string{string(FieldRoomName), string(FieldRoomCode)})
			if err != nil {
				return err
			}
		}
	}
	rows, err := g.tx.QueryContext(ctx, "SELECT id FROM rooms WHERE active ORDER BY id")
	if err != nil {
		return fmt.Errorf("list rooms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("list rooms: %w", err)
		}
		g.rooms = append(g.rooms, id)
	}
	return rows.Err()
}

func (g *sampler) prepare(ctx context.Context) error {
	var err error
	g.insertMember, err = g.tx.PrepareContext(ctx, `INSERT INTO members (room_id, username,
		email, first_name, last_name, phone, birth_date, sex, address, notes, status,
		status_since, created_at, updated_at, name_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare sample: %w", err)
	}
	g.insertVisit, err = g.tx.PrepareContext(ctx, `INSERT INTO visits (member_id, room_id,
		visited_at, provider, reason, notes, created_at) VALUES (?, ?, ?, ?, ?, '', ?)`)
	if err != nil {
		return fmt.Errorf("prepare sample: %w", err)
	}
	return nil
}

func (g *sampler) close() {
	for _, st := range []*sql.Stmt{g.insertMember, g.insertVisit} {
		if st != nil {
			st.Close()
		}
	}
}

// members adds n members with their visits, checking ctx now and then.
func (g *sampler) members(ctx context.Context, n int, progress func(done, total int)) error {
	for i := 1; i <= n; i++ {
		if err := g.member(i); err != nil {
			return err
		}
		if i%1024 == 0 || i == n {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(i, n)
			}
		}
	}
	return nil
}

// sampleMember is one generated member with what the store sets itself.
type sampleMember struct {
	in      MemberInput
	status  Status
	since   time.Time
	created time.Time
}

// member makes and stores member number i and their visits.
func (g *sampler) member(i int) error {
	m := g.make(i)
	created := formatTime(m.created)
	res, err := g.insertMember.Exec(m.in.RoomID, nullIfEmpty(m.in.Username), m.in.Email,
		m.in.FirstName, m.in.LastName, m.in.Phone, m.in.BirthDate, m.in.Sex, m.in.Address,
		m.in.Notes, m.status, formatTime(m.since), created, created,
		NameKey(m.in.LastName, m.in.FirstName))
	if err != nil {
		return fmt.Errorf("add sample member: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("add sample member: %w", err)
	}
	return g.addVisits(id, m)
}

// make generates member number i; i makes the email and username unique.
func (g *sampler) make(i int) sampleMember {
	c := g.culture()
	female := g.rng.IntN(2) == 0
	names := c.male
	if female {
		names = c.female
	}
	first, firstLatin := split(pick(g.rng, names))
	last, lastLatin := split(pick(g.rng, c.last))
	local := firstLatin + "." + lastLatin + strconv.Itoa(i)

	m := sampleMember{created: g.ago(5 * 365)}
	m.in = MemberInput{
		RoomID:    g.rooms[g.rng.IntN(len(g.rooms))],
		Email:     local + "@" + pick(g.rng, sampleDomains),
		FirstName: first,
		LastName:  last,
		Phone:     g.phone(c),
		BirthDate: g.now.AddDate(-18-g.rng.IntN(75), 0, -g.rng.IntN(365)).Format(time.DateOnly),
		Sex:       g.sex(female),
	}
	if g.rng.IntN(5) > 0 { // one in five is a guest
		m.in.Username = local
	}
	if g.rng.IntN(2) == 0 {
		m.in.Address = fmt.Sprintf("%s %d, %s", pick(g.rng, c.streets), 1+g.rng.IntN(200),
			pick(g.rng, c.cities))
	}
	if g.rng.IntN(10) == 0 {
		m.in.Notes = "Prefers " + strings.ToLower(pick(g.rng, sampleReasons)) + " in the morning."
	}
	m.status, m.since = g.status(m.created)
	return m
}

var sampleDomains = words("example.org example.net example.com")

func (g *sampler) culture() culture {
	x := g.rng.IntN(g.cum[len(g.cum)-1])
	i := sort.SearchInts(g.cum, x+1)
	return sampleCultures[i].c
}

func (g *sampler) phone(c culture) string {
	if g.rng.IntN(10) == 0 {
		return ""
	}
	return fmt.Sprintf("%s %d %04d %04d", c.phone, 10+g.rng.IntN(90), g.rng.IntN(10000),
		g.rng.IntN(10000))
}

func (g *sampler) sex(female bool) string {
	switch {
	case g.rng.IntN(20) == 0:
		return ""
	case female:
		return "female"
	}
	return "male"
}

// status is mostly Active; Pending delete members were set so within the
// last 25 days, so that a purge with the default retention removes none.
func (g *sampler) status(created time.Time) (Status, time.Time) {
	switch x := g.rng.IntN(100); {
	case x < 4:
		return StatusPendingDelete, g.ago(25)
	case x < 10:
		return StatusSuspended, g.ago(200)
	}
	return StatusActive, created
}

// ago is a random moment within the last days.
func (g *sampler) ago(days int) time.Time {
	back := time.Duration(g.rng.Int64N(int64(days) * int64(24*time.Hour)))
	return g.now.Add(-back).Truncate(time.Second)
}

// addVisits stores 0 to 10 visits of member id since they were created.
func (g *sampler) addVisits(id int64, m sampleMember) error {
	n := weighted(g.rng, visitWeights)
	span := g.now.Sub(m.created)
	at := make([]time.Time, n)
	for i := range at {
		at[i] = m.created.Add(time.Duration(g.rng.Int64N(int64(span) + 1))).Truncate(time.Minute)
	}
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	for _, t := range at {
		room := m.in.RoomID
		if g.rng.IntN(4) == 0 {
			room = g.rooms[g.rng.IntN(len(g.rooms))]
		}
		_, err := g.insertVisit.Exec(id, room, formatTime(t), pick(g.rng, sampleProviders),
			pick(g.rng, sampleReasons), formatTime(t))
		if err != nil {
			return fmt.Errorf("add sample visit: %w", err)
		}
	}
	g.visits += n
	return nil
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

// weighted picks an index with the odds in weights.
func weighted(rng *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := rng.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
