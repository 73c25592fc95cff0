#!/usr/bin/env bash
# Collects the photographs the bundled autoencoder trains on (TRAIN) and the different ones it is evaluated on
# (EVAL) from Debian packages, without installing them. Usage: bash .ci/training-photos.sh TRAIN_DIR EVAL_DIR
# Training: desktop wallpapers (MATE, Lomiri, UKUI, Plasma: mostly landscapes and close-ups) and the sample
# photographs of OpenCV's documentation (objects, people, buildings, fruit) and SciPy (a raccoon's face).
# Evaluation: six of scikit-image's sample photographs, none of which is in the training set.
set -euo pipefail
train=${1:?training folder}; eval=${2:?evaluation folder}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
packages="mate-backgrounds lomiri-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 ukui-wallpapers
  plasma-workspace-wallpapers opencv-doc python3-scipy python3-skimage"
( cd "$work" && apt-get download $packages >/dev/null 2>&1 ) \
  || { echo "apt-get download failed (run apt-get update first)" >&2; exit 1; }
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
x="$work/x/usr"
mkdir -p "$train" "$eval"
cp "$x"/share/backgrounds/*.jpg "$x"/share/backgrounds/*.png "$train"/ 2>/dev/null || true
cp "$x"/share/backgrounds/mate/nature/* "$x"/share/backgrounds/mate/desktop/* "$train"/ 2>/dev/null || true
# Plasma: the largest picture of each wallpaper (the others are the same picture at other sizes).
for dir in "$x"/share/wallpapers/*/contents/images; do
  name=$(basename "$(dirname "$(dirname "$dir")")")
  largest=$(ls -S "$dir" | head -1)
  cp "$dir/$largest" "$train/plasma-$name.${largest##*.}"
done
opencv="$x/share/doc/opencv-doc/examples/data"
for f in baboon.jpg fruits.jpg building.jpg home.jpg board.jpg messi5.jpg butterfly.jpg apple.jpg orange.jpg \
         aero1.jpg aero3.jpg squirrel_cls.jpg leuvenA.jpg aloeL.jpg graf1.png chicky_512.png rubberwhale1.png \
         basketball1.png box_in_scene.png smarties.png starry_night.jpg ela_original.jpg stuff.jpg \
         Blender_Suzanne1.jpg; do
  cp "$opencv/$f" "$train/opencv-$f"
done
# SciPy's face.dat: a bz2-compressed 768x1024 RGB raster; written out as a PNG with the standard library only.
python3 - "$x/lib/python3/dist-packages/scipy/misc/face.dat" "$train/scipy-face.png" <<'EOF'
import bz2, struct, sys, zlib
raw = bz2.decompress(open(sys.argv[1], 'rb').read())
w, h = 1024, 768
assert len(raw) == w * h * 3, len(raw)
rows = b''.join(b'\x00' + raw[y * w * 3:(y + 1) * w * 3] for y in range(h))
chunk = lambda kind, data: struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(rows, 6)) + chunk(b'IEND', b'')
open(sys.argv[2], 'wb').write(png)
EOF
data="$x/lib/python3/dist-packages/skimage/data"
for f in astronaut.png chelsea.png coffee.png rocket.jpg motorcycle_left.png hubble_deep_field.jpg; do cp "$data/$f" "$eval"/; done
echo "training photos: $(ls "$train" | wc -l), evaluation photos: $(ls "$eval" | wc -l)"
