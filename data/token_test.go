package data_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"testing"
	"time"

	"clinicadmin/data"
)

// t0 is the moment token tests start at.
var tokenT0 = time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)

func issue(t *testing.T, s *data.Store, id int64, lifetime time.Duration) data.Token {
	t.Helper()
	tok, err := s.IssueToken(context.Background(), id, data.PurposeReset, lifetime)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func assertRedeemErr(t *testing.T, s *data.Store, secret string, want error) {
	t.Helper()
	_, err := s.RedeemToken(context.Background(), secret, "a good long password")
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
}

func TestIssueToken(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := MustOpen(t)
		newClock(s, tokenT0)
		m := mustCreate(t, s, input(t, s, "1"))
		tok := issue(t, s, m.ID, 0)
		raw, err := base64.RawURLEncoding.DecodeString(tok.Secret)
		if err != nil || len(raw) != 32 {
			t.Errorf("secret %q: got %d bytes, %v, want 32", tok.Secret, len(raw), err)
		}
		if want := tokenT0.Add(24 * time.Hour); !tok.ExpiresAt.Equal(want) {
			t.Errorf("expires: got %v, want %v (the default lifetime)", tok.ExpiresAt, want)
		}
		if e := lastAudit(t, s); e.Action != "token.issue" || e.MemberID != m.ID {
			t.Errorf("got audit %+v, want token.issue", e)
		}
	})
	t.Run("ErrRefused", func(t *testing.T) {
		s := MustOpen(t)
		in := input(t, s, "1")
		in.Username = ""
		guest := mustCreate(t, s, in)
		_, err := s.IssueToken(ctx, guest.ID, data.PurposeReset, time.Hour)
		if !errors.Is(err, data.ErrGuest) {
			t.Errorf("guest: got %v, want ErrGuest", err)
		}

		m := mustCreate(t, s, input(t, s, "2"))
		for st, want := range map[data.Status]string{
			data.StatusSuspended:     "Suspended members get no reset emails.",
			data.StatusPendingDelete: "Pending delete members get no reset emails.",
		} {
			setStatus(t, s, m.ID, st)
			_, err := s.IssueToken(ctx, m.ID, data.PurposeWelcome, time.Hour)
			var se *data.StatusError
			if !errors.As(err, &se) || se.Status != st || err.Error() != want {
				t.Errorf("%s: got %v, want %q", st, err, want)
			}
		}
		if _, err := s.IssueToken(ctx, 42, data.PurposeReset, time.Hour); !errors.Is(err,
			data.ErrNotFound) {
			t.Errorf("unknown member: got %v, want ErrNotFound", err)
		}
	})
}

func TestRedeemToken(t *testing.T) {
	ctx := context.Background()
	t.Run("SingleUse", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		tok := issue(t, s, m.ID, time.Hour)
		id, err := s.RedeemToken(ctx, tok.Secret, "correct horse battery")
		if err != nil || id != m.ID {
			t.Fatalf("got %d, %v, want %d", id, err, m.ID)
		}
		if got, _ := s.GetMember(ctx, m.ID); !got.HasPassword {
			t.Errorf("got no password, want one")
		}
		if e := lastAudit(t, s); e.Action != "token.redeem" || e.Fields[0] != "password" {
			t.Errorf("got audit %+v, want token.redeem of password", e)
		}
		assertRedeemErr(t, s, tok.Secret, data.ErrTokenUsed)
		assertLogin(t, s, "USER1", "correct horse battery", true)
		assertLogin(t, s, "user1", "correct horse battery!", false)
		assertLogin(t, s, "nobody", "correct horse battery", false)
		setStatus(t, s, m.ID, data.StatusSuspended)
		assertLogin(t, s, "user1", "correct horse battery", false)
	})
	t.Run("Expiry", func(t *testing.T) {
		s := MustOpen(t)
		clock := newClock(s, tokenT0)
		m := mustCreate(t, s, input(t, s, "1"))
		tok := issue(t, s, m.ID, time.Hour)
		sent := tokenT0.Add(10 * time.Minute)
		if err := s.MarkTokenSent(ctx, tok.ID, sent); err != nil {
			t.Fatal(err)
		}
		info, err := s.LastReset(ctx, m.ID)
		want := data.ResetInfo{SentAt: sent, ExpiresAt: sent.Add(time.Hour)}
		if err != nil || info != want {
			t.Fatalf("got %+v, %v, want %+v", info, err, want)
		}

		clock.set(info.ExpiresAt)
		assertRedeemErr(t, s, tok.Secret, data.ErrTokenExpired)
		clock.set(info.ExpiresAt.Add(-time.Microsecond))
		if _, err := s.RedeemToken(ctx, tok.Secret, "just in time!"); err != nil {
			t.Fatalf("a microsecond before expiry: got %v, want nil", err)
		}
		if info, _ := s.LastReset(ctx, m.ID); !info.Used {
			t.Errorf("got %+v, want used", info)
		}
	})
	t.Run("Superseded", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		old := issue(t, s, m.ID, time.Hour)
		issue(t, s, m.ID, time.Hour)
		assertRedeemErr(t, s, old.Secret, data.ErrTokenInvalid)
	})
	t.Run("ErrVoided", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		tok := issue(t, s, m.ID, time.Hour)
		if err := s.VoidToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		assertRedeemErr(t, s, tok.Secret, data.ErrTokenInvalid)

		tok = issue(t, s, m.ID, time.Hour)
		setStatus(t, s, m.ID, data.StatusSuspended)
		assertRedeemErr(t, s, tok.Secret, data.ErrTokenInvalid)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		s := MustOpen(t)
		for _, secret := range []string{"", "abc", "!!!", base64.RawURLEncoding.EncodeToString(
			make([]byte, 32))} {
			assertRedeemErr(t, s, secret, data.ErrTokenInvalid)
		}
	})
	t.Run("ErrPassword", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		tok := issue(t, s, m.ID, time.Hour)
		_, err := s.RedeemToken(ctx, tok.Secret, "short")
		assertFieldError(t, err, data.FieldPassword, "must be 10 to 128 characters")
	})
}

func assertLogin(t *testing.T, s *data.Store, user, pw string, want bool) {
	t.Helper()
	got, err := s.CheckPassword(context.Background(), user, pw)
	if err != nil || got != want {
		t.Errorf("CheckPassword(%q): got %v, %v, want %v", user, got, err, want)
	}
}

// TestToken_HashOnly checks that the file holds the SHA-256 of a secret and
// never the secret, raw or encoded.
func TestToken_HashOnly(t *testing.T) {
	s := MustOpen(t)
	m := mustCreate(t, s, input(t, s, "1"))
	tok := issue(t, s, m.ID, time.Hour)
	raw, _ := base64.RawURLEncoding.DecodeString(tok.Secret)
	sum := sha256.Sum256(raw)

	for _, flush := range []bool{false, true} {
		if flush {
			checkpointRaw(t, s.Path())
		}
		all := bytes.Join(mapValues(dbFiles(t, s.Path())), nil)
		if !bytes.Contains(all, sum[:]) {
			t.Fatalf("hash not found; the test sees nothing")
		}
		if bytes.Contains(all, raw) || bytes.Contains(all, []byte(tok.Secret)) {
			t.Errorf("checkpointed %v: found the secret in the files", flush)
		}
	}
}

func TestLastReset(t *testing.T) {
	ctx := context.Background()
	t.Run("None", func(t *testing.T) {
		s := MustOpen(t)
		m := mustCreate(t, s, input(t, s, "1"))
		issue(t, s, m.ID, time.Hour) // issued, never sent
		info, err := s.LastReset(ctx, m.ID)
		if err != nil || info != (data.ResetInfo{}) {
			t.Fatalf("got %+v, %v, want zero", info, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := MustOpen(t).LastReset(ctx, 42); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("got %v, want ErrNotFound", err)
		}
	})
}
