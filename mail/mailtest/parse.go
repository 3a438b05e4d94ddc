package mailtest

import (
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
)

// Parsed is a received message as a reader sees it.
type Parsed struct {
	Subject string
	To      []*netmail.Address
	Text    string // the text/plain part, line ends as \n
	HTML    string // the text/html part, line ends as \n
}

// Parse reads m's headers and its text and HTML parts.
func (m Message) Parse() (Parsed, error) {
	msg, err := netmail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		return Parsed{}, err
	}
	var p Parsed
	p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Parsed{}, fmt.Errorf("subject: %w", err)
	}
	if p.To, err = msg.Header.AddressList("To"); err != nil {
		return Parsed{}, fmt.Errorf("to: %w", err)
	}
	err = readParts(&p, msg.Header.Get("Content-Type"),
		msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return p, err
}

// readParts fills p's text and HTML from a body that is one of them or a
// multipart/alternative of both.
func readParts(p *Parsed, contentType, encoding string, body io.Reader) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type: %w", err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		return readPart(p, mediaType, encoding, body)
	}
	parts := multipart.NewReader(body, params["boundary"])
	for {
		part, err := parts.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		partType, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		// NextPart undoes quoted-printable itself.
		if err := readPart(p, partType, "", part); err != nil {
			return err
		}
	}
}

func readPart(p *Parsed, mediaType, encoding string, r io.Reader) error {
	if encoding == "quoted-printable" {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch mediaType {
	case "text/plain":
		p.Text = text
	case "text/html":
		p.HTML = text
	}
	return nil
}
