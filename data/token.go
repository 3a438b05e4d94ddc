package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// TokenPurpose says what a link is for.
type TokenPurpose string

const (
	PurposeReset   TokenPurpose = "reset"   // Send Reset Password Email
	PurposeWelcome TokenPurpose = "welcome" // the set-password link of a new member
)

// Token is a newly issued link secret. Secret goes into the email and is
// never stored; only its SHA-256 is.
type Token struct {
	ID        int64
	Secret    string // base64url (no padding) of 32 random bytes
	ExpiresAt time.Time
}

// Errors of redeeming a link, each a sentence fit for the person who
// followed it.
var (
	ErrTokenInvalid error = sentence("This link is not valid; ask the clinic for a new one.")
	ErrTokenExpired error = sentence("This link has expired; ask the clinic for a new one.")
	ErrTokenUsed    error = sentence("This link has already been used.")
)

// ErrGuest refuses login detail to a guest.
var ErrGuest error = sentence("Guests have no login detail, so they get no " +
	"reset emails; give them a username first.")

// StatusError refuses a link to a member whose status does not allow one.
type StatusError struct{ Status Status }

func (e *StatusError) Error() string {
	return e.Status.Label() + " members get no reset emails."
}

const secretBytes = 32

// IssueToken creates a link secret for member memberID that expires after
// lifetime (0 takes the LinkLifetime setting), and voids the member's older
// unused links. It returns the token, ErrNotFound, ErrGuest, a *StatusError
// for a Suspended or Pending delete member, or an internal error.
func (s *Store) IssueToken(ctx context.Context, memberID int64, p TokenPurpose,
	lifetime time.Duration) (Token, error) {
	if p != PurposeReset && p != PurposeWelcome {
		return Token{}, fmt.Errorf("issue token: unknown purpose %q", p)
	}
	lifetime, err := s.linkLifetime(ctx, lifetime)
	if err != nil {
		return Token{}, err
	}
	raw := make([]byte, secretBytes)
	rand.Read(raw) // never fails; see crypto/rand.Read
	now := s.clock()
	tok := Token{Secret: base64.RawURLEncoding.EncodeToString(raw), ExpiresAt: now.Add(lifetime)}

	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkLinkAllowed(ctx, tx, memberID); err != nil {
			return err
		}
		if err := voidTokens(ctx, tx, memberID, formatTime(now)); err != nil {
			return err
		}
		hash := sha256.Sum256(raw)
		tok.ID, err = insertToken(ctx, tx, memberID, p, hash[:], now, tok.ExpiresAt)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actTokenIssue, memberID, []string{string(p)})
	})
	if err != nil {
		return Token{}, err
	}
	return tok, nil
}

// linkLifetime is lifetime, or the LinkLifetime setting when it is 0.
func (s *Store) linkLifetime(ctx context.Context, lifetime time.Duration) (time.Duration, error) {
	if lifetime > 0 {
		return lifetime, nil
	}
	set, err := s.Settings(ctx)
	return set.LinkLifetime, err
}

func insertToken(ctx context.Context, tx *sql.Tx, memberID int64, p TokenPurpose,
	hash []byte, now, expires time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO reset_tokens
		(member_id, token_hash, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		memberID, hash, p, formatTime(now), formatTime(expires))
	if err != nil {
		return 0, fmt.Errorf("insert token: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert token: %w", err)
	}
	return id, nil
}

// checkLinkAllowed refuses links to guests and to members not Active.
func checkLinkAllowed(ctx context.Context, q querier, memberID int64) error {
	var username string
	var st Status
	err := q.QueryRowContext(ctx, `SELECT coalesce(username, ''), status FROM members
		WHERE id = ?`, memberID).Scan(&username, &st)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return fmt.Errorf("check member for link: %w", err)
	case username == "":
		return ErrGuest
	case st != StatusActive:
		return &StatusError{Status: st}
	}
	return nil
}

// voidTokens voids every unused, unvoided link of member memberID.
func voidTokens(ctx context.Context, tx *sql.Tx, memberID int64, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE reset_tokens SET voided_at = ?
		WHERE member_id = ? AND used_at = '' AND voided_at = ''`, now, memberID)
	if err != nil {
		return fmt.Errorf("void tokens: %w", err)
	}
	return nil
}

// MarkTokenSent records that the email carrying token tokenID went out at
// at, and moves its expiry so that the lifetime counts from then. It returns
// ErrNotFound or an internal error.
func (s *Store) MarkTokenSent(ctx context.Context, tokenID int64, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var memberID int64
		var created, sent, expires string
		err := tx.QueryRowContext(ctx, `SELECT member_id, created_at, sent_at, expires_at
			FROM reset_tokens WHERE id = ?`, tokenID).Scan(&memberID, &created, &sent, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("mark token sent: %w", err)
		}
		lifetime, err := tokenLifetime(created, sent, expires)
		if err != nil {
			return fmt.Errorf("mark token sent: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE reset_tokens SET sent_at = ?, expires_at = ?
			WHERE id = ?`, formatTime(at), formatTime(at.Add(lifetime)), tokenID)
		if err != nil {
			return fmt.Errorf("mark token sent: %w", err)
		}
		return s.audit(ctx, tx, actTokenSend, memberID, nil)
	})
}

// tokenLifetime is how long a token was given: from when it was last sent,
// or else issued, to when it expires.
func tokenLifetime(created, sent, expires string) (time.Duration, error) {
	from := created
	if sent != "" {
		from = sent
	}
	start, err := parseTime(from)
	if err != nil {
		return 0, err
	}
	end, err := parseTime(expires)
	return end.Sub(start), err
}

// VoidToken voids token tokenID, for an email that could not be sent. It
// returns ErrNotFound or an internal error.
func (s *Store) VoidToken(ctx context.Context, tokenID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var memberID int64
		err := tx.QueryRowContext(ctx, "SELECT member_id FROM reset_tokens WHERE id = ?",
			tokenID).Scan(&memberID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("void token: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE reset_tokens SET voided_at = ?
			WHERE id = ? AND voided_at = ''`, formatTime(s.now()), tokenID)
		if err != nil {
			return fmt.Errorf("void token: %w", err)
		}
		return s.audit(ctx, tx, actTokenVoid, memberID, nil)
	})
}

// tokenRow is what redeeming needs of a stored token.
type tokenRow struct {
	id, memberID            int64
	expires, used, voidedAt string
}

// findToken looks a secret up by its hash and judges it as of now.
func findToken(ctx context.Context, q querier, secret string, now time.Time) (tokenRow, error) {
	raw, err := base64.RawURLEncoding.DecodeString(secret)
	if err != nil || len(raw) != secretBytes {
		return tokenRow{}, ErrTokenInvalid
	}
	hash := sha256.Sum256(raw)

	var t tokenRow
	err = q.QueryRowContext(ctx, `SELECT id, member_id, expires_at, used_at, voided_at
		FROM reset_tokens WHERE token_hash = ?`, hash[:]).
		Scan(&t.id, &t.memberID, &t.expires, &t.used, &t.voidedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return tokenRow{}, ErrTokenInvalid
	case err != nil:
		return tokenRow{}, fmt.Errorf("find token: %w", err)
	case t.used != "":
		return tokenRow{}, ErrTokenUsed
	case t.voidedAt != "":
		return tokenRow{}, ErrTokenInvalid
	case t.expires <= formatTime(now):
		return tokenRow{}, ErrTokenExpired
	}
	return t, nil
}

// RedeemToken sets the password of the member a link was issued to, as a
// patient portal sharing the file does, and spends the link and every other
// link of that member. It returns the member's id, a *FieldError for a
// password outside the rule, ErrTokenInvalid (unknown or voided),
// ErrTokenUsed, ErrTokenExpired, a *StatusError or ErrGuest when the member
// may no longer log in, or an internal error.
func (s *Store) RedeemToken(ctx context.Context, secret, newPassword string) (int64, error) {
	if err := ValidatePassword(newPassword); err != nil {
		return 0, err
	}
	// A link that cannot work is refused before the costly hash.
	if _, err := findToken(ctx, s.db, secret, s.now()); err != nil {
		return 0, err
	}
	phc := hashPassword(newPassword)

	var memberID int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		t, err := findToken(ctx, tx, secret, now)
		if err != nil {
			return err
		}
		if err := checkLinkAllowed(ctx, tx, t.memberID); err != nil {
			return err
		}
		memberID = t.memberID
		return s.spendToken(ctx, tx, t, phc, formatTime(now))
	})
	return memberID, err
}

// spendToken stores the password hash, marks t used and voids the rest.
func (s *Store) spendToken(ctx context.Context, tx *sql.Tx, t tokenRow, phc, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO credentials (member_id, password_hash, set_at)
		VALUES (?, ?, ?) ON CONFLICT (member_id) DO UPDATE
		SET password_hash = excluded.password_hash, set_at = excluded.set_at`,
		t.memberID, phc, now)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	_, err = tx.ExecContext(ctx, "UPDATE reset_tokens SET used_at = ? WHERE id = ?", now, t.id)
	if err != nil {
		return fmt.Errorf("spend token: %w", err)
	}
	if err := voidTokens(ctx, tx, t.memberID, now); err != nil {
		return err
	}
	return s.audit(ctx, tx, actTokenRedeem, t.memberID, []string{string(FieldPassword)})
}

// ResetInfo describes the last link sent to a member.
type ResetInfo struct {
	SentAt    time.Time // zero when none was ever sent
	ExpiresAt time.Time
	Used      bool
}

// LastReset returns the last link sent to member memberID, reset or
// welcome, or a zero ResetInfo when none was. It returns ErrNotFound or an
// internal error.
func (s *Store) LastReset(ctx context.Context, memberID int64) (ResetInfo, error) {
	var sent, expires string
	var info ResetInfo
	err := s.db.QueryRowContext(ctx, `SELECT sent_at, expires_at, used_at <> ''
		FROM reset_tokens WHERE member_id = ? AND sent_at <> ''
		ORDER BY sent_at DESC, id DESC LIMIT 1`, memberID).Scan(&sent, &expires, &info.Used)
	if errors.Is(err, sql.ErrNoRows) {
		return ResetInfo{}, s.memberExists(ctx, memberID)
	}
	if err != nil {
		return ResetInfo{}, fmt.Errorf("last reset: %w", err)
	}
	if info.SentAt, err = parseTime(sent); err != nil {
		return ResetInfo{}, fmt.Errorf("last reset: %w", err)
	}
	if info.ExpiresAt, err = parseTime(expires); err != nil {
		return ResetInfo{}, fmt.Errorf("last reset: %w", err)
	}
	return info, nil
}
