# Sourced by .ci/install and by .ci/install-test: which Debian or Ubuntu packages CommHub
# needs, which of them this machine lacks, and the apt-get commands that would add them.
# Nothing here runs apt-get; it only asks apt-cache and dpkg-query.

# C toolchain and GTK/WebKit for the desktop window, Xvfb and ImageMagick for the desktop
# smoke test, Chromium for the browser tests. "chromium" stands for whichever package
# provides it on this distribution (see chromium_package).
APT_PACKAGES=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth imagemagick chromium ca-certificates git)

# Debian calls the package chromium; Ubuntu only has chromium-browser (a snap stub).
chromium_package() {
	# Read the whole listing before matching: with pipefail, grep -q closing the pipe early
	# makes apt-cache die of SIGPIPE (exit 141) and Debian look like it had no chromium.
	local listing
	listing=$(apt-cache show chromium 2>/dev/null || true)
	if grep -q '^Version:' <<<"$listing"; then
		echo chromium
	else
		echo chromium-browser
	fi
}

# wanted_packages: APT_PACKAGES with chromium named as this distribution names it.
wanted_packages() {
	local p chromium
	chromium=$(chromium_package)
	for p in "${APT_PACKAGES[@]}"; do
		if [ "$p" = chromium ]; then echo "$chromium"; else echo "$p"; fi
	done
}

# missing_packages PKG...: prints, one a line, the packages that are not installed.
missing_packages() {
	local p status
	for p in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		[ "$status" = "install ok installed" ] || echo "$p"
	done
}

# apt_plan: prints the apt-get commands that install what is missing, one a line, or
# nothing when every package is present.
apt_plan() {
	local wanted missing
	mapfile -t wanted < <(wanted_packages)
	mapfile -t missing < <(missing_packages "${wanted[@]}")
	[ "${#missing[@]}" = 0 ] && return
	echo "apt-get update -q"
	echo "apt-get install -y -q --no-install-recommends ${missing[*]}"
}
