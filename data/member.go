package data

import "time"

// Status is a member's account status.
type Status string

const (
	StatusActive        Status = "active"
	StatusSuspended     Status = "suspended"
	StatusPendingDelete Status = "pending_delete"
)

// Statuses lists every status in the order the window offers them.
var Statuses = []Status{StatusActive, StatusSuspended, StatusPendingDelete}

// Label is the status as the window shows it.
func (s Status) Label() string {
	switch s {
	case StatusActive:
		return "Active"
	case StatusSuspended:
		return "Suspended"
	case StatusPendingDelete:
		return "Pending delete"
	}
	return string(s)
}

// Member is a patient account. A guest has no Username.
type Member struct {
	ID          int64
	RoomID      int64
	RoomName    string
	Username    string
	Email       string
	FirstName   string
	LastName    string
	Phone       string
	BirthDate   string // YYYY-MM-DD, or "" when unknown
	Sex         string
	Address     string
	Notes       string
	Status      Status
	StatusSince time.Time // when the status was last set (the day of Pending delete)
	Visits      int
	LastVisit   time.Time // zero when there are none
	HasPassword bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Registered reports whether the member has login detail (a username).
func (m Member) Registered() bool { return m.Username != "" }

// Name is the member's full name, first name first.
func (m Member) Name() string { return m.FirstName + " " + m.LastName }

// MemberInput is what the administrator typed for a new or edited member.
// BirthDate may be YYYY-MM-DD or in DateOrder; an empty Username makes a
// guest.
type MemberInput struct {
	RoomID    int64
	Username  string
	Email     string
	FirstName string
	LastName  string
	Phone     string
	BirthDate string
	Sex       string
	Address   string
	Notes     string
	DateOrder DateOrder
}

// DateOrder is the order of day, month and year in a locale's dates.
type DateOrder int

const (
	OrderDMY DateOrder = iota // 07/03/1980 is 7 March (most of the world)
	OrderMDY                  // 07/03/1980 is 3 July (United States)
	OrderYMD                  // 1980/03/07
)
