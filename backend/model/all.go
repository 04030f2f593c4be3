package model

// Network lists the entities that describe the network itself; the demo seed and
// "clear demo data" work on exactly these.
func Network() []any {
	return []any{&Employee{}, &Advertiser{}, &Offer{}, &Partner{}, &Approval{}, &DailyStat{}}
}
