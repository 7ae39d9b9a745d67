#include "sim/metrics/OutageMetrics.h"

#include <algorithm>

namespace replsim {
namespace {

constexpr int64_t kNever = ApplyTimeRecorder::kNever;

// For every ordered pair [o * n + r]: whether some write o issued in the
// settled half of the window, [M, R), reached r before R. Also marks, in
// `wrote`, the origins that issued such a write at all.
std::vector<char> reachedInWindow(const ApplyTimeRecorder& a, FailureWindow window, std::vector<char>* wrote) {
  const size_t n = a.nodeCount();
  const int64_t from = settledFrom(window).us(), until = window.recoverAt.us();
  std::vector<char> out(n * n, 0);
  for (uint32_t w = 0; w < a.writeCount(); ++w) {
    if (a.issuedUs(w) < from || a.issuedUs(w) >= until) continue;
    const NodeId o = a.origin(w);
    if (wrote) (*wrote)[o] = 1;
    for (NodeId r = 0; r < n; ++r)
      if (a.reachedUs(w, r) < until) out[o * n + r] = 1;
  }
  return out;
}

// The writes issued before `until`, per origin, in issue order.
std::vector<std::vector<uint32_t>> writesByOrigin(const ApplyTimeRecorder& a, int64_t until) {
  std::vector<std::vector<uint32_t>> out(a.nodeCount());
  for (uint32_t w = 0; w < a.writeCount(); ++w)
    if (a.issuedUs(w) < until) out[a.origin(w)].push_back(w);
  return out;
}

}  // namespace

SimTime settledFrom(FailureWindow window) {
  return window.failAt + SimTime::fromUs((window.recoverAt - window.failAt).us() / 2);
}

RunMeasure measureRun(const RunRecord& run, const RunRecord& baseline, FailureWindow window,
                      std::optional<NodeId> failedNode) {
  const ApplyTimeRecorder& x = run.applies;
  const ApplyTimeRecorder& b = baseline.applies;
  const size_t n = x.nodeCount();
  const int64_t failAt = window.failAt.us(), recoverAt = window.recoverAt.us();
  auto live = [&](NodeId v) { return failedNode != v; };

  RunMeasure m;
  m.writes = x.writeCount();
  m.messagesSent = x.messagesSent();

  std::vector<int64_t> propagation;
  for (uint32_t w = 0; w < x.writeCount(); ++w) {
    int64_t last = x.issuedUs(w);
    for (NodeId r = 0; r < n && last != kNever; ++r) last = std::max(last, x.reachedUs(w, r));
    if (last != kNever) propagation.push_back(last - x.issuedUs(w));
  }
  m.propagation = percentiles(std::move(propagation));

  std::vector<char> wrote(n, 0);
  const std::vector<char> inBaseline = reachedInWindow(b, window, nullptr);
  const std::vector<char> inRun = reachedInWindow(x, window, &wrote);
  for (NodeId o = 0; o < n; ++o) {
    for (NodeId r = 0; r < n; ++r) {
      if (o == r || !live(o) || !live(r) || !wrote[o] || !inBaseline[o * n + r]) continue;
      m.observed.push_back({o, r});
      if (!inRun[o * n + r]) m.cut.push_back({o, r});
    }
  }

  const auto runWrites = writesByOrigin(x, recoverAt);
  const auto baseWrites = writesByOrigin(b, recoverAt);
  for (NodeId o = 0; o < n; ++o) {
    const auto& xs = runWrites[o];
    const auto& bs = baseWrites[o];
    for (size_t i = 0, j = 0; i < xs.size() && j < bs.size();) {
      if (x.issuedUs(xs[i]) < b.issuedUs(bs[j])) { ++i; continue; }
      if (b.issuedUs(bs[j]) < x.issuedUs(xs[i])) { ++j; continue; }
      bool delayed = false;
      for (NodeId r = 0; r < n && !delayed; ++r)
        delayed = live(r) && x.reachedUs(xs[i], r) >= recoverAt && b.reachedUs(bs[j], r) < recoverAt;
      m.writesDelayed += delayed;
      ++i;
      ++j;
    }
  }

  int64_t catchUp = 0;
  for (uint32_t w = 0; w < x.writeCount(); ++w) {
    const int64_t issued = x.issuedUs(w);
    if (issued >= recoverAt) continue;
    for (NodeId r = 0; r < n; ++r) {
      const int64_t at = x.reachedUs(w, r);
      catchUp = std::max(catchUp, at == kNever ? kNever : at - recoverAt);
      if (issued < failAt || !live(r) || r == x.origin(w)) continue;
      const SimTime stale = SimTime::fromUs((at == kNever ? run.end.us() : at) - issued);
      m.maxStaleness = std::max(m.maxStaleness.value_or(SimTime::zero()), stale);
    }
  }
  if (catchUp != kNever) m.catchUp = SimTime::fromUs(catchUp);
  if (run.convergedSince)
    m.convergedAfter = SimTime::fromUs(std::max<int64_t>(0, run.convergedSince->us() - recoverAt));
  return m;
}

}  // namespace replsim
