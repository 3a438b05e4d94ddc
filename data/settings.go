package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Settings are the clinic's preferences, kept in the database file.
//
// NOTE: SMTPPassword is stored as typed, since SMTP needs it in clear; the
// file is protected by its folder's permissions only.
type Settings struct {
	ClinicName       string
	SMTPHost         string
	SMTPPort         int
	SMTPSecurity     string // SecurityTLS, SecurityStartTLS or SecurityNone
	SMTPUser         string
	SMTPPassword     string
	FromName         string
	FromAddress      string
	ResetURLTemplate string // an https link with {token}, e.g. https://x.org/reset?token={token}
	LinkLifetime     time.Duration
	RetentionDays    int // days a Pending delete member is kept
	BackupKeep       int // backups kept by rotation
}

// SMTP security choices.
const (
	SecurityTLS      = "tls"      // implicit TLS, usually port 465
	SecurityStartTLS = "starttls" // STARTTLS, usually port 587
	SecurityNone     = "none"     // a server on this computer only
)

// DefaultSettings returns the settings of a new clinic.
func DefaultSettings() Settings {
	return Settings{
		ClinicName:    "Clinic",
		SMTPPort:      465,
		SMTPSecurity:  SecurityTLS,
		LinkLifetime:  24 * time.Hour,
		RetentionDays: 30,
		BackupKeep:    14,
	}
}

// text returns the setting's text fields by key, as pointers into set.
func (set *Settings) text() map[Field]*string {
	return map[Field]*string{
		FieldClinicName: &set.ClinicName, FieldSMTPHost: &set.SMTPHost,
		FieldSMTPSecurity: &set.SMTPSecurity, FieldSMTPUser: &set.SMTPUser,
		FieldSMTPPassword: &set.SMTPPassword, FieldFromName: &set.FromName,
		FieldFromAddress: &set.FromAddress, FieldResetURL: &set.ResetURLTemplate,
	}
}

// numbers returns the setting's whole-number fields by key.
func (set *Settings) numbers() map[Field]*int {
	return map[Field]*int{
		FieldSMTPPort: &set.SMTPPort, FieldRetentionDays: &set.RetentionDays,
		FieldBackupKeep: &set.BackupKeep,
	}
}

// stored returns every setting as the text the settings table holds; the
// link lifetime is kept in whole seconds.
func (set Settings) stored() map[Field]string {
	out := map[Field]string{
		FieldLinkLifetime: strconv.FormatInt(int64(set.LinkLifetime/time.Second), 10),
	}
	for key, p := range set.text() {
		out[key] = *p
	}
	for key, p := range set.numbers() {
		out[key] = strconv.Itoa(*p)
	}
	return out
}

// load sets the field stored under key; unknown keys are ignored.
func (set *Settings) load(key Field, value string) error {
	if p, ok := set.text()[key]; ok {
		*p = value
		return nil
	}
	p, isNumber := set.numbers()[key]
	if !isNumber && key != FieldLinkLifetime {
		return nil
	}
	n, err := strconv.Atoi(value)
	if err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	if isNumber {
		*p = n
	} else {
		set.LinkLifetime = time.Duration(n) * time.Second
	}
	return nil
}

// Settings returns the clinic's settings, defaults where none was saved.
// It returns only internal errors.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	return readSettings(ctx, s.db)
}

func readSettings(ctx context.Context, q querier) (Settings, error) {
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return Settings{}, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()

	set := DefaultSettings()
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return Settings{}, fmt.Errorf("read settings: %w", err)
		}
		if err := set.load(Field(key), value); err != nil {
			return Settings{}, fmt.Errorf("read settings: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return Settings{}, fmt.Errorf("read settings: %w", err)
	}
	return set, nil
}

// SaveSettings validates set and stores what differs from the saved
// settings, with one audit entry naming the changed keys (never a value).
// It returns the joined *FieldError of every refused field, or an internal
// error.
func (s *Store) SaveSettings(ctx context.Context, set Settings) error {
	set = set.normalized()
	if errs := ValidateSettings(set); len(errs) > 0 {
		return errors.Join(errs...)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		changed, err := writeSettings(ctx, tx, cur.stored(), set.stored())
		if err != nil || len(changed) == 0 {
			return err
		}
		return s.audit(ctx, tx, actSettings, 0, changed)
	})
}

// writeSettings stores the values of next that differ from cur and returns
// their keys, sorted.
func writeSettings(ctx context.Context, tx *sql.Tx, cur, next map[Field]string) ([]string, error) {
	var changed []string
	for key, value := range next {
		if cur[key] == value {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		if err != nil {
			return nil, fmt.Errorf("save setting %s: %w", key, err)
		}
		changed = append(changed, string(key))
	}
	sort.Strings(changed)
	return changed, nil
}

// normalized trims surrounding spaces from every text setting but the
// password, which is kept exactly as typed.
func (set Settings) normalized() Settings {
	for key, p := range set.text() {
		if key != FieldSMTPPassword {
			*p = trimSpaces(*p)
		}
	}
	set.SMTPSecurity = strings.ToLower(set.SMTPSecurity)
	return set
}

// ValidateSettings checks set as SaveSettings would store it and returns
// one *FieldError per refused field, in the order the Settings view shows
// them, or nil.
func ValidateSettings(set Settings) []error {
	set = set.normalized()
	var errs []error
	for _, err := range []error{
		ValidateName(FieldClinicName, set.ClinicName),
		checkSMTPHost(set.SMTPHost),
		checkRange(FieldSMTPPort, set.SMTPPort, 1, 65535, "must be 1 to 65535"),
		checkSecurity(set.SMTPSecurity, set.SMTPHost),
		checkText(FieldSMTPUser, set.SMTPUser, maxEmail, oneLine),
		checkText(FieldSMTPPassword, set.SMTPPassword, 256, oneLine),
		checkText(FieldFromName, set.FromName, maxName, oneLine),
		checkFromAddress(set.FromAddress),
		checkResetURL(set.ResetURLTemplate),
		checkLifetime(set.LinkLifetime),
		checkRange(FieldRetentionDays, set.RetentionDays, 1, 3650, "must be 1 to 3650 days"),
		checkRange(FieldBackupKeep, set.BackupKeep, 1, 365, "must be 1 to 365"),
	} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func checkRange(f Field, n, lo, hi int, rule string) error {
	if n < lo || n > hi {
		return &FieldError{Field: f, Rule: rule}
	}
	return nil
}

func checkLifetime(d time.Duration) error {
	if d < 15*time.Minute || d > 7*24*time.Hour {
		return &FieldError{Field: FieldLinkLifetime, Rule: "must be 15 minutes to 7 days"}
	}
	return nil
}

// checkSMTPHost accepts "" (not set up yet), a host name or an IP address.
func checkSMTPHost(h string) error {
	if h == "" || validHostname(h) || net.ParseIP(h) != nil {
		return nil
	}
	return &FieldError{Field: FieldSMTPHost, Rule: "must be a server name like smtp.example.org"}
}

// checkSecurity accepts the three choices, none only for this computer,
// where nothing crosses the network.
func checkSecurity(sec, host string) error {
	switch sec {
	case SecurityTLS, SecurityStartTLS:
		return nil
	case SecurityNone:
		if host == "" || isLocalHost(host) {
			return nil
		}
		return &FieldError{Field: FieldSMTPSecurity,
			Rule: "can be none only for a server on this computer"}
	}
	return &FieldError{Field: FieldSMTPSecurity, Rule: "must be TLS, STARTTLS or none"}
}

// isLocalHost reports the names of this computer.
func isLocalHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func checkFromAddress(a string) error {
	if a == "" {
		return nil
	}
	return checkEmail(FieldFromAddress, a)
}

// checkResetURL accepts "" (not set up yet) or a link with {token} that is
// https, or http to this computer.
func checkResetURL(t string) error {
	if t == "" {
		return nil
	}
	if err := checkText(FieldResetURL, t, 2000, oneLine); err != nil {
		return err
	}
	if !strings.Contains(t, "{token}") {
		return &FieldError{Field: FieldResetURL, Rule: "must contain {token}"}
	}
	u, err := url.Parse(strings.ReplaceAll(t, "{token}", "x"))
	if err != nil || u.Host == "" || u.User != nil {
		return &FieldError{Field: FieldResetURL,
			Rule: "must be a web address like https://portal.example.org/reset?token={token}"}
	}
	if u.Scheme == "https" || u.Scheme == "http" && isLocalHost(u.Hostname()) {
		return nil
	}
	return &FieldError{Field: FieldResetURL,
		Rule: "must start with https:// (http:// only for this computer)"}
}
