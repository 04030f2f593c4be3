package api_test

import (
	"testing"

	"commhub/backend/model"
)

// A caller cannot set a message's status: "sending" from a client would make a message
// that can be neither edited, deleted nor cancelled.
func TestSaveIgnoresTheStatusTheCallerSends(t *testing.T) {
	b, st := newBridge(t)
	var id int64
	b.must(&id, "Messages.Save", map[string]any{"subject": "Hello", "status": "sending"})
	var m model.Message
	b.must(&m, "Messages.Get", id)
	if m.Status != model.MessageDraft {
		t.Fatalf("a new message saved with status %q, want draft", m.Status)
	}
	m.Subject = "Hello again"
	for _, status := range []string{"sent", "sending", "ready", "bogus"} {
		m.Status = status
		b.must(&id, "Messages.Save", m)
	}
	var stored model.Message
	st.DB.First(&stored, id)
	if stored.Status != model.MessageDraft || stored.Subject != "Hello again" {
		t.Fatalf("after saves claiming other statuses: status %q subject %q, want a draft with the new subject", stored.Status, stored.Subject)
	}
	if e := b.call(nil, "Messages.Delete", id); e != nil {
		t.Fatalf("the draft cannot be deleted: %v", e)
	}
}

// A JSON null where the message belongs is a mistake, not an empty draft.
func TestSaveOfNullIsInvalidAndCreatesNothing(t *testing.T) {
	b, st := newBridge(t)
	e := b.call(nil, "Messages.Save", nil)
	if e == nil || e.Code != "invalid" {
		t.Fatalf("Messages.Save [null] answered %v, want invalid", e)
	}
	var n int64
	st.DB.Model(&model.Message{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d messages stored by a null save", n)
	}
}
