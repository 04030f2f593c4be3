package compose

import (
	"context"

	"commhub/backend/fault"
)

// RenderEach decides and renders a batch of recipients with one load for the whole
// batch, against the database as it is now. The delivery engine calls it for a page of
// queued rows just before sending them, so a send run costs a few queries per page
// instead of a few per message. fn gets every id of the batch, in order: rendered is
// nil when the decision is not ok. (Added by the delivery area; same rules as Render.)
func (c *Compiled) RenderEach(ctx context.Context, kind string, ids []int64, fn func(d Decision, rendered *Rendered) error) error {
	if len(ids) == 0 {
		return nil
	}
	if kind != c.Kind() {
		return fault.Invalidf("message %d goes to %s, not to a %s", c.msg.ID, c.msg.RecipientKind, kind)
	}
	states, err := c.offerStates(ctx)
	if err != nil {
		return err
	}
	return c.decideBatch(ctx, ids, states, true, func(r *recipient, d Decision) error {
		if d.Status != StatusOK {
			return fn(d, nil)
		}
		out := c.fill(r)
		return fn(d, &out)
	})
}
