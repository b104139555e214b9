# Runs a small scenario with uncertainty draws, writes its report, and checks it in
# headless Chromium: every chart rendered, no console errors, a non-blank screenshot
# (kept in WORK/report.png for a person to look at).
if(NOT CHROMIUM)
  message(FATAL_ERROR "chromium not found: install Debian's chromium (scripts/quickstart.sh does)")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
# Graded activity gets 5 places a week, so its waiting list grows and is drawn.
execute_process(COMMAND "${PAINSIM}" run -q -o "${WORK}/r.h5" --set population.size=2000
                        --set uncertainty.draws=8 --set uncertainty.people=500
                        "--set" "arm.1.capacity=[{programme=\"graded_activity\", places_per_week=5}]"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "painsim run failed (${rc}): ${out}")
endif()
execute_process(COMMAND "${PAINSIM}" report "${WORK}/r.h5" -o "${WORK}/page"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "painsim report failed (${rc}): ${out}")
endif()
# 11 charts: 5 fan charts, classes, forest, waiting lists, CE plane, CEAC, individuals.
execute_process(COMMAND "${PYTHON}" "${CHECK}" --html "${WORK}/page/report.html"
                        --screenshot "${WORK}/report.png" --chromium "${CHROMIUM}" --min-charts 11
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message(STATUS "${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the report did not render cleanly (${rc})")
endif()
