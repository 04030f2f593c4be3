package hashset

import "testing"

// Every hash is new once and a duplicate afterwards, naming its first value, across many
// growths; 0 is a hash like any other.
func TestAddFindsEveryDuplicateAcrossGrowth(t *testing.T) {
	var s Set
	const n = 50_000
	for i := uint64(1); i <= n; i++ {
		if first, dup := s.Add(i*0x9e3779b97f4a7c15, uint32(i)); dup {
			t.Fatalf("hash %d is new but the set says %d has it", i, first)
		}
	}
	for i := uint64(1); i <= n; i++ {
		if first, dup := s.Add(i*0x9e3779b97f4a7c15, 0); !dup || first != uint32(i) {
			t.Fatalf("hash %d again: dup %v, first %d", i, dup, first)
		}
	}
	if s.Len() != n {
		t.Fatalf("Len %d, want %d", s.Len(), n)
	}
	if _, dup := s.Add(0, 1); dup {
		t.Fatal("hash 0 is new")
	}
	if first, dup := s.Add(0, 2); !dup || first != 1 {
		t.Fatalf("hash 0 twice: dup %v, first %d", dup, first)
	}
}
