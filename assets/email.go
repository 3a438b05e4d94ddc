package assets

import "embed"

// EmailTemplates holds the reset and welcome email templates,
// email/KIND.txt.tmpl (text/template, defining "subject" and "body") and
// email/KIND.html.tmpl (html/template, defining "body"), where KIND is
// reset or welcome. Each is given the clinic's name, the member's first
// name, the link and the link's lifetime in words.
//
//go:embed email/*.tmpl
var EmailTemplates embed.FS
