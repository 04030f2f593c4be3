package imports

import (
	"fmt"

	"commhub/backend/hashset"
)

// keySet remembers the rows' keys (as 64-bit hashes) with the line each was first seen on,
// for the duplicate check: the one structure that grows with the file.
type keySet struct{ set hashset.Set }

// add records h and reports the line of an earlier row with the same hash, if any.
func (s *keySet) add(h uint64, line int) (first int, dup bool) {
	f, dup := s.set.Add(h, uint32(line))
	return int(f), dup
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
