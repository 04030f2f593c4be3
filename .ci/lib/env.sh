# Sourced by the CI and set-up scripts before they call go or npm.
# Go keeps its module and build caches under $HOME, and npm its cache: a runner that starts
# the scripts without a HOME (or with one it cannot write) makes `go mod download` fail at
# once with "module cache not found". Fall back to the account's home, then to a folder here.
if [ -z "${HOME:-}" ] || [ ! -w "${HOME:-}" ]; then
	HOME=$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f6 || true)
	if [ -z "$HOME" ] || [ ! -w "$HOME" ]; then
		HOME="$(pwd)/.home"
		mkdir -p "$HOME"
	fi
	export HOME
	echo "env: HOME was unset or read-only; using $HOME"
fi
export PATH="$(go env GOPATH 2>/dev/null)/bin:$PATH"
