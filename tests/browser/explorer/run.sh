#!/usr/bin/env bash
# Starts `painsim explore` on a free loopback port, drives its page with Playwright
# (explore_test.mjs: moves a slider, checks the redraw and a 400), then stops the
# server with Ctrl-C (SIGINT) and checks that it stopped cleanly.
#   run.sh PAINSIM CHROMIUM WORKDIR
# Exit 77 (skip) when playwright-core is not installed: `npm ci` in this folder
# (scripts/quickstart.sh test does it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
painsim="$1" chromium="$2" work="$3"
if [ ! -d "$here/node_modules/playwright-core" ] || ! command -v node >/dev/null; then
  echo "playwright-core is not installed: run npm ci in tests/browser/explorer"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
"$painsim" explore --port 0 >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 600); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/server.log" | head -n 1 || true)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "painsim explore exited:"; cat "$work/server.log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "painsim explore did not start listening"; cat "$work/server.log"; exit 1; }
echo "server: $url"
status=0
node "$here/explore_test.mjs" --url "$url" --chromium "$chromium" --screenshot "$work/explorer.png" || status=$?
kill -INT "$pid"
server=0
wait "$pid" || server=$?
trap - EXIT
cat "$work/server.log"
if [ "$server" -ne 0 ] || ! grep -q "stopped" "$work/server.log"; then
  echo "the server did not stop cleanly on Ctrl-C (exit $server)"
  exit 1
fi
exit "$status"
