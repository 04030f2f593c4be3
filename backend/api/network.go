package api

// Network answers questions about partners, advertisers, offers and their performance.
type Network struct {
	deps Deps
}
