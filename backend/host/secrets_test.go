package host

import (
	"testing"

	"github.com/zalando/go-keyring"

	"commhub/backend/secret"
)

// A key stored before keyring entries were named by folder belongs to the default data
// folder: that folder takes it over, a scratch folder does not see it.
func TestOnlyTheDefaultFolderTakesOverUnnamedKeys(t *testing.T) {
	keyring.MockInit()
	if err := keyring.Set(secret.Service, "everflow-api-key", "old-key"); err != nil {
		t.Fatal(err)
	}
	def := t.TempDir()
	t.Setenv("COMMHUB_DATA", def)
	for _, c := range []struct {
		dir        string
		configured bool
	}{{t.TempDir(), false}, {def, true}} {
		h, err := Open(Options{DataDir: c.dir, NoDemo: true, Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		st, err := h.Services.Sync.Status()
		h.Stop()
		if err != nil || st.Configured != c.configured {
			t.Errorf("folder %s (default: %v): configured %v %v", c.dir, c.dir == def, st.Configured, err)
		}
	}
}
