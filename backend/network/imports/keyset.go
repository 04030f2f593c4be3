package imports

import "fmt"

// keySet remembers the rows' keys (as 64-bit hashes) with the line each was first seen on,
// for the duplicate check. Open addressing keeps it at 12 bytes a slot (at most 24 bytes a
// key), less than half a Go map's, since it is the one structure that grows with the file.
type keySet struct {
	keys  []uint64 // 0 marks an empty slot; a hash of 0 is stored as 1
	lines []int32
	n     int
}

// add records h and reports the line of an earlier row with the same hash, if any.
func (s *keySet) add(h uint64, line int) (first int, dup bool) {
	if h == 0 {
		h = 1
	}
	if (s.n+1)*4 >= len(s.keys)*3 {
		s.grow()
	}
	mask := uint64(len(s.keys) - 1)
	for i := mix(h) & mask; ; i = (i + 1) & mask {
		switch s.keys[i] {
		case 0:
			s.keys[i], s.lines[i] = h, int32(line)
			s.n++
			return 0, false
		case h:
			return int(s.lines[i]), true
		}
	}
}

func (s *keySet) grow() {
	old, oldLines := s.keys, s.lines
	size := max(1024, 2*len(old))
	s.keys, s.lines, s.n = make([]uint64, size), make([]int32, size), 0
	for i, h := range old {
		if h != 0 {
			s.add(h, int(oldLines[i]))
		}
	}
}

// mix spreads the hash's bits so that linear probing on the low bits stays short.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// hashKey is FNV-1a over the key values, without allocating.
func hashKey(vals []any, pos []int) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for _, p := range pos {
		switch v := vals[p].(type) {
		case int64:
			for i := 0; i < 8; i++ {
				h = (h ^ uint64(byte(v>>(8*i)))) * prime
			}
		case string:
			for i := 0; i < len(v); i++ {
				h = (h ^ uint64(v[i])) * prime
			}
		default:
			s := fmt.Sprint(v)
			for i := 0; i < len(s); i++ {
				h = (h ^ uint64(s[i])) * prime
			}
		}
		h = (h ^ 0xff) * prime // separator
	}
	return h
}
