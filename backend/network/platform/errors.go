package platform

import "commhub/backend/fault"

func invalidRange(msg string) error { return fault.Invalidf("sync: %s", msg) }
