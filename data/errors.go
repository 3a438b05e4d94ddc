package data

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned when a member, room, visit or token does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is matched (errors.Is) by every *DuplicateError.
var ErrDuplicate = errors.New("duplicate")

// Field names a field in errors, settings keys and audit rows.
type Field string

// Member fields.
const (
	FieldRoom      Field = "room"
	FieldUsername  Field = "username"
	FieldEmail     Field = "email"
	FieldFirstName Field = "first_name"
	FieldLastName  Field = "last_name"
	FieldPhone     Field = "phone"
	FieldBirthDate Field = "birth_date"
	FieldSex       Field = "sex"
	FieldAddress   Field = "address"
	FieldNotes     Field = "notes"
	FieldStatus    Field = "status"
	FieldPassword  Field = "password"
)

// Room and visit fields.
const (
	FieldRoomName  Field = "room_name"
	FieldRoomCode  Field = "room_code"
	FieldRoomState Field = "active"
	FieldVisitAt   Field = "visited_at"
	FieldProvider  Field = "provider"
	FieldReason    Field = "reason"
)

// Settings fields; their values are also the keys of the settings table.
const (
	FieldClinicName    Field = "clinic_name"
	FieldSMTPHost      Field = "smtp_host"
	FieldSMTPPort      Field = "smtp_port"
	FieldSMTPSecurity  Field = "smtp_security"
	FieldSMTPUser      Field = "smtp_user"
	FieldSMTPPassword  Field = "smtp_password"
	FieldFromName      Field = "from_name"
	FieldFromAddress   Field = "from_address"
	FieldResetURL      Field = "reset_url_template"
	FieldLinkLifetime  Field = "link_lifetime"
	FieldRetentionDays Field = "retention_days"
	FieldBackupKeep    Field = "backup_keep"
)

var fieldLabels = map[Field]string{
	FieldRoom:          "Room",
	FieldUsername:      "Username",
	FieldEmail:         "Email",
	FieldFirstName:     "First name",
	FieldLastName:      "Last name",
	FieldPhone:         "Phone",
	FieldBirthDate:     "Date of birth",
	FieldSex:           "Sex",
	FieldAddress:       "Address",
	FieldNotes:         "Notes",
	FieldStatus:        "Status",
	FieldPassword:      "Password",
	FieldRoomName:      "Room name",
	FieldRoomCode:      "Room code",
	FieldRoomState:     "Active",
	FieldVisitAt:       "Visit time",
	FieldProvider:      "Provider",
	FieldReason:        "Reason",
	FieldClinicName:    "Clinic name",
	FieldSMTPHost:      "SMTP server",
	FieldSMTPPort:      "SMTP port",
	FieldSMTPSecurity:  "Security",
	FieldSMTPUser:      "SMTP user",
	FieldSMTPPassword:  "SMTP password",
	FieldFromName:      "Sender name",
	FieldFromAddress:   "Sender address",
	FieldResetURL:      "Reset link",
	FieldLinkLifetime:  "Link lifetime",
	FieldRetentionDays: "Pending delete retention",
	FieldBackupKeep:    "Backups kept",
}

// Label is the field's name as the window shows it.
func (f Field) Label() string {
	if label, ok := fieldLabels[f]; ok {
		return label
	}
	return string(f)
}

// FieldError is a refused value: its message is one sentence that names the
// field and the rule, fit to show the administrator as it is.
type FieldError struct {
	Field Field
	Rule  string // completes "<Label> ...", e.g. "must be at most 100 characters"
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s %s.", e.Field.Label(), e.Rule)
}

// DuplicateError reports a username, email, room name or room code already
// in use, compared without regard to case.
type DuplicateError struct {
	Field Field
}

func (e *DuplicateError) Error() string {
	owner := "member"
	if e.Field == FieldRoomName || e.Field == FieldRoomCode {
		owner = "room"
	}
	return fmt.Sprintf("%s is already used by another %s.", e.Field.Label(), owner)
}

// Is makes errors.Is(err, ErrDuplicate) true.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicate }

// isUnique reports whether err is SQLite's UNIQUE constraint failure.
func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// sentence is an error whose message is one sentence fit to show the
// administrator as it is; errors.Is matches it by value.
type sentence string

func (e sentence) Error() string { return string(e) }
