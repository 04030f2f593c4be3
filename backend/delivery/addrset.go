package delivery

import (
	"hash/maphash"
	"math"
)

// addressSet remembers the addresses already in a run, for the snapshot's duplicate
// check. It is the one structure of a send that grows with the run, so it keeps 12
// bytes a slot (a 64-bit hash of the lower-case address and the first recipient's ID)
// instead of a Go map of strings, about five times as large: a million recipients
// take 24 MiB here. Two different addresses with the same hash would make the second
// look like a duplicate; at 64 bits that happens about once in ten million runs of a
// million recipients.
type addressSet struct {
	seed   maphash.Seed
	hashes []uint64 // 0 marks an empty slot; a hash of 0 is stored as 1
	ids    []uint32 // the first recipient's ID, 0 when it does not fit in 32 bits
	n      int
}

// add records addr for recipient id, or reports the recipient that has it already
// (first is 0 when that ID was too large to keep).
func (s *addressSet) add(addr string, id int64) (first int64, dup bool) {
	if s.hashes == nil {
		s.seed = maphash.MakeSeed()
	}
	h := maphash.String(s.seed, addr)
	if h == 0 {
		h = 1
	}
	if (s.n+1)*4 >= len(s.hashes)*3 {
		s.grow()
	}
	var short uint32
	if id > 0 && id <= math.MaxUint32 {
		short = uint32(id)
	}
	return s.put(h, short)
}

func (s *addressSet) put(h uint64, id uint32) (int64, bool) {
	mask := uint64(len(s.hashes) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.hashes[i] {
		case 0:
			s.hashes[i], s.ids[i] = h, id
			s.n++
			return 0, false
		case h:
			return int64(s.ids[i]), true
		}
	}
}

func (s *addressSet) grow() {
	old, oldIDs := s.hashes, s.ids
	size := max(1024, 2*len(old))
	s.hashes, s.ids, s.n = make([]uint64, size), make([]uint32, size), 0
	for i, h := range old {
		if h != 0 {
			s.put(h, oldIDs[i])
		}
	}
}
