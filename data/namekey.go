package data

import (
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Name order is the Unicode Collation Algorithm's root order of the
// letters alone, accents and case aside: "Ángel" sorts among the A's and
// "Dąbrowski" with "Dabrowski", in the order they came, where SQLite's
// NOCASE would put every letter beyond ASCII after z. The order is kept as
// a key in members.name_key, which the store computes for each member it
// writes (migrations/0004_name_key.sql). Letters alone keep the key short
// (two bytes a letter), which an import of many members feels in the
// index.
//
// NOTE: keys come from the collation tables of golang.org/x/text in
// go.mod; a version whose tables order some letters otherwise leaves the
// stored keys in the old order until they are computed afresh.

// collators hold a collator each, as one may not be shared between
// goroutines.
var collators = sync.Pool{New: func() any {
	return &nameCollator{c: collate.New(language.Und, collate.Loose)}
}}

type nameCollator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// NameKey returns the key that places a member of this last and first
// name in the list: by last name, then first name. A program that adds members to the
// file stores it in name_key; a member without one is given it, and its
// place in name order, when Clinic Admin next opens the file.
func NameKey(last, first string) []byte {
	nc := collators.Get().(*nameCollator)
	defer collators.Put(nc)
	defer nc.buf.Reset()

	lastKey := nc.c.KeyFromString(&nc.buf, last)
	firstKey := nc.c.KeyFromString(&nc.buf, first)
	key := make([]byte, 0, len(lastKey)+1+len(firstKey))
	key = append(key, lastKey...)
	key = append(key, 0) // first names count only between equal last names
	return append(key, firstKey...)
}
