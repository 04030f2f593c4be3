package compose

import (
	"testing"

	"commhub/backend/model"
)

// A CPS offer pays a share of the sale: showing its zero amount would tell partners it pays nothing.
func TestOfferPayoutShowsPercentagesForCPS(t *testing.T) {
	for _, c := range []struct {
		o    model.Offer
		want string
	}{
		{model.Offer{PayoutCents: 1250, Currency: "USD", PayoutType: "cpa"}, "$12.50"},
		{model.Offer{PayoutCents: 0, Currency: "USD", PayoutType: "cps", PayoutPercent: 12}, "12%"},
		{model.Offer{PayoutCents: 250, Currency: "USD", PayoutType: "cpa_cps", PayoutPercent: 7.5}, "$2.50 + 7.5%"},
		{model.Offer{PayoutCents: 300, Currency: "USD"}, "$3.00"},
	} {
		if got := offerPayout(&c.o); got != c.want {
			t.Errorf("%+v: %q, want %q", c.o, got, c.want)
		}
	}
}
