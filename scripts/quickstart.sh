#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   scripts/quickstart.sh run  [painsim run options...]   install, build (Release), run the default scenario
#   scripts/quickstart.sh test                              install, build (Release), run the test suite
#   scripts/quickstart.sh bench [--max N]                   install, build (-march=native), run the
#                                                           microbenchmarks and the whole-run benchmark
# Installing is idempotent: only missing Debian packages are installed (with sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
  run | test | bench) shift ;;
  *) echo "usage: scripts/quickstart.sh run|test|bench [options]" >&2; exit 2 ;;
esac

packages=(
  build-essential cmake git
  libeigen3-dev libtbb-dev libcli11-dev libhdf5-dev zlib1g-dev libtomlplusplus-dev librandom123-dev libfmt-dev libnlopt-cxx-dev
  nlohmann-json3-dev libcpp-httplib-dev pkgconf
  libgtest-dev
  python3 python3-h5py python3-numpy python3-matplotlib hdf5-tools
  chromium python3-pil fonts-dejavu-core
)
[ "$mode" = bench ] && packages+=(libbenchmark-dev time)
# The explorer's browser test drives Chromium with Playwright (npm): Node.js from
# Debian when the machine has none.
[ "$mode" = test ] && ! command -v npm >/dev/null && packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing missing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$mode" = bench ]; then
  # Benchmarks measure; they assert nothing (docs/performance.md reads their output).
  cmake --preset bench >/dev/null
  cmake --build --preset bench
  build/bench/bench/painsim_bench
  PAINSIM=build/bench/app/painsim exec bash bench/run.sh "$@"
fi

if [ "$mode" = test ] && [ ! -d tests/browser/explorer/node_modules/playwright-core ]; then
  echo "Installing playwright-core (tests/browser/explorer/package-lock.json) from npm"
  npm ci --prefix tests/browser/explorer --no-audit --no-fund --loglevel=error
fi

cmake --preset release >/dev/null
cmake --build --preset release

if [ "$mode" = run ]; then
  exec build/release/app/painsim run "$@"
else
  exec ctest --preset release
fi
