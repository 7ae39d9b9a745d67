# Runs `replsim compare` (or SUBCOMMAND, e.g. sweep) with ARGS (|-separated)
# and compares what it prints with the golden copy GOLDEN
# (reports/compare/*.txt, written by scripts/update-golden.sh; the sweep
# examples docs/sweeps/*.txt, written by scripts/sweep-examples.sh).
if(NOT SUBCOMMAND)
  set(SUBCOMMAND compare)
endif()
string(REPLACE "|" ";" ARGS "${ARGS}")
execute_process(COMMAND ${REPLSIM} ${SUBCOMMAND} ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "replsim ${SUBCOMMAND} ${ARGS}: exit ${status}")
endif()
file(WRITE ${SCRATCH} "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${GOLDEN} ${SCRATCH} RESULT_VARIABLE differs)
if(differs)
  execute_process(COMMAND diff -u ${GOLDEN} ${SCRATCH} OUTPUT_VARIABLE d)
  string(SUBSTRING "${d}" 0 4000 d)
  message(FATAL_ERROR "the output of replsim ${SUBCOMMAND} ${ARGS} differs from ${GOLDEN}\n${d}\n"
                      "If the change is intended: scripts/update-golden.sh (compare) or scripts/sweep-examples.sh "
                      "(sweep), then review and commit the files.")
endif()
