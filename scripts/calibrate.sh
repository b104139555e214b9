#!/usr/bin/env bash
# Regenerates painsim's default parameters and docs/calibration.md:
#   1. fits the calibrated parameters against scenarios/calibration/targets.toml
#      (painsim calibrate; start = the current defaults),
#   2. writes the fitted values into models/ParameterTable.inc and rebuilds,
#   3. refreshes the parameter table in docs/model.md,
#   4. validates the new defaults at 100,000 people per cohort and writes the
#      table into docs/calibration.md (between its markers). Then regenerate
#      tests/science/KnownMisses.inc from the FAIL rows (scripts/known_misses.py);
#      update the prose by hand.
# Usage: bash scripts/calibrate.sh [BUDGET] [PEOPLE]   (defaults 300 and 4000)
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-300}"
people="${2:-4000}"
params="injury.severity_mean,nociception.heal_days,nociception.heal_days_sdlog,flare.rate_per_day,\
flare.size_mean,sensitization.pain_threshold,pain.central_gain,pain.noise_sd,pain.sleep_gain,\
sleep.pain_weight,sleep.trait_mean,fear.extinction_rate,self_efficacy.mastery_rate,self_efficacy.trait_rate,disability.efficacy_weight,work.return_rate,\
depression.trait_sd,anxiety.trait_sd,population.loading_fear,start_back.bother_threshold"
py=/usr/bin/python3
cmake --preset release >/dev/null && cmake --build build/release --target painsim
build/release/app/painsim calibrate default --people "$people" --budget "$budget" \
  --params "$params" -o calibration/fitted.toml --report calibration/report.md
$py scripts/apply_calibration.py calibration/fitted.toml
cmake --build build/release --target painsim
# The STarT Back item thresholds move only the STarT Back groups: fitted to those alone.
build/release/app/painsim calibrate default --targets calibration/targets-start-back.toml \
  --people 8000 --budget 80 -o calibration/fitted-stage3-start-back.toml \
  --report calibration/report-stage3-start-back.md --params \
  start_back.walk_threshold,start_back.dress_threshold,start_back.fear_threshold,\
start_back.worry_threshold,start_back.catastrophizing_threshold,start_back.mood_threshold,\
measurement.start_back_item_sd
$py scripts/apply_calibration.py calibration/fitted-stage3-start-back.toml
cmake --build build/release --target painsim
$py scripts/apply_calibration.py --docs build/release/app/painsim
report=$(build/release/app/painsim validate --patients 100000 || true)
$py - "$report" <<'PY'
import pathlib, sys
doc = pathlib.Path("docs/calibration.md")
begin, end = "<!-- BEGIN VALIDATION (generated: scripts/calibrate.sh) -->", "<!-- END VALIDATION -->"
text = doc.read_text()
a, b = text.index(begin) + len(begin), text.index(end)
doc.write_text(text[:a] + "\n```\n" + sys.argv[1] + "\n```\n" + text[b:])
print("refreshed the validation table in docs/calibration.md")
PY
$py scripts/known_misses.py
