#!/usr/bin/env bash
# Trains the five shipped style presets into a model pack and writes their preset files here.
# Usage: bash presets/train-presets.sh [MODEL_DIR]   (default: the bundled pack; build the jar first)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/cinegen.jar"
model="${1:-$here/../assets/models/bundled}"
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
# --replace: the shipped styles exist already; what they replace is kept in the pack's replaced/ folder (not in git).
train() { # name look alpha description [steps] [lr]
  java -Dsun.nio.PageAlignDirectMemory=true -jar "$jar" train-style --name "$1" --look "$2" --alpha "$3" --description "$4" \
    --model "$model" --presets "$here" --replace --steps "${STEPS:-${5:-300}}" --lr "${LR:-${6:-3e-4}}" --seed 7
}
# Line art and watercolour train 500 steps and pixel art 800: with fewer their statistic was not monotone in alpha.
train line-art     line-art     0.8 "Ink lines on white paper" 500
train watercolour  watercolour  0.8 "Soft washes of colour on textured paper" 500
train pixel-art    pixel-art    0.9 "Chunky pixels from a 16-colour palette" 800
train neon         neon         0.8 "Glowing saturated outlines on darkness"
# Vintage film trains at half the lr: at 3e-4 its sepia washed out the object and motion at alpha 1 fell to 0.5.
train vintage-film vintage-film 0.8 "Sepia, grain and vignette of old film" 300 1.5e-4
