#!/usr/bin/env bash
# Installs the system libraries the studio's window needs on Debian/Ubuntu (GTK 3 for JavaFX), when missing.
# Safe to run again; does nothing on other systems or when everything is there.
set -euo pipefail
[ "$(uname -s)" = Linux ] || exit 0
command -v dpkg >/dev/null 2>&1 || exit 0
missing=()
dpkg -s libgtk-3-0 >/dev/null 2>&1 || dpkg -s libgtk-3-0t64 >/dev/null 2>&1 || missing+=(libgtk-3-0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} (needed by the studio window)..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The studio window needs: ${missing[*]}. Install it with: sudo apt-get install ${missing[*]}" >&2
fi
