//go:build !bindings

package main

// bindingsBuild: see bindings.go.
const bindingsBuild = false
