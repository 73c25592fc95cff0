#!/usr/bin/env bash
# Checks a built .deb the way a user's first start would go, without installing it system-wide:
# unpacks it into a temporary root, then runs the installed launcher with an empty HOME, no network and no
# display: --version, --help, and generate for a short clip. Reports start times and what was written to HOME.
#
#   installer/check-deb.sh [--gui] [DEB]   (default: the one .deb in target/installer/dist)
#
#   --gui   also open the studio window on a virtual display (Xvfb) and time it (needs Xvfb and xwininfo)
#
# Exit code 0 when every check passed, 1 otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

gui=0
if [ "${1:-}" = --gui ]; then gui=1; shift; fi
deb=${1:-}
if [ -z "$deb" ]; then
  debs=( "$ROOT"/target/installer/dist/*.deb )
  [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "check: no single .deb in target/installer/dist; pass one" >&2; exit 2; }
  deb=${debs[0]}
fi
[ -f "$deb" ] || { echo "check: no such file: $deb" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
root="$scratch/root"; home="$scratch/home"; out="$scratch/out"
mkdir -p "$root" "$home" "$out"
failures=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }

echo "check: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -x "$deb" "$root"
launcher=$(find "$root"/opt/*/bin -maxdepth 1 -type f -perm -u+x 2>/dev/null | head -1)
[ -n "$launcher" ] || { echo "check: no launcher under /opt in the package" >&2; exit 1; }
echo "check: unpacked to a temporary root; launcher ${launcher#$root}, installed size $(du -sh "$root" | cut -f1)"
desktop=$(find "$root" -type f -name '*.desktop' | head -1)
[ -n "$desktop" ] && pass "desktop entry ${desktop#$root}" || fail "no desktop entry in the package"
if [ -n "$desktop" ] && grep -q '^MimeType=.*application/x-cinegen-project' "$desktop"; then
  pass "desktop entry opens application/x-cinegen-project"
else
  fail "desktop entry has no MimeType for project files"
fi

# No network: a fresh network namespace (root, or an unprivileged user namespace where allowed).
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
  offline=(unshare -n); net="no network (unshare -n)"
elif unshare -rn true 2>/dev/null; then
  offline=(unshare -rn); net="no network (unshare -rn)"
else
  offline=(); net="NETWORK NOT CUT (unshare unavailable): offline use is not proven by this run"
fi
echo "check: empty HOME, no DISPLAY, $net"
run() { # run the launcher like a first start; stdout+stderr to $out/log, elapsed ms to $out/ms
  local t0 t1 rc=0
  t0=$(date +%s%N)
  (cd "$out" && env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_CACHE_HOME -u XDG_CONFIG_HOME HOME="$home" \
      "${offline[@]}" "$launcher" "$@") >"$out/log" 2>&1 || rc=$?
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 )) >"$out/ms"
  return $rc
}

if run --version && grep -q '^Cinegen Studio ' "$out/log"; then
  pass "--version: $(head -1 "$out/log") in $(cat "$out/ms") ms"
else
  fail "--version: $(head -3 "$out/log")"
fi
if run --help && grep -q 'Commands:' "$out/log"; then pass "--help in $(cat "$out/ms") ms"; else fail "--help: $(head -3 "$out/log")"; fi

clip="$out/clip.mp4"
rc=0
run generate --prompt "a red kite over the sea" --frames 4 --steps 2 --seed 1 --out "$clip" || rc=$?
if grep -q "unknown command 'generate'" "$out/log"; then
  echo "  SKIP  generate: this build has no generate command yet ($(head -1 "$out/log"))"
elif [ $rc -eq 0 ] && [ -s "$clip" ]; then
  pass "generate 4 frames, 2 steps: $(wc -c <"$clip") byte MP4 in $(cat "$out/ms") ms (first start, whole command)"
  grep -o 'on [a-z]*([0-9]*)' "$out/log" | head -1 | sed 's/^/        device: /' || true
else
  fail "generate (exit $rc): $(tr '\r' '\n' <"$out/log" | grep -v '^\s*$' | tail -3)"
fi

if [ $gui = 1 ]; then
  # The window on a virtual display: time from start to the main window being mapped at full size.
  display=:$(( 90 + RANDOM % 9 ))
  Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
  sleep 1
  t0=$(date +%s%N)
  (cd "$out" && exec env DISPLAY=$display HOME="$home" "${offline[@]}" "$launcher" >"$out/gui.log" 2>&1) & app=$!
  shown=""
  for _ in $(seq 1 300); do
    if DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -E '"Cinegen Studio": .* [0-9]{3,}x[0-9]{3,}' >/dev/null; then
      shown=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    sleep 0.1
  done
  kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
  if [ -n "$shown" ]; then pass "studio window shown after $shown ms (Xvfb)"; else fail "no studio window within 30 s: $(tail -3 "$out/gui.log")"; fi
fi

# Nothing large in HOME: no extracted PyTorch (~450 MB), JavaCPP or JavaFX natives.
home_kb=$(du -sk "$home" | cut -f1)
if [ "$home_kb" -lt 1024 ]; then
  pass "HOME after first start: ${home_kb} KB"
else
  fail "HOME after first start holds ${home_kb} KB:"; du -ak "$home" | sort -n | tail -5 | sed 's/^/        /'
fi
for cache in .djl.ai .javacpp .openjfx; do
  [ -e "$home/$cache" ] && fail "first start created ~/$cache (natives were extracted)" || true
done

if [ $failures -eq 0 ]; then echo "check: all passed"; else echo "check: $failures check(s) failed"; exit 1; fi
