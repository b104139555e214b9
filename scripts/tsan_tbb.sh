#!/usr/bin/env bash
# Builds a ThreadSanitizer-instrumented libtbb into build/tbb-tsan, from Debian's
# source of the libtbb12 version installed on this machine, for `ctest --preset tsan`.
#
# Why: TBB hands tasks between threads inside libtbb.so. Debian's libtbb.so is not
# instrumented, so TSan never sees those hand-offs and reports every task that
# touches data another task touched earlier as a race (TBB's own partitioner
# fields first). With the instrumented library those reports go away and what TSan
# reports is ours. The tsan test preset puts build/tbb-tsan first on LD_LIBRARY_PATH.
#
# Usage: bash scripts/tsan_tbb.sh    (about half a minute on 2 cores; needs curl, xz)
set -euo pipefail
cd "$(dirname "$0")/.."

out="$PWD/build/tbb-tsan"
work="$PWD/build/tbb-tsan-src"
archive="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
version="$(dpkg-query -W -f='${Version}' libtbb12)"
suite="$(. /etc/os-release && echo "$VERSION_CODENAME")"
if [ -e "$out/libtbb.so.12" ] && [ "$(cat "$out/VERSION" 2>/dev/null)" = "$version" ]; then
  echo "build/tbb-tsan already holds libtbb $version built with -fsanitize=thread"
  exit 0
fi
mkdir -p "$work"
cd "$work"

# The source package's files and their SHA-256 sums, from the signed-by-release
# Sources index of the suite (bookworm, bookworm-updates, bookworm-security...).
entry=""
for s in "$suite" "$suite-updates"; do
  entry="$(curl -fsS "$archive/dists/$s/main/source/Sources.xz" | xz -dc |
    awk -v v="$version" 'BEGIN { RS = "" }
      index("\n" $0 "\n", "\nPackage: onetbb\n") && index($0 "\n", "\nVersion: " v "\n") { print }')" || true
  [ -n "$entry" ] && break
done
if [ -z "$entry" ]; then
  echo "error: Debian source package onetbb $version not found in $archive ($suite)" >&2
  exit 1
fi
directory="$(printf '%s\n' "$entry" | sed -n 's/^Directory: //p')"
printf '%s\n' "$entry" | awk '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on { print $1 "  " $3 }' \
  > SHA256SUMS
while read -r _ file; do
  [ -e "$file" ] || curl -fsSO "$archive/$directory/$file"
done < SHA256SUMS
sha256sum --quiet -c SHA256SUMS

rm -rf src && mkdir src
tar -xf onetbb_*.orig.tar.* -C src --strip-components=1
tar -xf onetbb_*.debian.tar.* -C src
(cd src && while read -r patch; do
  case "$patch" in '' | '#'*) continue ;; esac
  patch -p1 -s < "debian/patches/$patch"
done < debian/patches/series)

# TBB_STRICT=OFF: GCC warns that atomic_thread_fence is not instrumented, and TBB
# builds with -Werror when strict. Only the tbb library is needed (no tbbmalloc,
# no tests).
cmake -S src -B obj -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_SANITIZE=thread -DTBB_STRICT=OFF \
  -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBBMALLOC_BUILD=OFF -DTBB_ENABLE_IPO=OFF > configure.log 2>&1 || { tail -20 configure.log >&2; exit 1; }
cmake --build obj -j "$(nproc)" --target tbb > build.log 2>&1 || { tail -20 build.log >&2; exit 1; }
mkdir -p "$out"
cp -P obj/*/libtbb.so* "$out/"
echo "$version" > "$out/VERSION"
echo "build/tbb-tsan: libtbb $version built with -fsanitize=thread"
