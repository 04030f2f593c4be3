package paging

import (
	"math"
	"strings"
	"testing"

	"commhub/backend/fault"
)

func TestPagesNeverWrapOrGoNegative(t *testing.T) {
	for _, c := range []struct {
		page, size int
		says       string
	}{
		{math.MaxInt64, 50, "page 9223372036854775807 is out of range"},
		{math.MaxInt64/50 + 2, 50, "is out of range: pages are numbered from 1 to 1000000"},
		{-1, 50, "page -1"},
		{1, -5, "page size -5 is out of range: use 1 to 500"},
		{1, 501, "page size 501"},
	} {
		_, _, _, err := Page(c.page, c.size, 50, 500)
		if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), c.says) {
			t.Errorf("Page(%d, %d): %v, want %q", c.page, c.size, err, c.says)
		}
	}
	if p, s, off, err := Page(0, 0, 50, 500); err != nil || p != 1 || s != 50 || off != 0 {
		t.Errorf("defaults: %d %d %d %v", p, s, off, err)
	}
	if _, _, off, _ := Page(MaxPage, 500, 50, 500); off != (MaxPage-1)*500 {
		t.Errorf("last page offset %d", off)
	}
	for _, c := range [][2]int{{-1, 10}, {0, -1}, {MaxOffset + 1, 10}, {0, 1000}} {
		if _, _, err := Window(c[0], c[1], 50, 500); fault.KindOf(err) != fault.Invalid {
			t.Errorf("Window(%d, %d): %v", c[0], c[1], err)
		}
	}
}
