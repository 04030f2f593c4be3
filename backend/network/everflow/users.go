package everflow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

type user struct {
	FirstName     string `json:"first_name"`
	LastName      string `json:"last_name"`
	Email         string `json:"email"`
	AccountStatus string `json:"account_status"`
	IsPrimary     bool   `json:"is_primary"`
}

// userList reads users as a relationship block ({"entries": [...]}), an endpoint's
// answer ({"users": [...]}) or a plain list.
type userList []user

func (l *userList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] == '[' {
		return json.Unmarshal(b, (*[]user)(l))
	}
	var env struct {
		Entries []user `json:"entries"`
		Users   []user `json:"users"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return err
	}
	*l = append(env.Entries, env.Users...)
	return nil
}

// primary is the user to write to: the primary one, else the first active one, else the
// first; only users with an e-mail count.
func (l userList) primary() user {
	var active, first *user
	for i := range l {
		u := &l[i]
		u.Email = strings.TrimSpace(u.Email)
		if u.Email == "" {
			continue
		}
		if u.IsPrimary {
			return *u
		}
		if active == nil && (u.AccountStatus == "" || strings.EqualFold(u.AccountStatus, "active")) {
			active = u
		}
		if first == nil {
			first = u
		}
	}
	switch {
	case active != nil:
		return *active
	case first != nil:
		return *first
	}
	return user{}
}

// labelList reads labels as a flat list or as a relationship block
// ({"total": n, "entries": [...]}), each label a string or an object with a name.
type labelList []string

func (l *labelList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	var raw []json.RawMessage
	if b[0] == '[' {
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
	} else {
		var env struct {
			Entries []json.RawMessage `json:"entries"`
		}
		if err := json.Unmarshal(b, &env); err != nil {
			return err
		}
		raw = env.Entries
	}
	for _, r := range raw {
		var s string
		if json.Unmarshal(r, &s) == nil {
			*l = append(*l, s)
			continue
		}
		var o struct {
			Name  string `json:"name"`
			Label string `json:"label"`
		}
		if json.Unmarshal(r, &o) == nil {
			*l = append(*l, o.Name+o.Label)
		}
	}
	return nil
}

// partnerUser asks GET /networks/affiliates/{id}/users for a partner's user. A partner the
// endpoint does not know (404) has none; other failures stop the sync like any table's.
func (a *Adapter) partnerUser(ctx context.Context, id int64) (user, error) {
	var users userList
	if err := a.C.do(ctx, "GET", fmt.Sprintf("/networks/affiliates/%d/users", id), nil, &users); err != nil {
		if apiErr, ok := err.(*APIError); ok && apiErr.Status == 404 {
			return user{}, nil
		}
		return user{}, err
	}
	return users.primary(), nil
}

// advertiserUser asks GET /networks/advertisers/{id}/users for an advertiser's contact.
// The endpoint's use for this is not documented, so a failure means "no contact": a 404
// for this advertiser only, anything else for the rest of the run too.
func (a *Adapter) advertiserUser(ctx context.Context, id int64) user {
	if a.noAdvertiserUsers {
		return user{}
	}
	var users userList
	if err := a.C.do(ctx, "GET", fmt.Sprintf("/networks/advertisers/%d/users", id), nil, &users); err != nil {
		if apiErr, ok := err.(*APIError); !ok || apiErr.Status != 404 {
			a.noAdvertiserUsers = true
		}
		return user{}
	}
	return users.primary()
}
