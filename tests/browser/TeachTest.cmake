# Writes every built-in lesson and checks each in headless Chromium with the report's
# checker: every chart drawn, no console errors, a non-blank screenshot
# (WORK/NAME.png, for a person to look at).
if(NOT CHROMIUM)
  message(FATAL_ERROR "chromium not found: install Debian's chromium (scripts/quickstart.sh does)")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${PAINSIM}" teach --all -o "${WORK}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "painsim teach failed (${rc}): ${out}")
endif()
foreach(lesson IN ITEMS two_paths tipping treated)
  # 13 charts: one per variable of the lesson.
  execute_process(COMMAND "${PYTHON}" "${CHECK}" --html "${WORK}/${lesson}.html"
                          --screenshot "${WORK}/${lesson}.png" --chromium "${CHROMIUM}" --min-charts 13
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message(STATUS "${lesson}: ${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the lesson ${lesson} did not render cleanly (${rc})")
  endif()
endforeach()
