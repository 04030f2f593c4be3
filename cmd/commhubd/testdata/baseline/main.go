// Command baseline is the yardstick of the cold-start benchmark: the smallest Go HTTP server
// that starts the way commhubd does (listen, print its URL, answer a POST), so the figure
// for commhubd reads as a multiple of what any Go server costs to start on this machine.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("running at http://%s/?token=x\n", ln.Addr())
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"partners":0}`))
	}))
}
