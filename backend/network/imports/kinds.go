package imports

import (
	"fmt"
	"sort"
	"strings"

	"commhub/backend/fault"
	"commhub/backend/model"
)

// Field is one importable attribute of a kind: how it is named in files, which column it
// fills and how a cell is read.
type Field struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Required bool   `json:"required"`
	// Key fields identify the row (the network's own IDs); they are never updated.
	IsKey   bool     `json:"isKey"`
	Aliases []string `json:"-"`
	column  string
	parse   func(s string, lk *lookups) (any, error)
	// insertDefault fills the column for new rows when the file does not map it;
	// nil leaves it to the database default.
	insertDefault func(now any) any
}

// Kind describes one importable table.
type Kind struct {
	Name   string
	Label  string
	table  string
	Fields []Field
	// stamped tables carry created_at / updated_at maintained by the importer.
	stamped bool
	// entity names one row in messages ("partner 17").
	entity string
}

var offerStatuses = []string{"active", "paused", "pending", "deleted"}
var visibilities = []string{model.VisibilityPublic, model.VisibilityRequireApproval, model.VisibilityPrivate}
var approvalStatuses = []string{model.ApprovalApproved, model.ApprovalPending, model.ApprovalRejected}
var notificationPrefs = []string{"all", "important", "none"}

func str(s string, _ *lookups) (any, error) { return s, nil }
func id(s string, _ *lookups) (any, error)  { return parseID(s) }
func cents(s string, _ *lookups) (any, error) {
	return parseCents(s)
}
func count(s string, _ *lookups) (any, error) { return parseCount(s) }
func email(s string, _ *lookups) (any, error) { return parseEmail(s) }
func tags(s string, _ *lookups) (any, error)  { return tagsValue(s), nil }
func when(s string, _ *lookups) (any, error) {
	if s == "" {
		return nil, nil
	}
	return parseTime(s)
}
func choice(what string, valid []string, blank string) func(string, *lookups) (any, error) {
	return func(s string, _ *lookups) (any, error) {
		if s == "" && blank != "" {
			return blank, nil
		}
		return parseChoice(s, what, valid)
	}
}
func boolean(s string, _ *lookups) (any, error) { return parseBool(s) }
func country(s string, _ *lookups) (any, error) { return parseCountry(s) }
func currency(s string, _ *lookups) (any, error) {
	return parseCurrency(s)
}
func constant(v any) func(any) any { return func(any) any { return v } }
func nowValue(now any) any         { return now }

func manager(s string, lk *lookups) (any, error) {
	if s == "" {
		return nil, nil
	}
	return lk.employee(s)
}

func advertiserRef(s string, lk *lookups) (any, error) {
	if s == "" {
		return nil, nil
	}
	return lk.advertiser(s)
}

func partnerRef(s string, lk *lookups) (any, error) { return lk.partner(s) }
func offerRef(s string, lk *lookups) (any, error)   { return lk.offer(s) }
func day(s string, _ *lookups) (any, error)         { return parseDay(s) }

var kinds = []*Kind{
	{Name: "partners", Label: "Partners", table: "partners", stamped: true, entity: "partner", Fields: []Field{
		{Key: "id", Label: "Partner ID", Required: true, IsKey: true, column: "id", parse: id, Aliases: []string{"partnerid", "affiliateid", "networkaffiliateid", "id"}},
		{Key: "name", Label: "Name", Required: true, column: "name", parse: str, Aliases: []string{"partner", "partnername", "affiliate", "affiliatename", "name"}},
		{Key: "firstName", Label: "First name", column: "first_name", parse: str, insertDefault: constant(""), Aliases: []string{"firstname", "contactfirstname", "userfirstname"}},
		{Key: "lastName", Label: "Last name", column: "last_name", parse: str, insertDefault: constant(""), Aliases: []string{"lastname", "contactlastname", "userlastname"}},
		{Key: "email", Label: "Email", column: "email", parse: email, insertDefault: constant(""), Aliases: []string{"email", "emailaddress", "partneremail", "useremail", "contactemail"}},
		{Key: "company", Label: "Company", column: "company", parse: str, insertDefault: constant(""), Aliases: []string{"company", "companyname"}},
		{Key: "status", Label: "Status", column: "status", parse: choice("a partner status", model.PartnerStatuses, ""), insertDefault: constant(model.StatusActive), Aliases: []string{"accountstatus", "status", "partnerstatus", "affiliatestatus"}},
		{Key: "accountManager", Label: "Account manager", column: "account_manager_id", parse: manager, Aliases: []string{"accountmanager", "accountmanagerid", "networkemployeeid", "affiliatemanager", "manager"}},
		{Key: "country", Label: "Country", column: "country", parse: country, insertDefault: constant(""), Aliases: []string{"country", "countrycode"}},
		{Key: "tags", Label: "Tags", column: "tags", parse: tags, insertDefault: constant(""), Aliases: []string{"labels", "tags", "label", "tag"}},
		{Key: "createdAt", Label: "Created", column: "created_at", parse: when, insertDefault: nowValue, Aliases: []string{"created", "datecreated", "timecreated", "createdat", "signupdate", "joined"}},
		{Key: "lastLoginAt", Label: "Last login", column: "last_login_at", parse: when, Aliases: []string{"lastlogin", "lastloginat", "lastlogindate", "timelastlogin"}},
		{Key: "notificationPref", Label: "Notifications", column: "notification_pref", parse: choice("a notification preference", notificationPrefs, "all"), insertDefault: constant("all"), Aliases: []string{"notificationpreference", "notificationpref", "notifications"}},
		{Key: "unsubscribed", Label: "Unsubscribed", column: "unsubscribed", parse: boolean, insertDefault: constant(false), Aliases: []string{"unsubscribed", "optout", "emailoptout"}},
		{Key: "encodedId", Label: "Encoded ID", column: "encoded_id", parse: str, insertDefault: constant(""), Aliases: []string{"encodedid", "encodedvalue", "affiliateencodedid", "encodedpartnerid"}},
	}},
	{Name: "advertisers", Label: "Advertisers", table: "advertisers", stamped: true, entity: "advertiser", Fields: []Field{
		{Key: "id", Label: "Advertiser ID", Required: true, IsKey: true, column: "id", parse: id, Aliases: []string{"advertiserid", "networkadvertiserid", "id"}},
		{Key: "name", Label: "Name", Required: true, column: "name", parse: str, Aliases: []string{"advertiser", "advertisername", "name", "company"}},
		{Key: "contactName", Label: "Contact name", column: "contact_name", parse: str, insertDefault: constant(""), Aliases: []string{"contactname", "contact", "advertisercontact"}},
		{Key: "contactEmail", Label: "Contact email", column: "contact_email", parse: email, insertDefault: constant(""), Aliases: []string{"contactemail", "email", "emailaddress"}},
		{Key: "status", Label: "Status", column: "status", parse: choice("an advertiser status", model.PartnerStatuses, ""), insertDefault: constant(model.StatusActive), Aliases: []string{"accountstatus", "status", "advertiserstatus"}},
		{Key: "accountManager", Label: "Account manager", column: "account_manager_id", parse: manager, Aliases: []string{"accountmanager", "accountmanagerid", "networkemployeeid", "manager"}},
		{Key: "tags", Label: "Tags", column: "tags", parse: tags, insertDefault: constant(""), Aliases: []string{"labels", "tags", "label"}},
		{Key: "createdAt", Label: "Created", column: "created_at", parse: when, insertDefault: nowValue, Aliases: []string{"created", "datecreated", "timecreated", "createdat"}},
	}},
	{Name: "offers", Label: "Offers", table: "offers", stamped: true, entity: "offer", Fields: []Field{
		{Key: "id", Label: "Offer ID", Required: true, IsKey: true, column: "id", parse: id, Aliases: []string{"offerid", "networkofferid", "id"}},
		{Key: "name", Label: "Name", Required: true, column: "name", parse: str, Aliases: []string{"offer", "offername", "name"}},
		{Key: "status", Label: "Status", column: "status", parse: choice("an offer status", offerStatuses, ""), insertDefault: constant("active"), Aliases: []string{"offerstatus", "status"}},
		{Key: "visibility", Label: "Visibility", column: "visibility", parse: choice("an offer visibility", visibilities, ""), insertDefault: constant(model.VisibilityPublic), Aliases: []string{"visibility", "offervisibility"}},
		{Key: "payout", Label: "Payout", column: "payout_cents", parse: cents, insertDefault: constant(int64(0)), Aliases: []string{"payout", "defaultpayout", "payoutamount", "basepayout"}},
		{Key: "revenue", Label: "Revenue", column: "revenue_cents", parse: cents, insertDefault: constant(int64(0)), Aliases: []string{"revenue", "defaultrevenue", "revenueamount", "baserevenue"}},
		{Key: "currency", Label: "Currency", column: "currency", parse: currency, insertDefault: constant("USD"), Aliases: []string{"currency", "currencyid"}},
		{Key: "previewUrl", Label: "Preview URL", column: "preview_url", parse: str, insertDefault: constant(""), Aliases: []string{"previewurl", "preview", "previewlink"}},
		{Key: "category", Label: "Category", column: "category", parse: str, insertDefault: constant(""), Aliases: []string{"category", "offercategory", "vertical"}},
		{Key: "description", Label: "Description", column: "description", parse: str, insertDefault: constant(""), Aliases: []string{"description", "offerdescription"}},
		{Key: "advertiser", Label: "Advertiser", column: "advertiser_id", parse: advertiserRef, Aliases: []string{"advertiserid", "networkadvertiserid", "advertiser"}},
		{Key: "encodedId", Label: "Encoded ID", column: "encoded_id", parse: str, insertDefault: constant(""), Aliases: []string{"encodedid", "encodedvalue", "encodedofferid"}},
		{Key: "createdAt", Label: "Created", column: "created_at", parse: when, insertDefault: nowValue, Aliases: []string{"created", "datecreated", "timecreated", "createdat"}},
	}},
	{Name: "approvals", Label: "Approvals", table: "approvals", entity: "approval", Fields: []Field{
		{Key: "partnerId", Label: "Partner ID", Required: true, IsKey: true, column: "partner_id", parse: partnerRef, Aliases: []string{"partnerid", "affiliateid", "networkaffiliateid", "partner", "affiliate"}},
		{Key: "offerId", Label: "Offer ID", Required: true, IsKey: true, column: "offer_id", parse: offerRef, Aliases: []string{"offerid", "networkofferid", "offer"}},
		{Key: "status", Label: "Status", Required: true, column: "status", parse: choice("an approval status", approvalStatuses, ""), Aliases: []string{"applicationstatus", "approvalstatus", "status"}},
	}},
	{Name: "daily_stats", Label: "Daily stats", table: "daily_stats", entity: "daily stat", Fields: []Field{
		{Key: "date", Label: "Date", Required: true, IsKey: true, column: "date", parse: day, Aliases: []string{"date", "day", "statdate"}},
		{Key: "partnerId", Label: "Partner ID", Required: true, IsKey: true, column: "partner_id", parse: partnerRef, Aliases: []string{"partnerid", "affiliateid", "networkaffiliateid", "partner", "affiliate"}},
		{Key: "offerId", Label: "Offer ID", Required: true, IsKey: true, column: "offer_id", parse: offerRef, Aliases: []string{"offerid", "networkofferid", "offer"}},
		{Key: "clicks", Label: "Clicks", column: "clicks", parse: count, insertDefault: constant(int64(0)), Aliases: []string{"clicks", "totalclicks", "totalclick", "grossclicks", "click"}},
		{Key: "conversions", Label: "Conversions", column: "conversions", parse: count, insertDefault: constant(int64(0)), Aliases: []string{"conversions", "cv", "conv", "totalconversions"}},
		{Key: "revenue", Label: "Revenue", column: "revenue_cents", parse: cents, insertDefault: constant(int64(0)), Aliases: []string{"revenue", "totalrevenue"}},
		{Key: "payout", Label: "Payout", column: "payout_cents", parse: cents, insertDefault: constant(int64(0)), Aliases: []string{"payout", "cost", "totalpayout"}},
	}},
}

// KindNames lists the kinds' names, for messages.
func KindNames() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.Name
	}
	return out
}

// LookupKind finds a kind by name ("daily-stats" and "stats" are accepted too).
func LookupKind(name string) (*Kind, error) {
	n := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "_")
	if n == "stats" || n == "dailystats" {
		n = "daily_stats"
	}
	for _, k := range kinds {
		if k.Name == n {
			return k, nil
		}
	}
	return nil, fault.Invalidf("%q is not an import kind (%s)", name, strings.Join(KindNames(), ", "))
}

func (k *Kind) field(key string) *Field {
	for i := range k.Fields {
		if k.Fields[i].Key == key {
			return &k.Fields[i]
		}
	}
	return nil
}

func (k *Kind) fieldKeys() []string {
	out := make([]string, len(k.Fields))
	for i, f := range k.Fields {
		out[i] = f.Key
	}
	sort.Strings(out)
	return out
}

// describe names a row by its key values: "partner 17", "daily stat 2026-11-01/17/4".
func (k *Kind) describe(key []any) string {
	parts := make([]string, len(key))
	for i, v := range key {
		parts[i] = fmt.Sprint(v)
	}
	return k.entity + " " + strings.Join(parts, "/")
}
