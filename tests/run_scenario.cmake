# Runs one scenario and checks replsim's exit status (see tests/CMakeLists.txt).
execute_process(COMMAND ${REPLSIM} run ${SCENARIO}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status STREQUAL "${EXPECTED_STATUS}")
  message(FATAL_ERROR "replsim run ${SCENARIO}: exit ${status}, expected ${EXPECTED_STATUS}\n${out}\n${err}")
endif()
message(STATUS "${out}")
