#pragma once
// SweepMetric: one quantity a sweep collects from each run's JSON report, by
// dotted path (the paths `expect` uses: "converged", "convergence_ms",
// "writes.propagation_ms.p99", "conflicts.discarded_writes").
//
// What a path gives: a number is itself; a bool is 1 or 0 and makes the
// metric a proportion (Wilson interval); an array counts its elements
// ("failovers.0.lost_writes" -> how many writes that failover lost). A `*`
// segment sums the rest of the path over every element of an array (or
// member of an object): "failovers.*.lost_writes" is the writes lost by all
// failovers, 0 when there were none. A path that does not exist, or null
// (convergence_ms of a run that never converged), gives no value: the run
// is left out of that metric's n.
//
// Invariant: name is a valid dotted path.

#include <optional>
#include <string>
#include <vector>

#include "sim/report/JsonReport.h"
#include "sim/model/Scenario.h"

namespace replsim {

class SweepMetric {
 public:
  struct Value {
    double number = 0;
    bool boolean = false;  // came from a bool: the metric is a proportion
  };

  explicit SweepMetric(std::string name);

  // "a,b,c" -> metrics; throws SweepError on an empty list or a bad path.
  static std::vector<SweepMetric> parseList(const std::string& list);
  // The defaults for a scenario: convergence, propagation, conflicts,
  // discarded writes and failed writes always; stale reads when it reads or
  // has followers; writes lost in failovers when it has failover_after_ms.
  static std::vector<SweepMetric> defaultsFor(const Scenario& scenario);

  const std::string& name() const { return name_; }
  std::optional<Value> read(const ReportJson& report) const;

 private:
  std::string name_;
};

}  // namespace replsim
