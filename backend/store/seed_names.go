package store

// Word lists for the demo network. Some names are deliberately awkward (apostrophes,
// accents, markup) so that escaping problems show up in the demo, not in production.
var (
	demoFirstNames = []string{
		"Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Mateo", "Zoë", "José",
		"Søren", "Łukasz", "Chloé", "Aoife", "Siobhan", "Björn", "Inès", "Rafael", "Priya",
		"Kenji", "Amara", "Tomás", "Freya", "Dmitri", "Leila", "Hannah", "Ethan", "Sofia",
		"Jonas", "Maya", "Ibrahim", "Elena", "Marco", "Yuki", "Nadia", "Oscar", "Clara",
	}
	demoLastNames = []string{
		"Smith", "O'Brien", "D'Angelo", "García", "Müller", "Nguyen", "Kowalski", "Dubois",
		"Rossi", "Jensen", "Silva", "Patel", "Tanaka", "Okafor", "Novák", "Lindqvist",
		"Fernández", "O'Connor", "Schäfer", "Moreau", "Andersen", "Kim", "Costa", "Ivanova",
		"Van der Berg", "MacLeod", "Haddad", "Quinn", "Walsh", "Ahmed", "Berger",
	}
	demoCompanyHeads = []string{
		"BlueOcean", "Peak", "Northstar", "Clickwise", "Lumen", "Harbor", "Vertex", "Bright",
		"Atlas", "Nimbus", "Coral", "Summit", "Pioneer", "Orbit", "Maple", "Falcon", "Echo",
		"Crimson", "Silverline", "Evergreen", "Quantum", "Mosaic", "Horizon", "Redwood",
	}
	demoCompanyTails = []string{
		"Media", "Digital", "Traffic", "Deals", "Rewards", "Reviews", "Coupons", "Cashback",
		"Labs", "Network", "Partners", "Publishing", "Growth", "Ads", "Commerce",
	}
	// Names no escaping layer may trust.
	demoTrickyCompanies = []string{
		"<b>Bold</b> Traffic Ltd", "Rock 'n' Roll Deals", "Ça Va Médias SARL",
		"\"Quoted\" Coupons & Co", "Zürich Δ Performance GmbH",
		"An Extraordinarily Long Affiliate Company Name That Keeps Going And Going Ltd",
	}
	demoTags      = []string{"vip", "email", "social", "coupon", "cashback", "content", "push", "native", "search", "tier-1", "tier-2", "new"}
	demoCountries = []string{"US", "US", "US", "GB", "GB", "DE", "FR", "CA", "AU", "NL", "ES", "BR", "IN", "PL", "SE", "IE"}
	demoManagers  = [][3]string{
		{"Rachel Adams", "rachel.adams@network.example.com", "Account Manager"},
		{"Tom Becker", "tom.becker@network.example.com", "Account Manager"},
		{"Sara Lindström", "sara.lindstrom@network.example.com", "Account Manager"},
		{"Marcus O'Neil", "marcus.oneil@network.example.com", "Senior Account Manager"},
		{"Priya Shah", "priya.shah@network.example.com", "Affiliate Director"},
	}
	demoAdvertisers = []string{
		"ShopNova", "FitLife Supplements", "TravelNest", "CoinVault", "StreamBox", "HomeHarbor Insurance",
		"GlowSkin Cosmetics", "MealMate", "LearnLoop", "PetPals", "AutoQuote Direct", "SolarBright",
		"VPN Shield", "GameForge", "BabyBloom", "StyleCart", "BetMaster Sports", "DateSpark",
		"CreditWise", "HostRocket", "FreshBrew Coffee", "GadgetHub", "TaxEasy", "Luxe Watches & Co",
	}
	demoOfferKinds = []struct {
		Suffix, Category string
		Payout, Revenue  int64
	}{
		{"Free Trial", "Subscriptions", 1500, 2200},
		{"First Purchase CPA", "E-commerce", 2500, 3400},
		{"Lead Form US", "Lead Gen", 800, 1250},
		{"App Install iOS", "Mobile", 250, 410},
		{"Sign-up SOI", "Lead Gen", 150, 260},
		{"Deposit CPA", "Finance", 9000, 12500},
	}
)
