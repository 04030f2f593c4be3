//go:build bindings

package main

// bindingsBuild is true in the binary that `wails build` and `wails dev` compile and run
// only to generate TypeScript bindings: it must not touch the user's data folder.
const bindingsBuild = true
