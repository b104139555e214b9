#!/usr/bin/env bash
# Whole-run benchmark: person-days per second, wall time and peak memory of
# `painsim run` for growing populations, 1 and 2 threads, with summaries only and
# with weekly trajectories of everyone. Measures; asserts nothing.
#
#   bash bench/run.sh                 # 10^4, 10^5 and 10^6 people x 365 days
#   bash bench/run.sh --max 10000000  # up to 10^7 (long: about an hour at today's speed)
#   PAINSIM=build/bench/app/painsim bash bench/run.sh   # another build (default: release)
#
# Every run uses the default scenario with one arm (usual care), a 52-week horizon,
# no uncertainty draws, and writes its file to a temporary folder that is removed.
set -euo pipefail
cd "$(dirname "$0")/.."
max=1000000
if [ "${1:-}" = "--max" ]; then max="$2"; fi
painsim="${PAINSIM:-build/release/app/painsim}"
[ -x "$painsim" ] || { echo "no $painsim: build first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "# painsim whole-run benchmark: $("$painsim" --version), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf "%10s %7s %-13s %9s %14s %10s %9s\n" people threads output wall_s person_days/s peak_MiB file_MB
for people in 10000 100000 1000000 10000000; do
  [ "$people" -le "$max" ] || break
  for threads in 1 2; do
    for output in summaries trajectories; do
      sample=0
      [ "$output" = trajectories ] && sample='"all"'
      /usr/bin/time -f "%e %M" -o "$work/time" "$painsim" run -q -o "$work/r.h5" --threads "$threads" \
        --set population.size="$people" --set uncertainty.draws=0 --set "uncertainty.parameter=[]" \
        --set 'arm=[{name="usual_care", care=[{programme="usual_care"}]}]' \
        --set recording.sample="$sample" --set 'recording.measures=["pain_nrs","rmdq","tsk","phq9","psqi"]'
      read -r wall rss < "$work/time"
      size=$(stat -c %s "$work/r.h5")
      awk -v p="$people" -v t="$threads" -v o="$output" -v w="$wall" -v r="$rss" -v s="$size" \
        'BEGIN { printf "%10d %7d %-13s %9.1f %14.3g %10.0f %9.1f\n", p, t, o, w, p * 364 / w, r / 1024, s / 1e6 }'
      rm -f "$work/r.h5"
    done
  done
done
