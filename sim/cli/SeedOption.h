#pragma once
// SeedOption: the check every command's --seed shares — a whole number from
// 0 to 2^64-1, written in digits only (CLI11 would read -1 as 2^64-1).

#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace replsim {

inline CLI::Validator seedValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.size() <= 20 &&
                            text.find_first_not_of("0123456789") == std::string::npos &&
                            (text.size() < 20 || text <= "18446744073709551615");
        return digits ? "" : fmt::format("expected a whole number from 0 to 18446744073709551615, got {}", text);
      },
      "SEED");
}

}  // namespace replsim
