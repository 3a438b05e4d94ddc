// Package mail sends Clinic Admin's email over SMTP.
//
// Send delivers one Message through the server a Config describes. The
// connection is always dialled here, with one deadline for the whole
// exchange, and TLS (implicit or STARTTLS) is set up here too before the
// connection is handed to go-simple-mail, which builds the MIME message and
// speaks the rest of SMTP. That way a server that hides STARTTLS never sees
// the password, and a server that stops answering cannot hold Send past the
// configured timeout.
//
// Errors come in three kinds: a *ConfigError for a setting that breaks a
// rule, a *HeaderError for a message field that cannot go into a header, and
// a *SendError for anything that happened on the wire. Each reads as one
// sentence the admin can be shown; IsTemporary says whether trying again
// later may help.
//
// Outbox is the worker behind the outbox table of package data: it issues
// each reset or welcome email's link, renders the email from the templates
// in assets (Render), sends it, and records the outcome, waiting with
// backoff after a temporary failure and failing for good after a
// permanent one.
package mail
