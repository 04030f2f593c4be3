package everflow

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

var encodeTypes = map[string]string{"partner": "tracking_link_affiliate", "offer": "tracking_link_offer"}

// EncodeIDs implements platform.Encoder (POST /networks/encode), which answers
// {"values": [{"decoded": "7", "encoded": "A1B2C3"}]} for the IDs asked.
func (a *Adapter) EncodeIDs(ctx context.Context, kind string, ids []int64) (map[int64]string, error) {
	typ, ok := encodeTypes[kind]
	if !ok {
		return nil, fmt.Errorf("cannot encode %q IDs: use partner or offer", kind)
	}
	req := struct {
		Type string  `json:"type"`
		IDs  []int64 `json:"ids"`
	}{typ, ids}
	var resp struct {
		Values []struct {
			Decoded any    `json:"decoded"`
			Encoded string `json:"encoded"`
		} `json:"values"`
	}
	if err := a.C.do(ctx, "POST", "/networks/encode", req, &resp); err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(resp.Values))
	for _, v := range resp.Values {
		// decoded is documented as the ID; accept it as a number or a string.
		id, err := strconv.ParseInt(strings.TrimSpace(fmt.Sprint(v.Decoded)), 10, 64)
		code := strings.TrimSpace(v.Encoded)
		if err != nil || id <= 0 || code == "" {
			continue
		}
		out[id] = code
	}
	return out, nil
}
