package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"gorm.io/gorm"

	"commhub/backend/model"
)

// Settings keys that record where the network data came from.
const (
	// SettingDemo is "1" while the demo network is loaded and "0" once it was cleared or
	// never wanted; its presence means the store must never be seeded again.
	SettingDemo = "network.demo"
)

// demoSeed fixes the demo network, so that screenshots, docs and tests agree.
const demoSeed = 20261128

// SeedDemoIfEmpty loads the demo network into a store that has never held network data.
// It reports whether it seeded.
func SeedDemoIfEmpty(s *Store, now time.Time) (bool, error) {
	var n int64
	if err := s.DB.Model(&model.Setting{}).Where("key = ?", SettingDemo).Count(&n).Error; err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	if err := s.DB.Model(&model.Partner{}).Count(&n).Error; err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	err := s.DB.Transaction(func(tx *gorm.DB) error {
		d := newDemo(now)
		if err := d.write(tx); err != nil {
			return err
		}
		if err := d.markSeeded(tx); err != nil {
			return err
		}
		return tx.Save(&model.Setting{Key: SettingDemo, Value: "1"}).Error
	})
	if err != nil {
		return false, fmt.Errorf("seed demo network: %w", err)
	}
	return true, nil
}

// MarkNoDemo records that this store must start empty and stay so (--no-demo).
func MarkNoDemo(s *Store) error {
	return s.DB.Where("key = ?", SettingDemo).FirstOrCreate(&model.Setting{Key: SettingDemo, Value: "0"}).Error
}

type demo struct {
	rnd         *rand.Rand
	now         time.Time
	employees   []model.Employee
	advertisers []model.Advertiser
	offers      []model.Offer
	partners    []model.Partner
	approvals   []model.Approval
	stats       []model.DailyStat
}

func newDemo(now time.Time) *demo {
	d := &demo{rnd: rand.New(rand.NewPCG(demoSeed, demoSeed>>3)), now: now.UTC()}
	d.makeEmployees()
	d.makeAdvertisers()
	d.makeOffers()
	d.makePartners(420)
	d.makeApprovals()
	d.makeStats(90)
	return d
}

func (d *demo) write(tx *gorm.DB) error {
	for _, batch := range []any{&d.employees, &d.advertisers, &d.offers, &d.partners, &d.approvals, &d.stats} {
		if err := tx.CreateInBatches(batch, 400).Error; err != nil {
			return err
		}
	}
	return nil
}

func (d *demo) pick(list []string) string { return list[d.rnd.IntN(len(list))] }

func (d *demo) daysAgo(max int) time.Time {
	return d.now.Add(-time.Duration(d.rnd.IntN(max*24*60)) * time.Minute).Truncate(time.Second)
}

// loginAfter is a last login between created and now, mostly in the last four months.
func (d *demo) loginAfter(created time.Time) time.Time {
	login := d.daysAgo(120)
	if login.Before(created) {
		login = created.Add(time.Duration(d.rnd.Int64N(int64(d.now.Sub(created)) + 1)))
	}
	return login.Truncate(time.Second)
}

func (d *demo) makeEmployees() {
	for i, m := range demoManagers {
		d.employees = append(d.employees, model.Employee{ID: int64(i + 1), Name: m[0], Email: m[1], Role: m[2]})
	}
}

// managerID returns one of the account managers (not the director), as a pointer for GORM.
func (d *demo) managerID() *int64 {
	id := int64(d.rnd.IntN(4) + 1)
	return &id
}

func (d *demo) makeAdvertisers() {
	for i, name := range demoAdvertisers {
		status := model.StatusActive
		if i%9 == 8 {
			status = model.StatusInactive
		}
		d.advertisers = append(d.advertisers, model.Advertiser{
			ID: int64(101 + i), Name: name, ContactName: d.pick(demoFirstNames) + " " + d.pick(demoLastNames),
			ContactEmail: "partnerships@" + slug(name) + ".example.com", Status: status,
			AccountManagerID: d.managerID(), Tags: model.Tags{d.pick([]string{"direct", "agency", "network"})},
			CreatedAt: d.daysAgo(900),
		})
	}
}

func (d *demo) makeOffers() {
	for i := 0; i < 36; i++ {
		adv := d.advertisers[i%len(d.advertisers)]
		kind := demoOfferKinds[(i*7+i/len(d.advertisers))%len(demoOfferKinds)]
		vis := model.VisibilityPublic
		switch r := d.rnd.IntN(20); {
		case r < 7:
			vis = model.VisibilityRequireApproval
		case r < 10:
			vis = model.VisibilityPrivate
		}
		status := "active"
		if i%11 == 10 {
			status = "paused"
		}
		advID := adv.ID
		id := int64(1001 + i)
		d.offers = append(d.offers, model.Offer{
			ID: id, Name: adv.Name + " - " + kind.Suffix, Status: status, Visibility: vis,
			PayoutCents: kind.Payout, RevenueCents: kind.Revenue, Currency: "USD",
			PreviewURL: fmt.Sprintf("https://www.%s.example.com/offer/%d", slug(adv.Name), id),
			Category:   kind.Category, AdvertiserID: &advID, EncodedID: encodeDemoID(d.rnd, 6),
			Description: fmt.Sprintf("%s for %s traffic. Pays %s per conversion.", kind.Suffix, kind.Category, cents(kind.Payout)),
			CreatedAt:   d.daysAgo(400),
		})
	}
}

func (d *demo) makePartners(n int) {
	for i := 0; i < n; i++ {
		id := int64(5001 + i)
		first, last := d.pick(demoFirstNames), d.pick(demoLastNames)
		company := d.pick(demoCompanyHeads) + " " + d.pick(demoCompanyTails)
		if i%70 == 13 {
			company = demoTrickyCompanies[(i/70)%len(demoTrickyCompanies)]
		}
		p := model.Partner{
			ID: id, Name: company, FirstName: first, LastName: last, Company: company,
			Email:  fmt.Sprintf("%s.%d@%s", emailLocal(first+"."+last), id, d.pick([]string{"example.com", "example.net", "affiliates.test"})),
			Status: d.partnerStatus(), AccountManagerID: d.managerID(), Country: d.pick(demoCountries),
			Tags: d.partnerTags(), CreatedAt: d.daysAgo(720), NotificationPref: "all", EncodedID: encodeDemoID(d.rnd, 5),
		}
		if i%17 == 5 {
			p.FirstName = "" // exercises macro defaults such as {partner_first_name|there}
		}
		if i%29 == 3 {
			p.NotificationPref = "important"
		}
		if i%53 == 7 {
			p.Unsubscribed = true
		}
		if p.Status != model.StatusPending {
			login := d.loginAfter(p.CreatedAt)
			p.LastLoginAt = &login
		}
		d.partners = append(d.partners, p)
	}
}

func (d *demo) partnerStatus() string {
	switch r := d.rnd.IntN(100); {
	case r < 70:
		return model.StatusActive
	case r < 82:
		return model.StatusPending
	case r < 94:
		return model.StatusInactive
	}
	return model.StatusSuspended
}

func (d *demo) partnerTags() model.Tags {
	tags := model.Tags{}
	for _, j := range d.rnd.Perm(len(demoTags))[:d.rnd.IntN(4)] {
		tags = append(tags, demoTags[j])
	}
	return tags
}

func (d *demo) makeApprovals() {
	for _, p := range d.partners {
		if p.Status == model.StatusPending {
			continue
		}
		for _, j := range d.rnd.Perm(len(d.offers))[:2+d.rnd.IntN(7)] {
			status := model.ApprovalApproved
			switch r := d.rnd.IntN(10); {
			case r == 0:
				status = model.ApprovalRejected
			case r == 1:
				status = model.ApprovalPending
			}
			d.approvals = append(d.approvals, model.Approval{PartnerID: p.ID, OfferID: d.offers[j].ID, Status: status, UpdatedAt: d.daysAgo(200)})
		}
	}
}

// makeStats gives a Pareto-shaped network: a handful of partners drive most revenue, a long
// tail trickles, and most partners are dormant.
func (d *demo) makeStats(days int) {
	offers := map[int64]model.Offer{}
	for _, o := range d.offers {
		offers[o.ID] = o
	}
	running := map[int64][]int64{}
	for _, a := range d.approvals {
		if a.Status == model.ApprovalApproved && len(running[a.PartnerID]) < 3 {
			running[a.PartnerID] = append(running[a.PartnerID], a.OfferID)
		}
	}
	today := time.Date(d.now.Year(), d.now.Month(), d.now.Day(), 0, 0, 0, 0, time.UTC)
	rank := 0
	for _, p := range d.partners {
		if p.Status != model.StatusActive || len(running[p.ID]) == 0 || d.rnd.IntN(100) >= 40 {
			continue
		}
		rank++
		volume := 4000.0 / float64(rank) // Zipf: partner k gets ~1/k of the top partner's traffic
		for _, offerID := range running[p.ID] {
			d.offerStats(p.ID, offers[offerID], today, days, volume)
		}
	}
}

func (d *demo) offerStats(partnerID int64, o model.Offer, today time.Time, days int, volume float64) {
	activeDays := days - d.rnd.IntN(days/2)
	for day := 0; day < activeDays; day++ {
		if d.rnd.Float64() < 0.25 {
			continue
		}
		clicks := int64(volume * (0.5 + d.rnd.Float64()))
		if clicks == 0 && d.rnd.IntN(3) > 0 {
			continue
		}
		conv := clicks * int64(2+d.rnd.IntN(5)) / 100
		d.stats = append(d.stats, model.DailyStat{
			Date: today.AddDate(0, 0, -day).Format("2006-01-02"), PartnerID: partnerID, OfferID: o.ID,
			Clicks: clicks, Conversions: conv, RevenueCents: conv * o.RevenueCents, PayoutCents: conv * o.PayoutCents,
		})
	}
}

// slug turns a brand into a host name label: "Luxe Watches & Co" becomes "luxewatchesandco".
func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.ReplaceAll(name, "&", "and")) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// asciiFold spells the accented letters of the demo names in plain ASCII for e-mail addresses.
var asciiFold = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ø", "o", "å", "a", "é", "e", "è", "e",
	"ë", "e", "ç", "c", "í", "i", "á", "a", "ó", "o", "ú", "u", "ł", "l", "ñ", "n", "š", "s", "ß", "ss")

func emailLocal(s string) string {
	var b strings.Builder
	for _, r := range asciiFold.Replace(strings.ToLower(s)) {
		if r >= 'a' && r <= 'z' || r == '.' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func encodeDemoID(rnd *rand.Rand, n int) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rnd.IntN(len(alphabet))]
	}
	return string(b)
}

func cents(c int64) string { return fmt.Sprintf("$%d.%02d", c/100, c%100) }
