#!/usr/bin/env bash
# Installs the system packages Clinic Admin needs to build, test and run, on
# Debian or Ubuntu. Packages already present are left alone.
set -euo pipefail

packages=(gcc pkg-config libgl1-mesa-dev xorg-dev xvfb xdotool x11-utils imagemagick sqlite3)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done

if ((${#missing[@]} > 0)); then
	if ! command -v apt-get >/dev/null; then
		echo "Missing packages: ${missing[*]}." >&2
		echo "This machine has no apt-get: install them with its package manager." >&2
		exit 1
	fi
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		sudo="sudo"
	fi
	echo "Installing ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null; then
	echo "Go is not installed: install Go $(sed -n 's/^go //p' go.mod) or newer from go.dev." >&2
	exit 1
fi
