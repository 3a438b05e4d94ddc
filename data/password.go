package data

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters of new hashes (RFC 9106's second recommended
// choice, with fewer lanes for an office PC). Stored hashes carry their
// own parameters, so these can grow later.
const (
	argonMemory  = 64 * 1024 // KiB
	argonTime    = 1
	argonThreads = 2
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Bounds on the parameters of a stored hash, so that an edited file cannot
// make a login take gigabytes or minutes.
const (
	maxArgonMemory  = 1024 * 1024
	maxArgonTime    = 16
	maxArgonThreads = 16
)

const (
	minPassword = 10
	maxPassword = 128
)

// ValidatePassword checks a new password: 10 to 128 characters of valid
// text. It returns nil or a *FieldError for FieldPassword.
func ValidatePassword(pw string) error {
	if !utf8.ValidString(pw) {
		return &FieldError{Field: FieldPassword, Rule: ruleUTF8}
	}
	if n := utf8.RuneCountInString(pw); n < minPassword || n > maxPassword {
		return &FieldError{Field: FieldPassword, Rule: "must be 10 to 128 characters"}
	}
	return nil
}

// hashPassword returns the argon2id hash of pw as a PHC string:
// $argon2id$v=19$m=65536,t=1,p=2$salt$hash.
func hashPassword(pw string) string {
	salt := make([]byte, argonSaltLen)
	rand.Read(salt) // never fails; see crypto/rand.Read
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// phcHash is a parsed argon2id PHC string.
type phcHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

var errBadHash = errors.New("stored password hash is not argon2id")

func parsePHC(s string) (phcHash, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" ||
		parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return phcHash{}, errBadHash
	}
	var h phcHash
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memory, &h.time, &h.threads)
	if err != nil || h.memory > maxArgonMemory || h.time == 0 || h.time > maxArgonTime ||
		h.threads == 0 || h.threads > maxArgonThreads {
		return phcHash{}, errBadHash
	}
	b64 := base64.RawStdEncoding
	if h.salt, err = b64.DecodeString(parts[4]); err != nil {
		return phcHash{}, errBadHash
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) == 0 {
		return phcHash{}, errBadHash
	}
	return h, nil
}

// matches reports whether pw hashes to h, comparing in constant time.
func (h phcHash) matches(pw string) bool {
	key := argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1
}

// CheckPassword reports whether password is the password of the Active
// member with username (case ignored), for a patient portal sharing the
// file. An unknown username, a member without a password or one not Active
// gets false after the same work as a wrong password. It returns an
// internal error for an unreadable stored hash.
func (s *Store) CheckPassword(ctx context.Context, username, password string) (bool, error) {
	var phc string
	var st Status
	err := s.db.QueryRowContext(ctx, `SELECT c.password_hash, m.status
		FROM members m JOIN credentials c ON c.member_id = m.id
		WHERE m.username = ?`, trimSpaces(username)).Scan(&phc, &st)
	if errors.Is(err, sql.ErrNoRows) {
		dummyHash.matches(password)
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	h, err := parsePHC(phc)
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	return h.matches(password) && st == StatusActive, nil
}

// dummyHash costs an unknown username what a known one costs, so that the
// time taken does not tell whether an account exists.
var dummyHash = phcHash{memory: argonMemory, time: argonTime, threads: argonThreads,
	salt: make([]byte, argonSaltLen), key: make([]byte, argonKeyLen)}
