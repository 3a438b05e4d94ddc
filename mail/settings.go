package mail

import "clinicadmin/data"

// settingNames maps each Security to its value in data.Settings.
var settingNames = map[Security]string{
	SecurityTLS:      data.SecurityTLS,
	SecuritySTARTTLS: data.SecurityStartTLS,
	SecurityNone:     data.SecurityNone,
}

// Setting returns the value data.Settings.SMTPSecurity holds for s
// ("tls", "starttls" or "none"), or "" if s is none of the three.
func (s Security) Setting() string {
	return settingNames[s]
}

// SecurityOf returns the Security a data.Settings.SMTPSecurity value names,
// or 0 (which Config.Validate refuses) if it names none.
func SecurityOf(setting string) Security {
	for sec, name := range settingNames {
		if name == setting {
			return sec
		}
	}
	return 0
}

// ConfigFromSettings returns the mail server settings the clinic saved.
// Timeout and TLSConfig are left zero, for the default.
func ConfigFromSettings(set data.Settings) Config {
	return Config{
		Host:        set.SMTPHost,
		Port:        set.SMTPPort,
		Security:    SecurityOf(set.SMTPSecurity),
		Username:    set.SMTPUser,
		Password:    set.SMTPPassword,
		FromName:    set.FromName,
		FromAddress: set.FromAddress,
	}
}
