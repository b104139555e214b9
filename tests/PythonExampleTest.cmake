# Runs a small scenario, then checks that analysis/read_results.py (h5py only)
# prints exactly what `painsim summarize --format csv` prints, and that the
# stored trajectories of everyone average to the engine's summaries.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${PAINSIM}" run -q -o "${WORK}/r.h5" --set population.size=3000
                        --set simulation.weeks=12 --set recording.sample=all
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "painsim run failed: ${rc}")
endif()
execute_process(COMMAND "${PAINSIM}" summarize "${WORK}/r.h5" --format csv OUTPUT_VARIABLE expected RESULT_VARIABLE rc1)
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" "${WORK}/r.h5" OUTPUT_VARIABLE actual ERROR_VARIABLE err RESULT_VARIABLE rc2)
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "summarize (${rc1}) or read_results.py (${rc2}) failed: ${err}")
endif()
if(NOT expected STREQUAL actual)
  file(WRITE "${WORK}/expected.csv" "${expected}")
  file(WRITE "${WORK}/actual.csv" "${actual}")
  message(FATAL_ERROR "read_results.py output differs from painsim summarize; see ${WORK}")
endif()
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" "${WORK}/r.h5" --verify-trajectories
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc3)
if(NOT rc3 EQUAL 0)
  message(FATAL_ERROR "trajectories disagree with summaries:\n${out}${err}")
endif()
message(STATUS "${out}")
