// Command tsgen writes frontend/src/api/generated.ts, the TypeScript side of the bridge,
// from the Go types of the bound services. Run it from the repository root after changing
// a service, a type it uses or an event:
//
//	CGO_ENABLED=0 go run ./cmd/tsgen
package main

import (
	"bytes"
	"fmt"
	"os"

	"commhub/backend/api"
	"commhub/backend/api/tsgen"
)

// Output is the generated file, relative to the repository root.
const Output = "frontend/src/api/generated.ts"

func main() {
	src, err := tsgen.Generate(api.Contract())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, err := os.Stat("go.mod"); err != nil {
		fmt.Fprintf(os.Stderr, "tsgen: run me from the repository root (where go.mod is): %s\n", tsgen.Command)
		os.Exit(1)
	}
	old, _ := os.ReadFile(Output)
	if bytes.Equal(old, src) {
		fmt.Println(Output, "is up to date")
		return
	}
	if err := os.WriteFile(Output, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "tsgen:", err)
		os.Exit(1)
	}
	fmt.Println("wrote", Output)
}
