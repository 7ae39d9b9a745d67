#pragma once
// SweepMerge: `replsim sweep merge PART.json...` — reads the JSON of sweep
// shards (`replsim sweep ... --shard I/N --format json`) back into
// SweepResults and joins them into the result of the unsharded sweep, which
// then prints byte-identically to it.
//
// Refuses (SweepError naming the file and what differs) parts of different
// sweeps — scenario digest, grid (parameters and values), seed range,
// metrics, shard count — and reports missing and duplicated shards, and a
// part whose seeds are not its shard's.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/sweep/SweepResult.h"

namespace replsim {

class SweepMerge {
 public:
  // Reads one part; `file` names it in errors. Throws SweepError on anything
  // that is not the JSON `replsim sweep --format json` writes.
  static SweepResult readPart(const nlohmann::json& doc, const std::string& file);
  static SweepResult readPartFile(const std::string& file);

  // REQUIRES: parts.size() == files.size() >= 1. Throws SweepError.
  static SweepResult merge(const std::vector<SweepResult>& parts, const std::vector<std::string>& files);
};

}  // namespace replsim
