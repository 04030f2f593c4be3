package delivery

import (
	"hash/maphash"
	"math"

	"commhub/backend/hashset"
)

// addressSet remembers the addresses already in a run, for the snapshot's duplicate
// check. It is the one structure of a send that grows with the run, so it keeps 12
// bytes a slot (a 64-bit hash of the lower-case address and the first recipient's ID)
// instead of a Go map of strings, about five times as large: a million recipients
// take 24 MiB here. Two different addresses with the same hash would make the second
// look like a duplicate; at 64 bits that happens about once in ten million runs of a
// million recipients.
type addressSet struct {
	seed maphash.Seed
	set  hashset.Set // the first recipient's ID, 0 when it does not fit in 32 bits
}

// add records addr for recipient id, or reports the recipient that has it already
// (first is 0 when that ID was too large to keep).
func (s *addressSet) add(addr string, id int64) (first int64, dup bool) {
	if s.set.Len() == 0 {
		s.seed = maphash.MakeSeed()
	}
	var short uint32
	if id > 0 && id <= math.MaxUint32 {
		short = uint32(id)
	}
	f, dup := s.set.Add(maphash.String(s.seed, addr), short)
	return int64(f), dup
}
