// Package compose turns a message into per-recipient emails: theme layout, CSS inlining
// and macro parsing once per message; eligibility (the offer-approval rule) and macro
// filling per recipient.
package compose

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"commhub/backend/fault"
	"commhub/backend/macro"
	"commhub/backend/model"
	"commhub/backend/settings"
)

// Compiled is a message prepared for sending: everything that does not depend on the
// recipient is done, so rendering one recipient only fills macros. It is read-only after
// Compile, so workers may decide and render recipients concurrently.
type Compiled struct {
	db        *gorm.DB
	msg       model.Message
	settings  settings.Settings
	today     string
	scope     macro.Scope
	offerIDs  []int64
	offers    map[int64]*offerInfo
	managers  map[int64]model.Employee
	subject   *macro.Template
	html      *macro.Template
	text      *macro.Template
	links     *linkTemplate
	needLinks bool
	// partnerRule and partnerRender are the batch loader's partner statements.
	partnerRule, partnerRender partnerQuery
	secret                     []byte
	signers                    *sync.Pool // keyed HMAC states for unsubscribe tokens, see newSigners
	now                        time.Time
	// Problems are the validation findings of the message at compile time.
	Problems []macro.Problem
}

// Compile prepares a stored message for sending. It refuses a message with validation
// errors, listing them, so nothing unsendable reaches the outbox.
func Compile(ctx context.Context, db *gorm.DB, messageID int64, now time.Time) (*Compiled, error) {
	m, err := Get(ctx, db, messageID)
	if err != nil {
		return nil, err
	}
	c, err := CompileMessage(ctx, db, m, now)
	if err != nil {
		return nil, err
	}
	if errs := Errors(c.Problems); len(errs) > 0 {
		return nil, fault.Invalidf("message %d (%q) cannot be sent: %s", m.ID, m.Subject, summarize(errs))
	}
	return c, nil
}

// CompileMessage prepares a message, stored or not, whatever its problems: the preview
// uses it so that a draft can be looked at while it is being fixed.
func CompileMessage(ctx context.Context, db *gorm.DB, m model.Message, now time.Time) (*Compiled, error) {
	m = Normalize(m)
	s, err := settings.Load(db.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	secret, err := settings.UnsubscribeSecret(db.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	c := &Compiled{db: db, msg: m, settings: s, secret: secret, signers: newSigners(secret), now: now, scope: scopeOf(m), offers: map[int64]*offerInfo{}}
	c.today = now.In(s.Location()).Format("January 2, 2006")
	c.links = newLinkTemplate(s, m.Tracking)
	if err := c.loadOffers(ctx); err != nil {
		return nil, err
	}
	if err := c.loadManagers(ctx); err != nil {
		return nil, err
	}
	c.Problems = validate(ctx, db, m, s, c.offers)
	if err := c.build(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Compiled) build() error {
	htmlDoc, textDoc, err := c.documents()
	if err != nil {
		return err
	}
	o := c.macroOptions()
	c.subject, _ = macro.Compile(c.msg.Subject, withCtx(o, macro.Subject))
	c.html, _ = macro.Compile(htmlDoc, withCtx(o, macro.HTML))
	c.text, _ = macro.Compile(textDoc, withCtx(o, macro.Text))
	c.needLinks = c.html.Uses("offer_tracking_link") || c.text.Uses("offer_tracking_link")
	c.planPartnerQueries()
	return nil
}

func (c *Compiled) macroOptions() macro.Options {
	return macro.Options{Scope: c.scope, Offers: c.offerIDs}
}

// documents lays the message out (offer cards for offer details, an unsubscribe footer
// unless the body has its own link) and inlines its CSS: the HTML and text sources the
// macros of every recipient are filled into.
func (c *Compiled) documents() (htmlDoc, textDoc string, err error) {
	body, _ := macro.Compile(c.msg.Body, withCtx(c.macroOptions(), macro.HTML))
	var cards []*offerInfo
	if c.msg.Kind == model.MessageOfferDetails {
		for _, id := range c.offerIDs {
			cards = append(cards, c.offers[id])
		}
	}
	return inline(layout(&c.msg, c.settings, cards, !body.Uses("unsub_link")))
}

func withCtx(o macro.Options, ctx macro.Context) macro.Options {
	o.Context = ctx
	return o
}

func scopeOf(m model.Message) macro.Scope {
	switch {
	case m.Kind == model.MessageOfferDetails:
		return macro.ScopeOfferDetails
	case m.RecipientKind == model.RecipientAdvertisers:
		return macro.ScopeAdvertiser
	}
	return macro.ScopeGeneral
}

// loadOffers reads the message's offers, keeping only those that exist, in message order.
func (c *Compiled) loadOffers(ctx context.Context) error {
	if c.msg.Kind != model.MessageOfferDetails || len(c.msg.Offers) == 0 {
		return nil
	}
	var rows []model.Offer
	if err := c.db.WithContext(ctx).Where("id IN ?", c.msg.Offers).Find(&rows).Error; err != nil {
		return fmt.Errorf("read the offers of message %d: %w", c.msg.ID, err)
	}
	for i := range rows {
		o := &rows[i]
		c.offers[o.ID] = &offerInfo{
			ID: o.ID, IDText: strconv.FormatInt(o.ID, 10), Name: o.Name, Description: o.Description,
			Payout: offerPayout(o), PreviewURL: o.PreviewURL, EncodedID: o.EncodedID,
			Visibility: o.Visibility, Status: o.Status,
		}
	}
	for _, id := range c.msg.Offers {
		if c.offers[id] != nil {
			c.offerIDs = append(c.offerIDs, id)
		}
	}
	return nil
}

// loadManagers reads the team once: account managers are looked up for every recipient.
func (c *Compiled) loadManagers(ctx context.Context) error {
	var rows []model.Employee
	if err := c.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return fmt.Errorf("read the team: %w", err)
	}
	c.managers = make(map[int64]model.Employee, len(rows))
	for _, e := range rows {
		c.managers[e.ID] = e
	}
	return nil
}

// Message returns the message as compiled.
func (c *Compiled) Message() model.Message { return c.msg }

// Errors keeps the problems that block sending.
func Errors(ps []macro.Problem) []macro.Problem {
	var out []macro.Problem
	for _, p := range ps {
		if p.Severity == macro.SeverityError {
			out = append(out, p)
		}
	}
	return out
}

func summarize(ps []macro.Problem) string {
	var parts []string
	for i, p := range ps {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ps)-3))
			break
		}
		where := p.Field
		if p.Line > 0 && (p.Field == "body" || p.Field == "subject") {
			where = fmt.Sprintf("%s line %d column %d", p.Field, p.Line, p.Column)
		}
		parts = append(parts, where+": "+p.Message)
	}
	return strings.Join(parts, "; ")
}

// Get reads a stored message.
func Get(ctx context.Context, db *gorm.DB, id int64) (model.Message, error) {
	var m model.Message
	err := db.WithContext(ctx).Take(&m, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return m, fault.NotFoundf("message %d does not exist (it may have been deleted)", id)
	}
	if err != nil {
		return m, fmt.Errorf("read message %d: %w", id, err)
	}
	return m, nil
}
