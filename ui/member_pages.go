package ui

import "clinicadmin/data"

// Paging of the Users table: rows are read a page at a time, and only the
// pages near what the admin looks at are kept.
const (
	pageSize = 100
	maxPages = 30 // 3,000 rows at most in memory
)

// memberPages caches the pages of one query. Every change of query, sort or
// filter starts a new generation; a result of an older generation is
// dropped when it arrives. It is only used on the UI goroutine.
type memberPages struct {
	gen     int
	query   data.Query
	total   int
	pages   map[int][]data.Member
	next    map[int]*data.Cursor // cursor after page i, to read page i+1
	pending map[int]bool
	used    []int // page numbers, least recently used first
	settled bool  // the pages held are of the current generation
	counted bool  // total is the count of matches, not a guess from pages
}

func newMemberPages() *memberPages {
	return &memberPages{
		pages:   map[int][]data.Member{},
		next:    map[int]*data.Cursor{},
		pending: map[int]bool{},
	}
}

// restart begins a new generation for q and returns it. Pages already held
// stay on screen until replace brings the new ones; their cursors go, as
// a cursor only continues the query that made it.
func (p *memberPages) restart(q data.Query) int {
	p.gen++
	p.query = q
	p.pending = map[int]bool{}
	p.next = map[int]*data.Cursor{}
	p.settled = false
	p.counted = false
	return p.gen
}

// member returns row i when its page is loaded.
func (p *memberPages) member(i int) (data.Member, bool) {
	page, ok := p.pages[i/pageSize]
	if !ok || i%pageSize >= len(page) {
		return data.Member{}, false
	}
	p.touch(i / pageSize)
	return page[i%pageSize], true
}

// request returns the query that reads page n, or false when that page is
// loaded or already asked for, or while a new generation's first pages are
// on their way (they replace everything held). It reads on from the cursor
// of the page before when there is one, and skips rows by offset otherwise.
func (p *memberPages) request(n int) (data.Query, bool) {
	if _, ok := p.pages[n]; ok || p.pending[n] || !p.settled || n*pageSize >= p.total {
		return data.Query{}, false
	}
	p.pending[n] = true
	q := p.query
	q.Limit = pageSize
	if c, ok := p.next[n-1]; ok && c != nil {
		q.After = c
	} else {
		q.Offset = n * pageSize
	}
	return q, true
}

// add stores page n of generation gen and reports whether it was current.
func (p *memberPages) add(gen, n int, page data.Page) bool {
	if gen != p.gen {
		return false
	}
	delete(p.pending, n)
	p.pages[n] = page.Members
	p.next[n] = page.Next
	p.touch(n)
	p.evict()
	if !p.counted {
		p.total = grownTotal(p.total, n, page)
	}
	return true
}

// failed forgets that page n of gen was asked for, so it is asked again.
func (p *memberPages) failed(gen, n int) {
	if gen == p.gen {
		delete(p.pending, n)
	}
}

// replace swaps in the first pages of generation gen and reports whether
// gen was current. Until the count arrives, the total is what the pages
// tell: exact when the first page is the last, else one page more than
// they hold, so that scrolling reads on.
func (p *memberPages) replace(gen int, pages map[int]data.Page) bool {
	if gen != p.gen {
		return false
	}
	if !p.counted {
		p.total = guessTotal(pages)
	}
	p.settled = true
	p.pages = map[int][]data.Member{}
	p.next = map[int]*data.Cursor{}
	p.used = nil
	for n, page := range pages {
		p.pages[n] = page.Members
		p.next[n] = page.Next
		p.touch(n)
	}
	return true
}

// setTotal records the count of matches of generation gen and reports
// whether gen was current.
func (p *memberPages) setTotal(gen, total int) bool {
	if gen != p.gen {
		return false
	}
	p.total = total
	p.counted = true
	return true
}

// guessTotal is the length the table takes before the count arrives,
// from the pages read so far.
func guessTotal(pages map[int]data.Page) int {
	total := 0
	for n, page := range pages {
		total = grownTotal(total, n, page)
	}
	return total
}

// grownTotal is the guessed length once page n is read: where the list
// ends when n is its last page, else at least one page past n, so that
// scrolling asks for it.
func grownTotal(total, n int, page data.Page) int {
	if page.Next == nil {
		return n*pageSize + len(page.Members)
	}
	return max(total, (n+2)*pageSize)
}

// find returns the row of member id among the loaded pages, or -1.
func (p *memberPages) find(id int64) int {
	for n, page := range p.pages {
		for i, m := range page {
			if m.ID == id {
				return n*pageSize + i
			}
		}
	}
	return -1
}

// held lists the loaded page numbers, most recently used first.
func (p *memberPages) held() []int {
	out := make([]int, 0, len(p.used))
	for i := len(p.used) - 1; i >= 0; i-- {
		out = append(out, p.used[i])
	}
	return out
}

func (p *memberPages) touch(n int) {
	if len(p.used) > 0 && p.used[len(p.used)-1] == n {
		return
	}
	for i, u := range p.used {
		if u == n {
			p.used = append(p.used[:i], p.used[i+1:]...)
			break
		}
	}
	p.used = append(p.used, n)
}

func (p *memberPages) evict() {
	for len(p.used) > maxPages {
		old := p.used[0]
		p.used = p.used[1:]
		delete(p.pages, old)
		delete(p.next, old)
	}
}
