package delivery

import (
	"fmt"
	"testing"
)

// TestAddressSetFindsEveryDuplicate fills the set past several growths and checks that
// each address is new once and a duplicate afterwards, naming its first recipient.
func TestAddressSetFindsEveryDuplicate(t *testing.T) {
	var s addressSet
	const n = 50_000
	for i := int64(1); i <= n; i++ {
		if first, dup := s.add(fmt.Sprintf("p%d@example.test", i), i); dup {
			t.Fatalf("p%d is new but the set says recipient %d has it", i, first)
		}
	}
	for i := int64(1); i <= n; i++ {
		if first, dup := s.add(fmt.Sprintf("p%d@example.test", i), i+n); !dup || first != i {
			t.Fatalf("p%d again: dup %v, first %d; want recipient %d", i, dup, first, i)
		}
	}
	if first, dup := s.add("big@example.test", 1<<40); dup || first != 0 {
		t.Fatalf("a new address with a large ID: %d %v", first, dup)
	}
	if first, dup := s.add("big@example.test", 7); !dup || first != 0 {
		t.Fatalf("a duplicate of an address whose first ID is too large to keep: %d %v", first, dup)
	}
}
