#!/usr/bin/env bash
# Installs what installer/package.sh needs on Debian or Ubuntu to build the .deb: fakeroot and dpkg-deb.
# Safe to run again; run as root or with sudo (CI runners have passwordless sudo).
set -euo pipefail
need=()
command -v fakeroot >/dev/null 2>&1 || need+=(fakeroot)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
[ ${#need[@]} -eq 0 ] && { echo "setup: nothing to install"; exit 0; }
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
