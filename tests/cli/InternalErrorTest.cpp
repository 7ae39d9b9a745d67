#include "sim/cli/InternalError.h"

#include <new>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "sim/cli/Cli.h"

using namespace replsim;

TEST_CASE("cli::InternalError: an escaped exception is a bug with its own exit status, not bad input", "[cli]") {
  std::ostringstream err;
  SECTION("a std::exception says it is a bug and exits 70") {
    const int status = reportInternalError(std::make_exception_ptr(std::logic_error("index out of range")), err);
    CHECK(status == kExitInternal);
    CHECK(status == 70);
    CHECK(err.str() == "replsim: internal error (this is a bug, please report it): index out of range\n");
  }
  SECTION("std::bad_alloc says memory ran out and what to lower") {
    CHECK(reportInternalError(std::make_exception_ptr(std::bad_alloc()), err) == kExitInternal);
    CHECK_THAT(err.str(), Catch::StartsWith("replsim: internal error: memory ran out."));
    CHECK_THAT(err.str(), Catch::Contains("limits.max_memory_mb"));
  }
  SECTION("an exception of no standard type is still reported") {
    CHECK(reportInternalError(std::make_exception_ptr(42), err) == kExitInternal);
    CHECK_THAT(err.str(), Catch::Contains("an unknown exception"));
  }
  SECTION("the internal status differs from every status a run or bad input can give") {
    for (int status : {kExitOk, kExitBadInput, kExitLimit, kExitExpectation}) CHECK(status != kExitInternal);
  }
}
