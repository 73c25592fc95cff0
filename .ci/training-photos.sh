#!/usr/bin/env bash
# Collects the photographs the bundled autoencoder trains on (TRAIN) and the different ones it is evaluated on
# (EVAL) from Debian packages, without installing them. Usage: bash .ci/training-photos.sh TRAIN_DIR EVAL_DIR
set -euo pipefail
train=${1:?training folder}; eval=${2:?evaluation folder}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download mate-backgrounds lomiri-wallpapers python3-skimage >/dev/null 2>&1 ) \
  || { echo "apt-get download failed (run apt-get update first)" >&2; exit 1; }
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
mkdir -p "$train" "$eval"
cp "$work"/x/usr/share/backgrounds/*.jpg "$work"/x/usr/share/backgrounds/*.png "$train"/ 2>/dev/null || true
cp "$work"/x/usr/share/backgrounds/mate/nature/* "$work"/x/usr/share/backgrounds/mate/desktop/* "$train"/ 2>/dev/null || true
data="$work/x/usr/lib/python3/dist-packages/skimage/data"
for f in astronaut.png chelsea.png coffee.png rocket.jpg motorcycle_left.png hubble_deep_field.jpg; do cp "$data/$f" "$eval"/; done
echo "training photos: $(ls "$train" | wc -l), evaluation photos: $(ls "$eval" | wc -l)"
