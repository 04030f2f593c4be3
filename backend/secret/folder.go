package secret

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// IDFile holds a data folder's identity.
const IDFile = "folder-id"

// FolderID returns the identity of the data folder dir, making one the first time. Copies
// of a folder share it; every folder created afresh gets its own.
func FolderID(dir string) (string, error) {
	path := filepath.Join(dir, IDFile)
	if id, err := readID(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return id, err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("cannot make an identity for the data folder %s: %v", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create the data folder %s: %v", dir, err)
	}
	// Written aside and linked into place, so a process starting at the same moment
	// either wins or reads the complete identity of the one that did.
	tmp, err := os.CreateTemp(dir, IDFile+".*")
	if err != nil {
		return "", fmt.Errorf("cannot record the identity of the data folder %s: %v", dir, err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(hex.EncodeToString(b) + "\n")
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return "", fmt.Errorf("cannot record the identity of the data folder %s: %v", dir, werr)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("cannot record the identity of the data folder %s: %v", dir, err)
	}
	return readID(path)
}

func readID(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	id := strings.TrimSpace(string(b))
	if len(id) != 32 {
		return "", fmt.Errorf("the data folder identity %s is damaged: delete it (SMTP passwords and the Everflow key must then be entered again)", path)
	}
	if _, err := hex.DecodeString(id); err != nil {
		return "", fmt.Errorf("the data folder identity %s is damaged: delete it (SMTP passwords and the Everflow key must then be entered again)", path)
	}
	return id, nil
}
