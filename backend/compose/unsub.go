package compose

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"sync"

	"commhub/backend/fault"
)

// unsubscribeURL is the recipient's signed unsubscribe link. The token names the
// recipient and the message; the signature stops anyone from unsubscribing others.
func (c *Compiled) unsubscribeURL(r *recipient) string {
	base := c.settings.UnsubscribeBaseURL
	if base == "" {
		return ""
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	payload := tokenPayload(r.Kind, r.ID, c.msg.ID)
	m := c.signers.Get().(hash.Hash)
	defer c.signers.Put(m)
	return base + sep + "t=" + encodeToken(payload, m)
}

// newSigners keeps keyed HMAC states for one compiled message: keying a fresh HMAC costs
// as much as signing with it, and every recipient of a send run needs a signature. The
// states are pooled because workers render concurrently.
func newSigners(secret []byte) *sync.Pool {
	return &sync.Pool{New: func() any { return hmac.New(sha256.New, secret) }}
}

func tokenPayload(kind string, id, messageID int64) string {
	return kind + "." + strconv.FormatInt(id, 10) + "." + strconv.FormatInt(messageID, 10)
}

// encodeToken is the payload and its signature by m, a keyed HMAC-SHA256 (reset here).
func encodeToken(payload string, m hash.Hash) string {
	m.Reset()
	m.Write([]byte(payload))
	var sum [sha256.Size]byte
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(sum[:0])[:16])
}

// ParseUnsubscribeToken checks a token from an unsubscribe link and returns what it names.
func ParseUnsubscribeToken(secret []byte, token string) (kind string, id, messageID int64, err error) {
	enc, sig, ok := strings.Cut(token, ".")
	raw, derr := base64.RawURLEncoding.DecodeString(enc)
	if !ok || derr != nil || sig == "" || !hmac.Equal([]byte(token), []byte(encodeToken(string(raw), hmac.New(sha256.New, secret)))) {
		return "", 0, 0, fault.Invalidf("this unsubscribe link is damaged or was not issued by this network")
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 {
		return "", 0, 0, fault.Invalidf("this unsubscribe link is damaged")
	}
	id, err1 := strconv.ParseInt(parts[1], 10, 64)
	messageID, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return "", 0, 0, fmt.Errorf("unsubscribe token %q: bad numbers", raw)
	}
	return parts[0], id, messageID, nil
}
