package api

import (
	"reflect"

	"commhub/backend/api/tsgen"
	"commhub/backend/audience"
	"commhub/backend/compose"
	"commhub/backend/delivery"
	"commhub/backend/events"
	"commhub/backend/macro"
	"commhub/backend/model"
	"commhub/backend/network"
	"commhub/backend/network/imports"
	"commhub/backend/network/platform"
)

// EventPayloads says which Go type each event carries. The TypeScript contract is generated
// from it, and a test checks that it names every event there is.
var EventPayloads = map[events.Name]reflect.Type{
	events.DeliveryProgress: reflect.TypeFor[delivery.Progress](),
	events.SyncProgress:     reflect.TypeFor[platform.Progress](),
	events.ImportsProgress:  reflect.TypeFor[imports.ProgressEvent](),
	events.EventsDropped:    reflect.TypeFor[events.Dropped](),
}

// Contract is what cmd/tsgen writes to frontend/src/api/generated.ts: the services of
// Services with every type they use, the string unions their fields take, and the events.
func Contract() tsgen.Config {
	c := tsgen.Config{Services: reflect.TypeFor[Services](), Enums: enums(), Fields: fieldTypes()}
	for _, name := range events.All() {
		c.Events = append(c.Events, tsgen.Event{Name: string(name), Payload: EventPayloads[name]})
	}
	return c
}

// enums are the string values Go keeps in untyped constants, named for TypeScript.
func enums() []tsgen.Enum {
	return []tsgen.Enum{
		{Name: "PartnerStatus", Values: []string{model.StatusActive, model.StatusPending, model.StatusInactive, model.StatusSuspended}},
		{Name: "Visibility", Values: []string{model.VisibilityPublic, model.VisibilityRequireApproval, model.VisibilityPrivate}},
		{Name: "AudienceKind", Values: []string{model.AudiencePartners, model.AudienceAdvertisers}},
		{Name: "RuleField", Values: audience.Fields},
		{Name: "PeriodKind", Values: []string{audience.PeriodLast7, audience.PeriodLast30, audience.PeriodLastDays,
			audience.PeriodLastMonth, audience.PeriodThisMonth, audience.PeriodCustom}},
		{Name: "Metric", Values: audience.Metrics},
		{Name: "Operator", Values: audience.Operators},
		{Name: "MessageKind", Values: []string{model.MessageGeneral, model.MessageOfferDetails}},
		{Name: "RecipientKind", Values: []string{model.RecipientPartners, model.RecipientAdvertisers, model.RecipientEmployees}},
		{Name: "Theme", Values: []string{model.ThemeBlank, model.ThemeLogo, model.ThemeBranded}},
		{Name: "Severity", Values: []string{macro.SeverityError, macro.SeverityInfo}},
		{Name: "DecisionStatus", Values: []string{compose.StatusOK, compose.StatusBlocked, compose.StatusSkipped}},
		{Name: "RunStatus", Values: []string{model.RunRunning, model.RunPaused, model.RunCancelled, model.RunDone}},
		{Name: "DeliveryStatus", Values: model.DeliveryStatuses},
		{Name: "SuppressionReason", Values: []string{model.SuppressUnsubscribed, model.SuppressBounced, model.SuppressComplained, model.SuppressManual}},
		{Name: "TlsMode", Values: []string{model.TLSNone, model.TLSStartTLS, model.TLSImplicit}},
		{Name: "SecretBackend", Values: []string{"keyring", "file"}},
		{Name: "ImportKind", Values: imports.KindNames()},
	}
}

// fieldTypes narrow fields to an enum, and mark the lists Go may send as null (a nil
// slice) where the UI must cope with that.
func fieldTypes() []tsgen.Field {
	f := func(t reflect.Type, name, ts string) tsgen.Field { return tsgen.Field{Struct: t, Name: name, TS: ts} }
	nullable := func(t reflect.Type, name string) tsgen.Field {
		return tsgen.Field{Struct: t, Name: name, Nullable: true}
	}
	rules, rule, period := reflect.TypeFor[audience.Rules](), reflect.TypeFor[audience.Rule](), reflect.TypeFor[audience.Period]()
	sample, audSummary := reflect.TypeFor[audience.SampleResult](), reflect.TypeFor[audience.Summary]()
	msg, spec, summary := reflect.TypeFor[model.Message](), reflect.TypeFor[model.RecipientSpec](), reflect.TypeFor[compose.Summary]()
	preview, decision, excluded := reflect.TypeFor[compose.Preview](), reflect.TypeFor[compose.Decision](), reflect.TypeFor[compose.Excluded]()
	partner, advertiser, detail := reflect.TypeFor[network.PartnerRow](), reflect.TypeFor[network.AdvertiserRow](), reflect.TypeFor[network.PartnerDetail]()
	return []tsgen.Field{
		f(rules, "Kind", "AudienceKind"),
		f(audSummary, "Kind", "AudienceKind"),
		f(rule, "Field", "RuleField"),
		f(rule, "Metric", "Metric"),
		f(rule, "Op", "Operator"),
		f(period, "Kind", "PeriodKind"),
		f(sample, "Metric", "Metric | ''"),

		nullable(partner, "Tags"),
		nullable(advertiser, "Tags"),
		nullable(detail, "Approvals"),
		nullable(detail, "Daily"),

		f(msg, "Kind", "MessageKind"),
		f(msg, "RecipientKind", "RecipientKind"),
		f(msg, "Theme", "Theme"),
		nullable(msg, "Offers"),
		nullable(spec, "IDs"),
		nullable(spec, "Emails"),
		nullable(spec, "ExcludeIDs"),
		nullable(spec, "ExcludeEmails"),
		f(summary, "Kind", "MessageKind"),
		f(summary, "RecipientKind", "RecipientKind"),
		f(reflect.TypeFor[macro.Problem](), "Severity", "Severity"),
		f(preview, "Status", "DecisionStatus"),
		nullable(preview, "Blocked"),
		f(decision, "Status", "DecisionStatus"),
		nullable(decision, "BlockedOffers"),
		nullable(excluded, "Offers"),
		f(reflect.TypeFor[compose.TestSent](), "Status", "DecisionStatus"),

		f(reflect.TypeFor[model.Run](), "Status", "RunStatus"),
		f(reflect.TypeFor[delivery.Progress](), "Status", "RunStatus"),
		f(reflect.TypeFor[model.Delivery](), "Status", "DeliveryStatus"),
		f(reflect.TypeFor[model.Suppression](), "Reason", "SuppressionReason"),
		f(reflect.TypeFor[delivery.SuppressionPage](), "Counts", "Partial<Record<SuppressionReason, number>>"),

		f(reflect.TypeFor[model.SMTPProfile](), "TLS", "TlsMode"),
		f(reflect.TypeFor[SecretInfo](), "Backend", "SecretBackend"),

		f(reflect.TypeFor[imports.Detection](), "Kind", "ImportKind"),
		f(reflect.TypeFor[imports.Result](), "Kind", "ImportKind"),
		f(reflect.TypeFor[imports.ProgressEvent](), "Kind", "ImportKind"),
	}
}
