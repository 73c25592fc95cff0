#!/usr/bin/env bash
# Builds Cinegen Studio's native installer for the operating system it runs on, with jlink + jpackage.
#
#   installer/package.sh [--type TYPE]... [--model DIR] [--skip-build]
#
#   --type TYPE    app-image, deb (Linux), msi (Windows), dmg (macOS); repeatable.
#                  Default: "app-image deb" on Linux, "msi" on Windows, "dmg" on macOS.
#   --model DIR    the model pack to bundle (default: assets/models/bundled in the repository)
#   --skip-build   reuse target/cinegen.jar and target/lib from an earlier "mvn package"
#
# Output: target/installer/dist/ (installers; on Linux also the app image as .tar.gz) and
# target/installer/image/ (the app image).
# Needs a full JDK 17 (jlink, jpackage, jdeps) and Maven; on Linux also fakeroot and dpkg-deb
# (installer/setup-linux.sh installs them), on Windows WiX 3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
caller=$PWD
cd "$ROOT"

die() { echo "package: $*" >&2; exit 2; }
say() { echo "package: $*"; }

types=()
model="assets/models/bundled"
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --type) [ $# -ge 2 ] || die "--type needs a value"; types+=("$2"); shift 2 ;;
    --model) [ $# -ge 2 ] || die "--model needs a folder"
             case "$2" in /*|[A-Za-z]:*) model="$2" ;; *) model="$caller/$2" ;; esac; shift 2 ;;
    --skip-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
done

# Operating system and the classifiers of its native jars (DJL, JavaCPP and JavaFX each name them differently).
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=mac ;;
  MINGW*|MSYS*|CYGWIN*) os=windows ;;
  *) die "unsupported operating system $(uname -s)" ;;
esac
arch=$(uname -m)
case "$os-$arch" in
  linux-x86_64) torch_cls=linux-x86_64; cpp_cls=linux-x86_64; fx_cls=linux ;;
  windows-x86_64) torch_cls=win-x86_64; cpp_cls=windows-x86_64; fx_cls=win ;;
  mac-arm64) torch_cls=osx-aarch64; cpp_cls=macosx-arm64; fx_cls=mac-aarch64 ;;
  mac-x86_64) die "PyTorch 2.7.1 (DJL 0.35.1) publishes no macOS Intel natives, so there is no offline macOS Intel build" ;;
  *) die "unsupported platform $os-$arch" ;;
esac
if [ ${#types[@]} -eq 0 ]; then
  case "$os" in linux) types=(app-image deb) ;; windows) types=(msi) ;; mac) types=(dmg) ;; esac
fi
for t in "${types[@]}"; do
  case "$os:$t" in
    *:app-image|linux:deb|windows:msi|windows:exe|mac:dmg|mac:pkg) ;;
    *) die "installer type '$t' cannot be built on $os" ;;
  esac
done

# JDK tools: from JAVA_HOME when set, else from the PATH.
jdk_bin="${JAVA_HOME:+$JAVA_HOME/bin/}"
if [ "$os" = windows ] && [ -n "${JAVA_HOME:-}" ]; then jdk_bin="$(cygpath -u "$JAVA_HOME")/bin/"; fi
for tool in jlink jpackage jdeps jar; do
  command -v "${jdk_bin}$tool" >/dev/null 2>&1 || die "'$tool' not found: set JAVA_HOME to a full JDK 17"
done
java_major=$("${jdk_bin}jlink" --version | cut -d. -f1)
[ "$java_major" = 17 ] || die "jlink is from JDK $java_major; the runtime must be JDK 17 (set JAVA_HOME)"
for t in "${types[@]}"; do
  if [ "$t" = deb ]; then
    for tool in fakeroot dpkg-deb; do
      command -v "$tool" >/dev/null 2>&1 || die "'$tool' is needed for a .deb: run installer/setup-linux.sh"
    done
  fi
done
[ -f "$model/manifest.json" ] || die "no model pack at '$model' (no manifest.json); pass --model DIR"

if [ "$build" = 1 ]; then
  say "building the jar (mvn package, tests skipped)"
  mvn -B -ntp -q -DskipTests package
fi
[ -f target/cinegen.jar ] && [ -d target/lib ] || die "target/cinegen.jar or target/lib missing: run without --skip-build"
version=$(sed -n 's/^version=//p' target/classes/cinegen/version.properties | tr -d '\r')
[ -n "$version" ] || die "no version in target/classes/cinegen/version.properties"
app_version=${version%%-*}   # installers want plain numbers (0.1.0-SNAPSHOT -> 0.1.0)

work=target/installer
rm -rf "$work"
mkdir -p "$work/input/lib" "$work/natives-unpack" "$work/dist"
input="$work/input"

one() { # the single file matching a glob, or a clear error
  local matches=( $1 )
  [ ${#matches[@]} -eq 1 ] && [ -e "${matches[0]}" ] || die "expected one file matching $1, found ${#matches[@]}"
  echo "${matches[0]}"
}
unpack() { # unpack JAR PATTERN... into the scratch folder
  local jar=$1; shift
  (cd "$work/natives-unpack" && "${jdk_bin}jar" xf "$ROOT/$jar" "$@")
}

torch_jar=$(one "target/lib/pytorch-native-cpu-*-$torch_cls.jar")
jni_jar=$(one "target/lib/pytorch-jni-*.jar")
ffmpeg_jar=$(one "target/lib/ffmpeg-*-$cpp_cls-gpl.jar")
javacpp_jar=$(one "target/lib/javacpp-*-$cpp_cls.jar")

say "extracting natives ahead of time"
# PyTorch: libtorch and friends, plus DJL's JNI bridge for the CPU flavour, in one folder (PYTORCH_LIBRARY_PATH).
mkdir -p "$input/natives/pytorch" "$input/natives/ffmpeg"
unpack "$torch_jar" "pytorch/cpu/$torch_cls/" native/lib/pytorch.properties
cp "$work/natives-unpack/pytorch/cpu/$torch_cls/"* "$input/natives/pytorch/"
unpack "$jni_jar" "jnilib/$torch_cls/cpu/"
cp "$work/natives-unpack/jnilib/$torch_cls/cpu/"* "$input/natives/pytorch/"
# DJL still reads the version of the bundled libtorch from native/lib/pytorch.properties on the class path:
# the 110 MB native jar is replaced by a jar of the same name holding only that file.
(cd "$work/natives-unpack" && "${jdk_bin}jar" cf "$ROOT/$input/lib/$(basename "$torch_jar")" native/lib/pytorch.properties)
# FFmpeg and JavaCPP's own bridge: found through java.library.path (pathsFirst), never extracted to a cache.
unpack "$ffmpeg_jar" "org/bytedeco/ffmpeg/$cpp_cls-gpl/"
unpack "$javacpp_jar" "org/bytedeco/javacpp/$cpp_cls/"
cp "$work/natives-unpack/org/bytedeco/ffmpeg/$cpp_cls-gpl/"* "$input/natives/ffmpeg/"
cp "$work/natives-unpack/org/bytedeco/javacpp/$cpp_cls/"* "$input/natives/ffmpeg/"
rm -f "$input/natives/ffmpeg/ffmpeg" "$input/natives/ffmpeg/ffprobe" \
      "$input/natives/ffmpeg/ffmpeg.exe" "$input/natives/ffmpeg/ffprobe.exe"

say "copying the application jars"
cp target/cinegen.jar "$input/"
for jar in target/lib/*.jar; do
  name=$(basename "$jar")
  case "$name" in
    javafx-*) ;;                                   # JavaFX goes into the runtime image below
    "$(basename "$torch_jar")") ;;                 # replaced above
    "$(basename "$ffmpeg_jar")"|"$(basename "$javacpp_jar")") ;;  # natives extracted above
    *) cp "$jar" "$input/lib/" ;;
  esac
done
mkdir -p "$input/assets/models"
cp -R "$model" "$input/assets/models/bundled"

say "finding the modules the app needs (jdeps)"
fx_jars=$(ls target/lib/javafx-*-"$fx_cls".jar | grep -v javafx-swing | tr '\n' "$( [ "$os" = windows ] && echo ';' || echo ':')")
sep=$( [ "$os" = windows ] && echo ';' || echo ':')
cp_jars=$(ls "$input"/lib/*.jar | tr '\n' "$sep")
modules=""
for jar in "$input/cinegen.jar" "$input"/lib/*.jar; do
  m=$("${jdk_bin}jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
      --module-path "$fx_jars" --class-path "$cp_jars" "$jar" 2>/dev/null | tail -1 || true)
  modules="$modules,$m"
done
# Modular jars jdeps cannot analyse alone declare these; jdk.crypto.ec and jdk.localedata are small and
# avoid surprises (TLS never used offline, but locale-aware number formatting is).
modules="$modules,java.xml,java.logging,java.sql,jdk.localedata,jdk.zipfs"
modules=$(echo "$modules" | tr ',' '\n' | grep -E '^[a-z][a-z0-9.]*$' | grep -v '^javafx\.swing$' | sort -u | paste -sd, -)
say "modules: $modules"

say "linking the runtime (jlink)"
"${jdk_bin}jlink" --module-path "$fx_jars" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --include-locales=en \
  --output "$work/runtime"
# JavaFX's natives sit inside its jars; next to the runtime's own libraries they load without extraction.
mkdir -p "$work/natives-unpack/javafx"
for jar in target/lib/javafx-*-"$fx_cls".jar; do
  (cd "$work/natives-unpack/javafx" && "${jdk_bin}jar" xf "$ROOT/$jar")
done
fx_lib_dir=$( [ "$os" = windows ] && echo bin || echo lib)
find "$work/natives-unpack/javafx" -maxdepth 1 -type f \( -name '*.so' -o -name '*.dll' -o -name '*.dylib' \) \
  -exec cp {} "$work/runtime/$fx_lib_dir/" \;

rm -rf "$work/natives-unpack"
say "jpackage --type app-image"
"${jdk_bin}jpackage" @installer/jpackage-common.txt @"installer/$os/jpackage.txt" \
  --app-version "$app_version" --input "$input" --runtime-image "$work/runtime" --type app-image --dest "$work/image"
app_image=$(one "$work/image/*")
if [ "$os" = linux ] && printf '%s\n' "${types[@]}" | grep -qx app-image; then
  # The app image as a download: unpack anywhere and run cinegen/bin/cinegen.
  say "archiving the app image"
  tar -C "$work/image" -czf "$work/dist/cinegen-$app_version-linux-x86_64.tar.gz" "$(basename "$app_image")"
fi
for t in "${types[@]}"; do
  [ "$t" = app-image ] && continue
  say "jpackage --type $t (from the app image)"
  "${jdk_bin}jpackage" @"installer/$os/jpackage-installer.txt" --app-version "$app_version" \
    --app-image "$app_image" --type "$t" --dest "$work/dist"
done

say "done:"
ls -l "$work/dist" 2>/dev/null | sed -n '2,$p'
[ -d "$work/image" ] && du -sh "$work/image"/* 2>/dev/null || true
