package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clinicadmin/data"
	"clinicadmin/mail"
)

// lifetimes are the link lifetimes Settings offers, 15 minutes to 7 days.
var lifetimes = []time.Duration{
	15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour,
	8 * time.Hour, 12 * time.Hour, 24 * time.Hour, 48 * time.Hour, 72 * time.Hour,
	7 * 24 * time.Hour,
}

// settingsView is the Settings dialog: the mail server and sender, the
// reset link, and how long members and backups are kept; with Save and
// Send test email.
type settingsView struct {
	*env
	saved     data.Settings   // as last read or saved
	lifetimes []time.Duration // what lifetime offers, in order

	clinic, host, port, user, password *entry
	fromName, fromAddr, resetURL       *entry
	retention, backups                 *entry
	security, lifetime                 *widget.Select

	msg      *widget.Label // what is wrong, or "Saved."
	answer   *widget.Label // how the test email went
	progress *widget.ProgressBarInfinite
	saveBtn  *widget.Button
	testBtn  *widget.Button
	dlg      dialog.Dialog

	onSaved func()
}

func newSettingsView(e *env) *settingsView {
	v := &settingsView{env: e}
	v.makeEntries()
	v.security = widget.NewSelect(mail.SecurityNames(), v.onSecurity)
	v.lifetime = widget.NewSelect(nil, nil)
	v.msg = newFieldMessage()
	v.answer = newFieldMessage()
	v.progress = widget.NewProgressBarInfinite()
	v.progress.Hide()
	v.saveBtn = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), v.onSave)
	v.saveBtn.Importance = widget.HighImportance
	v.testBtn = widget.NewButtonWithIcon("Send test email", theme.MailSendIcon(), v.onTest)
	v.saveBtn.Disable()
	v.testBtn.Disable()

	v.dlg = dialog.NewCustom("Settings", "Close", v.layout(), e.win)
	v.dlg.Resize(fyne.NewSize(640, 640))
	return v
}

func (v *settingsView) makeEntries() {
	one := func(placeholder string) *entry {
		e := newEntry(v.escape)
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { v.changed() }
		return e
	}
	v.clinic = one("The clinic's name, as emails show it")
	v.host = one("smtp.example.org")
	v.port = one("465")
	v.user = one("User name at the mail server, often an email address")
	v.password = one("")
	v.password.Password = true
	v.fromName = one("Clinic Front Desk")
	v.fromAddr = one("desk@clinic.example.org")
	v.resetURL = one("https://portal.example.org/reset?token={token}")
	v.retention = one("30")
	v.backups = one("14")
}

func (v *settingsView) escape() { v.dlg.Hide() }

func (v *settingsView) layout() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem("Clinic name", v.clinic),
		widget.NewFormItem("Server", v.host),
		widget.NewFormItem("Port", v.port),
		widget.NewFormItem("Security", v.security),
		widget.NewFormItem("User", v.user),
		widget.NewFormItem("Password", v.password),
		widget.NewFormItem("Sender name", v.fromName),
		widget.NewFormItem("Sender address", v.fromAddr),
		widget.NewFormItem("Reset link", v.resetURL),
		widget.NewFormItem("Link lifetime", v.lifetime),
		widget.NewFormItem("Keep Pending delete (days)", v.retention),
		widget.NewFormItem("Backup copies to keep", v.backups),
	)
	form.Items[3].HintText = "None only for a mail server on this PC"
	form.Items[8].HintText = "https, with {token} where the link's token goes"
	buttons := container.NewHBox(v.saveBtn, v.testBtn)
	bottom := container.NewVBox(buttons, v.progress, v.msg, v.answer)
	return container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(form))
}

// open shows the dialog and reads the saved settings into it.
func (v *settingsView) open() {
	v.show(v.dlg)
	v.async(func(ctx context.Context) func() {
		set, err := v.store.Settings(ctx)
		return func() {
			if err != nil {
				v.fail("read the settings", err)
				return
			}
			v.fill(set)
		}
	})
}

// fill shows set in the form.
func (v *settingsView) fill(set data.Settings) {
	v.saved = set
	v.clinic.SetText(set.ClinicName)
	v.host.SetText(set.SMTPHost)
	v.port.SetText(strconv.Itoa(set.SMTPPort))
	if sec := mail.SecurityOf(set.SMTPSecurity); sec != 0 {
		v.security.SetSelected(sec.String())
	}
	v.user.SetText(set.SMTPUser)
	v.password.SetText(set.SMTPPassword)
	v.fromName.SetText(set.FromName)
	v.fromAddr.SetText(set.FromAddress)
	v.resetURL.SetText(set.ResetURLTemplate)
	v.fillLifetime(set.LinkLifetime)
	v.retention.SetText(strconv.Itoa(set.RetentionDays))
	v.backups.SetText(strconv.Itoa(set.BackupKeep))
	v.saveBtn.Enable()
	v.testBtn.Enable()
	setMessage(v.msg, "", widget.MediumImportance)
}

// fillLifetime offers the usual lifetimes, and d too if it is another.
func (v *settingsView) fillLifetime(d time.Duration) {
	v.lifetimes = append([]time.Duration(nil), lifetimes...)
	found := false
	for _, l := range lifetimes {
		found = found || l == d
	}
	if !found {
		v.lifetimes = append(v.lifetimes, d)
	}
	labels := make([]string, len(v.lifetimes))
	for i, l := range v.lifetimes {
		labels[i] = mail.LifetimeWords(l)
	}
	v.lifetime.SetOptions(labels)
	v.lifetime.SetSelected(mail.LifetimeWords(d))
}

// onSecurity moves the port along with the security while it holds the
// usual port of the one before.
func (v *settingsView) onSecurity(name string) {
	sec, err := mail.ParseSecurity(name)
	if err != nil {
		return
	}
	port := v.port.Text
	for _, other := range []mail.Security{mail.SecurityTLS, mail.SecuritySTARTTLS,
		mail.SecurityNone} {
		if port == "" || port == strconv.Itoa(other.DefaultPort()) {
			v.port.SetText(strconv.Itoa(sec.DefaultPort()))
			break
		}
	}
	v.changed()
}

func (v *settingsView) changed() {
	if v.msg.Text == "Saved." {
		setMessage(v.msg, "", widget.MediumImportance)
	}
}

// form returns the settings the form holds, and the first refusal of
// each field that breaks a rule, in the order of the form.
func (v *settingsView) form() (data.Settings, []string) {
	set := v.saved
	set.ClinicName = v.clinic.Text
	set.SMTPHost = v.host.Text
	set.SMTPUser = v.user.Text
	set.SMTPPassword = v.password.Text
	set.FromName = v.fromName.Text
	set.FromAddress = v.fromAddr.Text
	set.ResetURLTemplate = v.resetURL.Text
	if sec, err := mail.ParseSecurity(v.security.Selected); err == nil {
		set.SMTPSecurity = sec.Setting()
	}
	if i := v.lifetime.SelectedIndex(); i >= 0 && i < len(v.lifetimes) {
		set.LinkLifetime = v.lifetimes[i]
	}

	var errs []error
	set.SMTPPort = number(data.FieldSMTPPort, v.port.Text, &errs)
	set.RetentionDays = number(data.FieldRetentionDays, v.retention.Text, &errs)
	set.BackupKeep = number(data.FieldBackupKeep, v.backups.Text, &errs)
	return set, firstPerField(append(errs, data.ValidateSettings(set)...))
}

// number reads a whole number for f; a refusal goes to errs.
func number(f data.Field, s string, errs *[]error) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		*errs = append(*errs, &data.FieldError{Field: f, Rule: "must be a whole number"})
		return -1
	}
	return n
}

// firstPerField keeps the first refusal of each field, as sentences.
func firstPerField(errs []error) []string {
	seen := map[data.Field]bool{}
	var out []string
	for _, fe := range fieldErrors(errors.Join(errs...)) {
		if !seen[fe.Field] {
			seen[fe.Field] = true
			out = append(out, fe.Error())
		}
	}
	return out
}

// refuse shows what is wrong with the form.
func (v *settingsView) refuse(problems []string) {
	setMessage(v.msg, strings.Join(problems, "\n"), widget.DangerImportance)
}

func (v *settingsView) onSave() {
	set, problems := v.form()
	if len(problems) > 0 {
		v.refuse(problems)
		return
	}
	v.saveBtn.Disable()
	v.async(func(ctx context.Context) func() {
		err := v.store.SaveSettings(ctx, set)
		if err == nil {
			v.outbox.Wake() // waiting email may go now
		}
		return func() { v.savedAs(set, err) }
	})
}

func (v *settingsView) savedAs(set data.Settings, err error) {
	v.saveBtn.Enable()
	if fes := fieldErrors(err); len(fes) > 0 {
		v.refuse(firstPerField([]error{err}))
		return
	}
	if err != nil {
		v.fail("save the settings", err)
		return
	}
	v.saved = set
	setMessage(v.msg, "Saved.", widget.SuccessImportance)
	if v.onSaved != nil {
		v.onSaved()
	}
}

// onTest sends a test email with what the form holds, saved or not, to
// the sender address.
func (v *settingsView) onTest() {
	set, problems := v.form()
	if len(problems) > 0 {
		v.refuse(problems)
		return
	}
	setMessage(v.msg, "", widget.MediumImportance)
	cfg := mail.ConfigFromSettings(set)
	v.testBtn.Disable()
	v.progress.Show()
	v.progress.Start()
	setMessage(v.answer, "Sending a test email to "+cfg.FromAddress+"…",
		widget.MediumImportance)
	v.async(func(ctx context.Context) func() {
		reply, err := v.outbox.SendTest(ctx, cfg)
		return func() { v.tested(cfg.FromAddress, reply, err) }
	})
}

func (v *settingsView) tested(to, reply string, err error) {
	v.progress.Stop()
	v.progress.Hide()
	v.testBtn.Enable()
	if err != nil {
		if s, ok := userSentence(mailError(err)); ok {
			setMessage(v.answer, s, widget.DangerImportance)
			return
		}
		setMessage(v.answer, "", widget.MediumImportance)
		v.fail("send the test email", err)
		return
	}
	setMessage(v.answer, "The mail server accepted the test email to "+to+
		". It answered: "+reply, widget.SuccessImportance)
}
