// Package audience turns segment rules (groups ORed, rules ANDed, each rule including or
// excluding) into one SQL statement, and keeps saved audiences with their use counts.
// The JSON form of the rules is documented in docs/audiences.md.
package audience

// Rule fields. Each names what a rule looks at; docs/audiences.md lists their inputs.
const (
	FieldStatus         = "status"
	FieldTags           = "tags"
	FieldAccountManager = "account_manager"
	FieldCountry        = "country"
	FieldCreated        = "created"
	FieldLastLogin      = "last_login"
	FieldPerformance    = "performance"
	FieldRunningOffer   = "running_offer"
	FieldApprovedOffer  = "approved_offer"
	FieldDormant        = "dormant"
	FieldNotification   = "notification"
	FieldList           = "list"
)

// Fields lists every rule field, in the order the editor offers them.
var Fields = []string{
	FieldStatus, FieldTags, FieldAccountManager, FieldCountry, FieldCreated, FieldLastLogin,
	FieldPerformance, FieldRunningOffer, FieldApprovedOffer, FieldDormant, FieldNotification, FieldList,
}

// advertiserFields are the rule fields that make sense for advertisers.
var advertiserFields = map[string]bool{
	FieldStatus: true, FieldTags: true, FieldAccountManager: true, FieldCreated: true,
	FieldPerformance: true, FieldDormant: true, FieldList: true,
}

// Metrics a performance rule can compare. Money metrics are in cents.
var Metrics = []string{"clicks", "conversions", "revenue", "payout", "profit"}

// Operators a performance rule can use.
var Operators = []string{"gt", "gte", "lt", "lte", "between"}

// Rules is a whole audience definition: who it selects (Kind) and how (Groups).
// A recipient matches when any group matches; a group matches when all its rules do.
// A group with no rules matches nobody, so an empty definition never means "everyone".
type Rules struct {
	Kind   string  `json:"kind"`
	Groups []Group `json:"groups"`
}

// Group is a set of rules that must all hold.
type Group struct {
	Rules []Rule `json:"rules"`
}

// Rule is one condition. Which inputs it reads depends on Field (docs/audiences.md).
type Rule struct {
	Field string `json:"field"`
	// Exclude inverts the rule: the recipient matches when the condition does NOT hold.
	Exclude bool `json:"exclude,omitempty"`
	// Values: statuses, tags, country codes, notification preferences, or list e-mails.
	Values []string `json:"values,omitempty"`
	// IDs: account manager (employee) IDs, offer IDs, or list partner/advertiser IDs.
	IDs []int64 `json:"ids,omitempty"`
	// Match: for tags any|all|none (default any); for offers any|all (default any
	// for running_offer, all for approved_offer).
	Match  string  `json:"match,omitempty"`
	Period *Period `json:"period,omitempty"`
	// Metric, Op, Value and Value2 describe a performance comparison. Value2 is the upper
	// bound of "between" (inclusive). Money is in cents.
	Metric string `json:"metric,omitempty"`
	Op     string `json:"op,omitempty"`
	Value  int64  `json:"value,omitempty"`
	Value2 int64  `json:"value2,omitempty"`
}

// Period kinds. Days are counted in the user's time zone and include today.
const (
	PeriodLast7     = "last_7_days"
	PeriodLast30    = "last_30_days"
	PeriodLastDays  = "last_days"
	PeriodLastMonth = "last_month"
	PeriodThisMonth = "this_month"
	PeriodCustom    = "custom"
)

// Period is a span of whole days. From and To ("YYYY-MM-DD", inclusive) are read only by
// custom; Days only by last_days.
type Period struct {
	Kind string `json:"kind"`
	Days int    `json:"days,omitempty"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}
