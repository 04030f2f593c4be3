// Package hashset remembers 64-bit hashes, each with a small value, for the duplicate checks
// that grow with their input (the rows of an import, the recipients of a send). Open
// addressing keeps it at 12 bytes a slot, about a fifth of a Go map of strings.
package hashset

// Set is a set of hashes with the value recorded when each was first added. The zero
// value is empty and ready to use.
type Set struct {
	keys []uint64 // 0 marks an empty slot; a hash of 0 is stored as 1
	vals []uint32
	n    int
}

// Add records h with v, or reports the value recorded with h first.
func (s *Set) Add(h uint64, v uint32) (first uint32, dup bool) {
	if h == 0 {
		h = 1
	}
	if (s.n+1)*4 >= len(s.keys)*3 {
		s.grow()
	}
	return s.put(h, v)
}

// Len is the number of hashes recorded.
func (s *Set) Len() int { return s.n }

func (s *Set) put(h uint64, v uint32) (uint32, bool) {
	mask := uint64(len(s.keys) - 1)
	for i := mix(h) & mask; ; i = (i + 1) & mask {
		switch s.keys[i] {
		case 0:
			s.keys[i], s.vals[i] = h, v
			s.n++
			return 0, false
		case h:
			return s.vals[i], true
		}
	}
}

func (s *Set) grow() {
	old, oldVals := s.keys, s.vals
	size := max(1024, 2*len(old))
	s.keys, s.vals, s.n = make([]uint64, size), make([]uint32, size), 0
	for i, h := range old {
		if h != 0 {
			s.put(h, oldVals[i])
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
