// Package assets embeds the files the program ships with: its icon and the
// email templates. It needs no toolkit, so the mail package can use it.
package assets

import _ "embed"

// IconPNG is the application icon, a PNG image.
//
//go:embed icon.png
var IconPNG []byte
