# Runs `replsim compare` with ARGS (|-separated) and compares what it prints
# with the golden copy GOLDEN (reports/compare/*.txt, written by
# scripts/update-golden.sh).
string(REPLACE "|" ";" ARGS "${ARGS}")
execute_process(COMMAND ${REPLSIM} compare ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "replsim compare ${ARGS}: exit ${status}")
endif()
file(WRITE ${SCRATCH} "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${GOLDEN} ${SCRATCH} RESULT_VARIABLE differs)
if(differs)
  execute_process(COMMAND diff -u ${GOLDEN} ${SCRATCH} OUTPUT_VARIABLE d)
  string(SUBSTRING "${d}" 0 4000 d)
  message(FATAL_ERROR "the output of replsim compare ${ARGS} differs from ${GOLDEN}\n${d}\n"
                      "If the change is intended: scripts/update-golden.sh, then review and commit reports/.")
endif()
