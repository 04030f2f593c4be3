package compose

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

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
	return base + sep + "t=" + UnsubscribeToken(c.secret, r.Kind, r.ID, c.msg.ID)
}

// UnsubscribeToken signs kind, recipient ID and message ID.
func UnsubscribeToken(secret []byte, kind string, id, messageID int64) string {
	payload := kind + "." + strconv.FormatInt(id, 10) + "." + strconv.FormatInt(messageID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + sign(secret, payload)
}

// ParseUnsubscribeToken checks a token from an unsubscribe link and returns what it names.
func ParseUnsubscribeToken(secret []byte, token string) (kind string, id, messageID int64, err error) {
	enc, sig, ok := strings.Cut(token, ".")
	raw, derr := base64.RawURLEncoding.DecodeString(enc)
	if !ok || derr != nil || !hmac.Equal([]byte(sig), []byte(sign(secret, string(raw)))) {
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

func sign(secret []byte, payload string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}
