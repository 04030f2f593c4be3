package audience

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"commhub/backend/model"
)

// plan is rules compiled to SQL: FROM table alias WHERE where, with args bound in order.
type plan struct {
	kind   string
	table  string
	alias  string
	where  string
	args   []any
	metric *metricSQL
}

// metricSQL is the expression behind the first performance rule, shown beside sampled rows.
type metricSQL struct {
	Name string
	expr string
	args []any
}

// fragment helps build one condition with its arguments in placeholder order.
type fragment struct {
	text strings.Builder
	args []any
}

func (s *fragment) add(text string, args ...any) *fragment {
	s.text.WriteString(text)
	s.args = append(s.args, args...)
	return s
}

// compile turns normalised, validated rules into a plan. visibility maps offer IDs to their
// visibility, which decides what "approved" means: a public offer is approved unless an
// approval row rejects it; other offers need an approved row.
func compile(r Rules, visibility map[int64]string, now time.Time, loc *time.Location) (*plan, error) {
	c := compiler{kind: r.Kind, alias: "p", visibility: visibility, now: now, loc: loc}
	p := &plan{kind: r.Kind, table: "partners", alias: "p"}
	if r.Kind == model.AudienceAdvertisers {
		c.alias, p.table, p.alias = "a", "advertisers", "a"
	}
	var where fragment
	where.add("(")
	if len(r.Groups) == 0 {
		where.add("0")
	}
	for g, grp := range r.Groups {
		if g > 0 {
			where.add(" OR ")
		}
		if err := c.group(&where, g, grp); err != nil {
			return nil, err
		}
	}
	where.add(")")
	p.where, p.args, p.metric = where.text.String(), where.args, c.metric
	return p, nil
}

type compiler struct {
	kind       string
	alias      string
	visibility map[int64]string
	now        time.Time
	loc        *time.Location
	metric     *metricSQL
}

// group ANDs its rules, cheap column tests first so SQLite can skip the subqueries
// for rows that already failed; order does not change the result.
func (c *compiler) group(out *fragment, g int, grp Group) error {
	if len(grp.Rules) == 0 {
		out.add("0")
		return nil
	}
	order := make([]int, len(grp.Rules))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cost(grp.Rules[order[a]]) < cost(grp.Rules[order[b]]) })
	out.add("(")
	for n, i := range order {
		if n > 0 {
			out.add(" AND ")
		}
		var cond fragment
		if err := c.rule(&cond, grp.Rules[i]); err != nil {
			return ruleError(g, i, grp.Rules[i], "%s", err.Error())
		}
		if grp.Rules[i].Exclude {
			out.add("NOT ")
		}
		out.add("("+cond.text.String()+")", cond.args...)
	}
	out.add(")")
	return nil
}

func cost(r Rule) int {
	switch r.Field {
	case FieldPerformance, FieldRunningOffer, FieldApprovedOffer, FieldDormant:
		return 1
	}
	return 0
}

// rule writes one condition that is never NULL, so that NOT (an exclude) is exact.
func (c *compiler) rule(s *fragment, r Rule) error {
	a := c.alias
	switch r.Field {
	case FieldStatus:
		in(s, a+".status", r.Values)
	case FieldNotification:
		in(s, a+".notification_pref", r.Values)
	case FieldCountry:
		s.add(a + ".country IS NOT NULL AND ")
		in(s, a+".country", r.Values)
	case FieldAccountManager:
		s.add(a + ".account_manager_id IS NOT NULL AND ")
		in(s, a+".account_manager_id", r.IDs)
	case FieldTags:
		c.tags(s, r)
	case FieldCreated, FieldLastLogin:
		return c.instant(s, r)
	case FieldPerformance:
		return c.performance(s, r)
	case FieldRunningOffer:
		return c.running(s, r)
	case FieldApprovedOffer:
		c.approved(s, r)
	case FieldDormant:
		return c.dormant(s, r)
	case FieldList:
		c.list(s, r)
	default:
		return fmt.Errorf("unknown field %q", r.Field)
	}
	return nil
}

func in[T any](s *fragment, col string, vals []T) {
	s.add(col + " IN (")
	for i, v := range vals {
		if i > 0 {
			s.add(",")
		}
		s.add("?", v)
	}
	s.add(")")
}

func (c *compiler) tags(s *fragment, r Rule) {
	join := " OR "
	if r.Match == "all" {
		join = " AND "
	}
	if r.Match == "none" {
		s.add("NOT ")
	}
	s.add("(")
	for i, tag := range r.Values {
		if i > 0 {
			s.add(join)
		}
		s.add(c.alias+`.tags LIKE ? ESCAPE '\'`, "%,"+escapeLike(tag)+",%")
	}
	s.add(")")
}

func escapeLike(v string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(v)
}

// instant compares a stored UTC timestamp with the period's UTC bounds. Times are stored
// in one text format, so the comparison is exact and can use the column's index.
func (c *compiler) instant(s *fragment, r Rule) error {
	sp, err := resolve(*r.Period, c.now, c.loc)
	if err != nil {
		return err
	}
	col := c.alias + ".created_at"
	if r.Field == FieldLastLogin {
		col = c.alias + ".last_login_at"
	}
	s.add(col+" IS NOT NULL AND "+col+" >= ? AND "+col+" < ?", sp.Start, sp.End)
	return nil
}

var metricExpr = map[string]string{
	"clicks": "s.clicks", "conversions": "s.conversions", "revenue": "s.revenue_cents",
	"payout": "s.payout_cents", "profit": "s.revenue_cents - s.payout_cents",
}

// statsOf is the correlated FROM/WHERE that picks one recipient's daily stats in a span.
func (c *compiler) statsOf(sp span) (string, []any) {
	if c.kind == model.AudienceAdvertisers {
		return "FROM offers o JOIN daily_stats s ON s.offer_id = o.id WHERE o.advertiser_id = a.id AND s.date >= ? AND s.date <= ?", []any{sp.From, sp.To}
	}
	return "FROM daily_stats s WHERE s.partner_id = p.id AND s.date >= ? AND s.date <= ?", []any{sp.From, sp.To}
}

// performance sums a metric over the span; recipients without stats count as 0.
func (c *compiler) performance(s *fragment, r Rule) error {
	sp, err := resolve(*r.Period, c.now, c.loc)
	if err != nil {
		return err
	}
	from, args := c.statsOf(sp)
	expr := "coalesce((SELECT sum(" + metricExpr[r.Metric] + ") " + from + "), 0)"
	if c.metric == nil {
		c.metric = &metricSQL{Name: r.Metric, expr: expr, args: args}
	}
	s.add(expr, args...)
	switch r.Op {
	case "gt":
		s.add(" > ?", r.Value)
	case "gte":
		s.add(" >= ?", r.Value)
	case "lt":
		s.add(" < ?", r.Value)
	case "lte":
		s.add(" <= ?", r.Value)
	case "between":
		s.add(" BETWEEN ? AND ?", r.Value, r.Value2)
	default:
		return fmt.Errorf("bad operator %q", r.Op)
	}
	return nil
}

// activity is what counts as running: a day with clicks or conversions.
const activity = " AND (s.clicks > 0 OR s.conversions > 0)"

func (c *compiler) running(s *fragment, r Rule) error {
	sp, err := resolve(*r.Period, c.now, c.loc)
	if err != nil {
		return err
	}
	from, args := c.statsOf(sp)
	if r.Match == "all" {
		for i, id := range r.IDs {
			if i > 0 {
				s.add(" AND ")
			}
			s.add("EXISTS (SELECT 1 "+from+" AND s.offer_id = ?"+activity+")", append(args, id)...)
		}
		return nil
	}
	s.add("EXISTS (SELECT 1 "+from, args...)
	s.add(" AND ")
	in(s, "s.offer_id", r.IDs)
	s.add(activity + ")")
	return nil
}

func (c *compiler) dormant(s *fragment, r Rule) error {
	sp, err := resolve(*r.Period, c.now, c.loc)
	if err != nil {
		return err
	}
	from, args := c.statsOf(sp)
	s.add("NOT EXISTS (SELECT 1 "+from+activity+")", args...)
	return nil
}

// approved applies the offer-approval rule: public offers unless rejected, others only
// with an approved approval.
func (c *compiler) approved(s *fragment, r Rule) {
	join := " AND "
	if r.Match == "any" {
		join = " OR "
	}
	for i, id := range r.IDs {
		if i > 0 {
			s.add(join)
		}
		if c.visibility[id] == model.VisibilityPublic {
			s.add("NOT EXISTS (SELECT 1 FROM approvals ap WHERE ap.partner_id = p.id AND ap.offer_id = ? AND ap.status = ?)", id, model.ApprovalRejected)
		} else {
			s.add("EXISTS (SELECT 1 FROM approvals ap WHERE ap.partner_id = p.id AND ap.offer_id = ? AND ap.status = ?)", id, model.ApprovalApproved)
		}
	}
}

// list matches pasted IDs or e-mails. They travel as one JSON argument each, so a list of
// any length is a single bound value.
func (c *compiler) list(s *fragment, r Rule) {
	email := "lower(coalesce(p.email, ''))"
	if c.kind == model.AudienceAdvertisers {
		email = "lower(coalesce(a.contact_email, ''))"
	}
	var parts []string
	var args []any
	if len(r.IDs) > 0 {
		ids, _ := json.Marshal(r.IDs)
		parts = append(parts, c.alias+".id IN (SELECT value FROM json_each(?))")
		args = append(args, string(ids))
	}
	if len(r.Values) > 0 {
		emails, _ := json.Marshal(r.Values)
		parts = append(parts, email+" IN (SELECT value FROM json_each(?))")
		args = append(args, string(emails))
	}
	s.add(strings.Join(parts, " OR "), args...)
}
