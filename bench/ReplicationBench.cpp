// replsim_bench: whole-run benchmarks of the engine (see bench/README.md).
//
//   replsim_bench CASE     runs one case and prints one line of figures
//
// Cases:
//   all-to-all-64   64 leaders x 1,000 writes each, all-to-all (~4M deliveries)
//   ring-1000       ring of 1,000 leaders, one write each, path tags (1M hops)
//   ring-10         ring of 10 leaders, 100,000 writes, path tags (1M hops)
//   floor-64        the events of all-to-all-64 through a bare
//                   std::priority_queue loop: the cost floor of any engine
//
// Each case runs in its own process (bench/run.sh) so that peak memory
// (ru_maxrss) is the case's own. Wall time is measured here, in a benchmark,
// never asserted in a test.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <queue>
#include <string>
#include <vector>

#include "sim/replication/Simulation.h"
#include "sim/metrics/RunStats.h"
#include "sim/scenario/ScenarioLoader.h"

using namespace replsim;

namespace {

double peakMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

Scenario load(const std::string& json) {
  LoadResult r = loadScenarioText(json, "<bench>", ".");
  if (!r.ok()) {
    for (const auto& e : r.errors) std::fprintf(stderr, "%s\n", e.render().c_str());
    std::exit(1);
  }
  return *r.scenario;
}

// 64 leaders, each writing 1,000 times over one second (1 ms apart, offset
// per leader), 1,000 keys: every write is delivered to 63 others.
std::string allToAll64() {
  std::string writes;
  for (int w = 0; w < 1000; ++w)
    for (int l = 1; l <= 64; ++l) {
      if (!writes.empty()) writes += ",";
      writes += "{\"at_ms\":" + std::to_string(w) + "." + std::to_string(l * 10) + ",\"leader\":\"L" +
                std::to_string(l) + "\",\"key\":\"k" + std::to_string((w * 64 + l) % 1000) + "\",\"value\":\"v\"}";
    }
  return R"({"replsim":1,"name":"bench-all-to-all-64","topology":{"kind":"all-to-all","leaders":{"count":64}},
            "links":{"default":{"latency_ms":10}},"limits":{"max_events":100000000},"writes":[)" +
         writes + "]}";
}

// A ring of n leaders with `writes` writes spread evenly over the leaders,
// one every `gapUs` microseconds; each travels the whole ring (n hops: n-1
// deliveries and the drop back at its origin).
std::string ring(int n, int writes, int gapUs) {
  std::string w;
  for (int i = 0; i < writes; ++i) {
    if (!w.empty()) w += ",";
    w += "{\"at_ms\":" + std::to_string(i * gapUs / 1000) + "." + std::to_string(1000 + i * gapUs % 1000).substr(1) +
         ",\"leader\":\"L" + std::to_string(i % n + 1) + "\",\"key\":\"k" + std::to_string(i % 1000) +
         "\",\"value\":\"v\"}";
  }
  return R"({"replsim":1,"name":"bench-ring","topology":{"kind":"ring","leaders":{"count":)" + std::to_string(n) +
         R"(}},"links":{"default":{"latency_ms":1}},"replication":{"loop_prevention":"path"},
            "limits":{"max_events":100000000,"max_hops":100000},"writes":[)" + w + "]}";
}

int runCase(const std::string& name, const Scenario& sc) {
  const double before = peakMiB();
  const auto t0 = std::chrono::steady_clock::now();
  Simulation sim(sc);
  RunStats stats;
  sim.addObserver(&stats);
  const RunOutcome out = sim.run();
  const auto t1 = std::chrono::steady_clock::now();
  const double s = std::chrono::duration<double>(t1 - t0).count();
  const uint64_t hops = stats.delivered + stats.dropped[0] + stats.dropped[1] + stats.dropped[2] + stats.dropped[3];
  std::printf("%-16s events %10llu  hops %10llu  %8.3f s  %6.1f M events/s  %7.1f ns/hop  peak %7.1f MiB"
              "  (scenario %5.1f MiB)  converged %s%s\n",
              name.c_str(), static_cast<unsigned long long>(sim.eventsProcessed()),
              static_cast<unsigned long long>(hops), s, sim.eventsProcessed() / s / 1e6, s * 1e9 / hops, peakMiB(),
              before, sim.converged() ? "yes" : "no", out.limitReached() ? "  LIMIT" : "");
  return 0;
}

// The same event pattern as all-to-all-64 with nothing but a priority queue:
// each write event schedules 63 deliveries 10 ms later.
int floor64() {
  struct Ev {
    int64_t t;
    uint64_t seq;
    uint32_t kind, target;
    bool operator>(const Ev& o) const { return t != o.t ? t > o.t : seq > o.seq; }
  };
  const double before = peakMiB();
  const auto t0 = std::chrono::steady_clock::now();
  std::priority_queue<Ev, std::vector<Ev>, std::greater<Ev>> q;
  uint64_t seq = 1, events = 0, sink = 0;
  for (int w = 0; w < 1000; ++w)
    for (int l = 1; l <= 64; ++l) q.push(Ev{w * 1000 + l * 10, seq++, 0, static_cast<uint32_t>(l)});
  while (!q.empty()) {
    Ev e = q.top();
    q.pop();
    ++events;
    if (e.kind == 0)
      for (uint32_t to = 0; to < 63; ++to) q.push(Ev{e.t + 10000, seq++, 1, to});
    else
      sink += e.target;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%-16s events %10llu  hops %10llu  %8.3f s  %6.1f M events/s  %7.1f ns/hop  peak %7.1f MiB"
              "  (before %5.1f MiB)  sink %llu\n",
              "floor-64", static_cast<unsigned long long>(events), static_cast<unsigned long long>(events - 64000), s,
              events / s / 1e6, s * 1e9 / (events - 64000), peakMiB(), before, static_cast<unsigned long long>(sink));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string which = argc > 1 ? argv[1] : "";
  if (which == "all-to-all-64") return runCase(which, load(allToAll64()));
  if (which == "ring-1000") return runCase(which, load(ring(1000, 1000, 1000)));
  if (which == "ring-10") return runCase(which, load(ring(10, 100000, 10)));
  if (which == "floor-64") return floor64();
  std::fprintf(stderr, "usage: replsim_bench all-to-all-64|ring-1000|ring-10|floor-64\n");
  return 1;
}
