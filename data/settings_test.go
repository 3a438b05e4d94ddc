package data_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"clinicadmin/data"
)

func TestSettings(t *testing.T) {
	ctx := context.Background()
	t.Run("Defaults", func(t *testing.T) {
		got, err := MustOpen(t).Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := data.Settings{ClinicName: "Clinic", SMTPPort: 465, SMTPSecurity: "tls",
			LinkLifetime: 24 * time.Hour, RetentionDays: 30, BackupKeep: 14}
		if got != want || data.DefaultSettings() != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("SaveOK", func(t *testing.T) {
		s := MustOpen(t)
		want := data.Settings{ClinicName: "Zahnarzt Müller", SMTPHost: "smtp.example.org",
			SMTPPort: 587, SMTPSecurity: "starttls", SMTPUser: "clinic",
			SMTPPassword: " s3cret pass ", FromName: "Clinic desk",
			FromAddress:      "desk@example.org",
			ResetURLTemplate: "https://portal.example.org/reset?token={token}",
			LinkLifetime:     90 * time.Minute, RetentionDays: 60, BackupKeep: 7}
		if err := s.SaveSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.Settings(ctx)
		if err != nil || got != want {
			t.Fatalf("got %+v, %v, want %+v", got, err, want)
		}
		e := lastAudit(t, s)
		wantKeys := []string{"backup_keep", "clinic_name", "from_address", "from_name",
			"link_lifetime", "reset_url_template", "retention_days", "smtp_host",
			"smtp_password", "smtp_port", "smtp_security", "smtp_user"}
		if e.Action != "settings.update" || !reflect.DeepEqual(e.Fields, wantKeys) {
			t.Errorf("got audit %+v, want settings.update of %v", e, wantKeys)
		}

		if err := s.SaveSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		if again := lastAudit(t, s); again.ID != e.ID {
			t.Errorf("got audit %+v, want none for no change", again)
		}
		if rows := queryStrings(t, s.Path(), "SELECT fields FROM audit"); strings.Contains(
			strings.Join(rows, " "), "s3cret") {
			t.Errorf("audit holds the SMTP password: %v", rows)
		}
	})
	t.Run("LocalOK", func(t *testing.T) {
		set := data.DefaultSettings()
		set.SMTPHost, set.SMTPSecurity = "127.0.0.1", "none"
		set.ResetURLTemplate = "http://localhost:8080/reset/{token}"
		if errs := data.ValidateSettings(set); errs != nil {
			t.Errorf("got %v, want nil", errs)
		}
	})
}

func TestValidateSettings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*data.Settings)
		field data.Field
		rule  string
	}{
		{"ErrClinicName", func(s *data.Settings) { s.ClinicName = "A\r\nB" },
			data.FieldClinicName, "must not contain a line break"},
		{"ErrClinicNameRequired", func(s *data.Settings) { s.ClinicName = " " },
			data.FieldClinicName, "is required"},
		{"ErrHost", func(s *data.Settings) { s.SMTPHost = "smtp example.org" },
			data.FieldSMTPHost, "must be a server name like smtp.example.org"},
		{"ErrPort", func(s *data.Settings) { s.SMTPPort = 65536 },
			data.FieldSMTPPort, "must be 1 to 65535"},
		{"ErrSecurity", func(s *data.Settings) { s.SMTPSecurity = "ssl" },
			data.FieldSMTPSecurity, "must be TLS, STARTTLS or none"},
		{"ErrSecurityNoneRemote", func(s *data.Settings) {
			s.SMTPHost, s.SMTPSecurity = "smtp.example.org", "none"
		}, data.FieldSMTPSecurity, "can be none only for a server on this computer"},
		{"ErrUser", func(s *data.Settings) { s.SMTPUser = "a\nb" },
			data.FieldSMTPUser, "must not contain a line break"},
		{"ErrPassword", func(s *data.Settings) { s.SMTPPassword = "pw\r\n" },
			data.FieldSMTPPassword, "must not contain a line break"},
		{"ErrFromName", func(s *data.Settings) { s.FromName = "Desk\nBcc: x" },
			data.FieldFromName, "must not contain a line break"},
		{"ErrFromAddress", func(s *data.Settings) { s.FromAddress = "Desk <d@example.org>" },
			data.FieldFromAddress, "must be one plain address like name@example.org"},
		{"ErrResetNoToken", func(s *data.Settings) { s.ResetURLTemplate = "https://x.org/r" },
			data.FieldResetURL, "must contain {token}"},
		{"ErrResetHTTP", func(s *data.Settings) {
			s.ResetURLTemplate = "http://portal.example.org/r?t={token}"
		}, data.FieldResetURL, "must start with https:// (http:// only for this computer)"},
		{"ErrResetNotURL", func(s *data.Settings) { s.ResetURLTemplate = "{token}" },
			data.FieldResetURL,
			"must be a web address like https://portal.example.org/reset?token={token}"},
		{"ErrLifetimeShort", func(s *data.Settings) { s.LinkLifetime = 14 * time.Minute },
			data.FieldLinkLifetime, "must be 15 minutes to 7 days"},
		{"ErrLifetimeLong", func(s *data.Settings) { s.LinkLifetime = 169 * time.Hour },
			data.FieldLinkLifetime, "must be 15 minutes to 7 days"},
		{"ErrRetention", func(s *data.Settings) { s.RetentionDays = 0 },
			data.FieldRetentionDays, "must be 1 to 3650 days"},
		{"ErrBackupKeep", func(s *data.Settings) { s.BackupKeep = 366 },
			data.FieldBackupKeep, "must be 1 to 365"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := data.DefaultSettings()
			tc.edit(&set)
			errs := data.ValidateSettings(set)
			if len(errs) != 1 {
				t.Fatalf("got %v, want one error", errs)
			}
			assertFieldError(t, errs[0], tc.field, tc.rule)

			s := MustOpen(t)
			assertFieldError(t, s.SaveSettings(context.Background(), set), tc.field, tc.rule)
			if got, _ := s.Settings(context.Background()); got != data.DefaultSettings() {
				t.Errorf("got %+v stored, want nothing", got)
			}
		})
	}
}
