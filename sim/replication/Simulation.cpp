#include "sim/replication/Simulation.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "sim/conflicts/ResolverRegistry.h"
#include "sim/topology/DatacenterTopology.h"
#include "sim/topology/RouteLatency.h"

namespace replsim {
namespace {

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a: a fixed, platform-independent string hash (std::hash is not).
uint64_t hashString(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) { h ^= c; h *= 0x100000001b3ULL; }
  return h;
}

// An absent key contributes 0, so a replica's digest depends only on the
// keys it holds.
uint64_t keyDigest(KeyId key, uint64_t valueHash) {
  return valueHash == 0 ? 0 : mix64(mix64(key + 0x9E3779B97F4A7C15ULL) ^ valueHash);
}

int64_t parseInteger(const std::string& s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() ? v : 0;
}

ConflictType conflictTypeFor(OpKind op) {
  switch (op) {
    case OpKind::Insert: return ConflictType::InsertExists;
    case OpKind::Delete: return ConflictType::DeleteOriginDiffers;
    default: return ConflictType::UpdateOriginDiffers;
  }
}

}  // namespace

const char* toString(StopReason r) {
  switch (r) {
    case StopReason::Quiescent: return "quiescent";
    case StopReason::Until: return "until";
    case StopReason::MaxEvents: return "max_events";
    case StopReason::MaxHops: return "max_hops";
  }
  return "?";
}

Simulation::Simulation(const Scenario& scenario, SimulationOptions options)
    : scenario_(scenario),
      seed_(options.seed.value_or(scenario.seed)),
      until_(options.until ? options.until : scenario.until),
      topology_(Topology::build(scenario.topology, scenario.links)),
      rng_(seed_),
      networkRng_(rng_.fork()),
      resolver_(ResolverRegistry::global().makeWriteResolver(scenario.replication.conflicts)),
      readResolver_(ResolverRegistry::global().readResolver(scenario.replication.conflicts.onRead)),
      liveDigests_(topology_.nodeCount()) {
  const size_t n = topology_.nodeCount();
  Random workloadRng = rng_.fork();
  ops_ = planClientOps(scenario_, topology_, workloadRng, [this](const std::string& k) { return internKey(k); });
  network_ = std::make_unique<Network>(topology_, scheduler_, networkRng_);
  forward_ = scenario_.replication.forward.value_or(topology_.defaultForward());
  syncDetect_ = scenario_.replication.conflicts.detect == Detect::Sync;
  if (syncDetect_) {
    tentative_.resize(n);
    commitKnown_.resize(n);
  }
  if (!scenario_.topology.datacenters.empty()) {
    dcs_.emplace(scenario_.topology, topology_);
    failover_.emplace(n);
    // forward() decides per link (carries()); the setting governs the
    // links between datacenters' leaders.
    peerForward_ = forward_;
    forward_ = true;
  }

  std::vector<NodeId> byName(n);
  for (NodeId i = 0; i < n; ++i) byName[i] = i;
  std::sort(byName.begin(), byName.end(), [&](NodeId a, NodeId b) { return topology_.name(a) < topology_.name(b); });
  nameRank_.resize(n);
  for (uint32_t r = 0; r < n; ++r) nameRank_[byName[r]] = r;

  replicas_.reserve(n);
  for (NodeId i = 0; i < n; ++i) replicas_.emplace_back(i, n, keyNames_.size());
  for (const FaultSpec& f : scenario_.faults) faults_.push_back(&f);
  std::stable_sort(faults_.begin(), faults_.end(), [](const FaultSpec* a, const FaultSpec* b) { return a->at < b->at; });

  size_t writeOps = 0;
  for (const PlannedOp& op : ops_) writeOps += op.op != OpKind::Read;
  writes_.reserve(writeOps);
  progress_.reserve(writeOps);
  for (size_t i = 0; i < n; ++i) liveDigests_.add(0);
  convergedSince_ = SimTime::zero();
}

Simulation::~Simulation() = default;

KeyId Simulation::internKey(const std::string& key) {
  auto [it, inserted] = keyIds_.emplace(key, static_cast<KeyId>(keyNames_.size()));
  if (inserted) keyNames_.push_back(key);
  return it->second;
}

std::string Simulation::writeName(WriteIndex w) const {
  const Dot d = writes_[w].dot;
  return topology_.name(d.origin) + "#" + std::to_string(d.seq);
}

std::vector<std::string> Simulation::values(NodeId n, KeyId k) const { return keyValues(replicas_[n].keys[k]); }

std::vector<std::string> Simulation::keyValues(const KeyState& ks) const {
  if (!ks.exists()) return {};
  if (ks.hasResolvedValue) return {ks.resolvedValue};
  if (ks.siblings.empty()) return {writes_[ks.writer].value};
  std::vector<std::string> out;
  for (WriteIndex s : ks.siblings)
    if (writes_[s].op != OpKind::Delete) out.push_back(writes_[s].value);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// What a key's value contributes to its replica's digest: a function of the
// values alone (not of which writes produced them), so equal data hashes equal.
uint64_t Simulation::valueHash(const KeyState& ks) const {
  if (!ks.exists()) return 0;
  if (ks.hasResolvedValue) return hashString(ks.resolvedValue) | 1;
  if (ks.siblings.empty()) return writes_[ks.writer].valueHash;
  uint64_t h = 0;
  for (const std::string& v : keyValues(ks)) h += mix64(hashString(v));
  return h | 1;
}

// ---------------------------------------------------------------- the loop

RunOutcome Simulation::run() {
  size_t nextFault = 0, nextOp = 0;
  const uint64_t maxEvents = scenario_.limits.maxEvents;
  while (!stopped_) {
    // Pick the earliest of the three streams; ties go fault, client, event.
    SimTime t = SimTime::max();
    StreamKind stream = kEventStream;
    if (nextFault < faults_.size()) { t = faults_[nextFault]->at; stream = kFaultStream; }
    if (nextOp < ops_.size() && ops_[nextOp].at < t) { t = ops_[nextOp].at; stream = kClientStream; }
    if (!scheduler_.empty() && scheduler_.peekKey().time < t) { t = scheduler_.peekKey().time; stream = kEventStream; }
    if (t == SimTime::max()) break;  // nothing left to happen
    if (until_ && t > *until_) {
      stopped_ = RunOutcome{StopReason::Until, ""};
      now_ = *until_;
      break;
    }
    if (eventsProcessed_ >= maxEvents) {
      stopForLimit(StopReason::MaxEvents,
                   "the run reached limits.max_events = " + std::to_string(maxEvents) + " events at " +
                       formatMs(now_) + " ms. " +
                       (scenario_.replication.loopPrevention == LoopPrevention::None
                            ? "loop_prevention is none, so writes may be circulating forever; "
                              "use path, origin or seen, or raise the limit."
                            : "If the scenario is simply large, raise limits.max_events."));
      break;
    }
    ++eventsProcessed_;
    now_ = t;
    switch (stream) {
      case kFaultStream: runFault(*faults_[nextFault++]); break;
      case kClientStream: runClientOp(static_cast<uint32_t>(nextOp++)); break;
      case kEventStream: {
        const Event e = scheduler_.pop();
        if (e.kind == Network::kDeliverEvent) deliver(e);
        else if (e.kind == kRoutedOpEvent)
          executeClientOp(routed_[e.target].op, routed_[e.target].target, routed_[e.target].issuedAt);
        else if (e.kind == kSyncNoticeEvent) publishSyncOutcome(e.target);
        else if (e.kind == kSyncApplyEvent) commitNoticeArrives(syncApplies_[e.target]);
        else if (e.kind == kFailoverCheckEvent) checkFailover(e.target);
        else checkAutoReconfigure(e.target);
        break;
      }
    }
  }
  end_ = now_;
  return stopped_.value_or(RunOutcome{StopReason::Quiescent, ""});
}

void Simulation::stopForLimit(StopReason reason, std::string explanation) {
  if (!stopped_) stopped_ = RunOutcome{reason, std::move(explanation)};
}

// ----------------------------------------------------------- client writes

// Where a client operation is executed: its leader (routing direct), the
// key's home leader (routing home), or the one leader (single-leader). With
// failover, a crashed home hands over to the next live leader in topology
// order — which is exactly when conflicts come back.
NodeId Simulation::routeTarget(const PlannedOp& op) const {
  if (topology_.kind() == TopologyKind::SingleLeader) return *topology_.find(scenario_.topology.leader);
  const RoutingSpec& routing = scenario_.replication.routing;
  if (routing.policy != RoutingPolicy::Home || op.op == OpKind::Read) return op.node;
  const std::string& key = keyNames_[op.key];
  NodeId home;
  if (auto it = routing.home.find(key); it != routing.home.end()) home = *topology_.find(it->second);
  else home = static_cast<NodeId>(hashString(key) % topology_.nodeCount());
  if (!routing.failover || !replicas_[home].crashed) return home;
  for (size_t step = 1; step < topology_.nodeCount(); ++step) {
    const NodeId next = static_cast<NodeId>((home + step) % topology_.nodeCount());
    if (!replicas_[next].crashed) return next;
  }
  return home;
}

void Simulation::runClientOp(uint32_t opIndex) {
  if (dcs_) return runDatacenterClientOp(opIndex);
  const PlannedOp& op = ops_[opIndex];
  const NodeId target = routeTarget(op);
  if (target == op.node) return executeClientOp(opIndex, target, now_);
  // The client's request travels to the target first: the mean latency of
  // the shortest route between the two, in either direction.
  const SimTime latency = routeLatency(op.node, target);
  // A crashed target is found crashed when the request gets there (below).
  if (latency == SimTime::max() || (!replicas_[target].crashed && !connectedNow(op.node, target)))
    return failClientOp(op, target, FailReason::Unreachable);
  routed_.push_back(RoutedOp{opIndex, target, now_});
  scheduler_.schedule(now_ + latency, kRoutedOpEvent, static_cast<uint32_t>(routed_.size() - 1));
}

// A client operation refused before it reached a leader.
void Simulation::failClientOp(const PlannedOp& op, NodeId at, FailReason reason) {
  ClientOpEvent ev{now_, at, op.key, kNone, static_cast<uint8_t>(op.op), true, reason};
  ev.client = op.node;
  for (auto* o : observers_) o->onClientOp(ev);
}

// Whether a client request can travel from `from` to `to` now: over links
// in either direction whose ends are both up and not cut apart by a link
// fault, a partition or a removal (a halted replication stream does not
// stop a client's request).
bool Simulation::connectedNow(NodeId from, NodeId to) const {
  constexpr uint8_t kCut = kLinkDownFault | kPartitioned | kReceiverCrashed | kSenderCrashed | kEndOffline | kRemoved;
  // Components over the usable links, in one pass over them (a search that
  // scanned every link per visited node cost O(nodes x links) per request).
  std::vector<NodeId> parent(replicas_.size());
  std::iota(parent.begin(), parent.end(), NodeId{0});
  auto root = [&](NodeId x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (LinkId id = 0; id < network_->linkCount(); ++id) {
    const Link& l = network_->link(id);
    if ((l.down & kCut) == 0) parent[root(l.from)] = root(l.to);
  }
  return root(from) == root(to);
}

SimTime Simulation::routeLatency(NodeId from, NodeId to) {
  if (clientLatency_.empty()) clientLatency_ = undirectedShortestLatencies(topology_);
  return clientLatency_[from][to];
}

void Simulation::executeClientOp(uint32_t opIndex, NodeId node, SimTime clientIssuedAt) {
  const PlannedOp& op = ops_[opIndex];
  Replica& r = replicas_[node];
  ClientOpEvent ev{now_, node, op.key, kNone, static_cast<uint8_t>(op.op)};
  ev.client = op.node;
  ev.clientLatency = now_ - clientIssuedAt;
  auto fail = [&](FailReason reason) {
    ev.failed = true;
    ev.reason = reason;
    for (auto* o : observers_) o->onClientOp(ev);
  };
  if (r.crashed) return fail(FailReason::Crashed);
  // A write routed to a leader that failed over while the request travelled:
  // that leader is gone (it can only have rejoined as a follower).
  if (op.op != OpKind::Read && !takesWrites(node)) return fail(FailReason::Crashed);
  KeyState& ks = r.keys[op.key];
  if (op.op == OpKind::Read) {
    for (auto* o : observers_) o->onClientOp(ev);
    ReadEvent read{now_, node, op.key, values(node, op.key), ""};
    const ReadResolver* onRead = readResolver_;
    if (onRead && read.values.size() >= 2 && takesWrites(node)) {  // a follower cannot write back
      // Read-time resolution: settle the siblings and write the result back.
      const std::string resolved = onRead->resolve(keyNames_[op.key], read.values);
      read.resolvedBy = onRead->name();
      read.resolvedValue = resolved;
      for (auto* o : observers_) o->onRead(read);
      issueWrite(node, op.key, OpKind::Set, resolved, ev);
      return;
    }
    for (auto* o : observers_) o->onRead(read);
    return;
  }
  if (op.op == OpKind::Insert && ks.exists()) return fail(FailReason::KeyExists);
  if ((op.op == OpKind::Update || op.op == OpKind::Delete) && !ks.exists()) return fail(FailReason::KeyMissing);
  issueWrite(node, op.key, op.op, op.value, ev);
}

int64_t Simulation::nextTimestamp(Replica& r) {
  if (scenario_.replication.conflicts.timestamps != Timestamps::Clock) return static_cast<int64_t>(++r.lamport);
  // The leader's own wall clock: offset and drift skew it from true time.
  // Kept strictly increasing per leader, as a real clock read twice would.
  double offsetMs = 0.0, driftPpm = 0.0;
  if (auto it = scenario_.replication.clocks.find(topology_.name(r.id)); it != scenario_.replication.clocks.end()) {
    offsetMs = it->second.offsetMs;
    driftPpm = it->second.driftPpm;
  }
  const int64_t clock = now_.us() + SimTime::fromMs(offsetMs).us() +
                        static_cast<int64_t>(std::llround(static_cast<double>(now_.us()) * driftPpm / 1e6));
  r.lastClock = std::max<int64_t>(r.lastClock + 1, clock);
  return r.lastClock;
}

void Simulation::issueWrite(NodeId node, KeyId key, OpKind op, const std::string& value, ClientOpEvent ev) {
  Replica& r = replicas_[node];
  KeyState& ks = r.keys[key];
  WriteRecord rec;
  rec.dot = Dot{node, ++r.writesOriginated};
  rec.op = op;
  rec.key = key;
  rec.issuedAt = now_;
  rec.timestamp = nextTimestamp(r);
  switch (op) {
    case OpKind::Incr: {
      rec.delta = parseInteger(value);
      const auto current = keyValues(ks);
      const int64_t base = current.size() == 1 ? parseInteger(current.front()) : 0;
      rec.value = std::to_string(base + rec.delta);
      break;
    }
    case OpKind::Delete: break;
    default: rec.value = value; break;
  }
  rec.valueHash = op == OpKind::Delete ? 0 : hashString(rec.value) | 1;

  // Key context: what this leader's version of the key includes (every
  // sibling too: the client's write settles them), plus this write.
  const Dot self[1] = {rec.dot};
  mergeContexts(ks.context(writes_), DotRange{self, self + 1}, scratchContext_);
  // Direct causal dependencies: what was applied here since the last local write.
  scratchDeps_.clear();
  std::sort(r.pendingOrigins.begin(), r.pendingOrigins.end());
  r.pendingOrigins.erase(std::unique(r.pendingOrigins.begin(), r.pendingOrigins.end()), r.pendingOrigins.end());
  for (NodeId o : r.pendingOrigins)
    if (r.pendingDeps[o] != 0) scratchDeps_.push_back(Dot{o, r.pendingDeps[o]});
  for (NodeId o : r.pendingOrigins) r.pendingDeps[o] = 0;
  r.pendingOrigins.clear();

  const WriteIndex w = writes_.add(std::move(rec), scratchContext_, scratchDeps_);
  progress_.push_back(Progress{});
  ev.write = w;
  ev.op = static_cast<uint8_t>(op);
  for (auto* o : observers_) o->onClientOp(ev);

  const WriteRecord& wr = writes_[w];
  r.received.insert(wr.dot);
  if (syncDetect_) return issueSync(node, w, ev.clientLatency);
  r.processed.insert(wr.dot);
  if (resolver_->ignoresCausality() && ks.writer != kNone)
    resolveConflict(r, w, conflictTypeFor(op), node, /*causallyLater=*/true);  // a slow clock can lose even here
  else
    updateKey(r, key, [&](KeyState& k) { k.setSingle(w, op == OpKind::Delete); });
  noteApplied(r, w);
  ApplyEvent applied{now_, node, w, true, false, SimTime::zero()};
  for (auto* o : observers_) o->onApplied(applied);

  // Asynchronous: done as soon as its leader has it.
  CommitEvent commit{now_, node, w, ev.clientLatency};
  for (auto* o : observers_) o->onCommit(commit);
  sendOnAll(node, w, paths_.root(node));
}

void Simulation::sendOnAll(NodeId node, WriteIndex w, PathId path) {
  for (LinkId l : network_->outLinks(node))
    if ((network_->link(l).down & kRemoved) == 0) sendOn(l, w, path);
}

// ------------------------------------------------------------ replication

void Simulation::sendOn(LinkId link, WriteIndex w, PathId path) {
  if (paths_.length(path) > scenario_.limits.maxHops) {
    std::string route;
    const auto nodes = paths_.nodes(path);
    for (size_t i = 0; i < nodes.size() && i < 12; ++i) route += (i ? "," : "") + topology_.name(nodes[i]);
    if (nodes.size() > 12) route += ",…";
    std::string why;
    switch (scenario_.replication.loopPrevention) {
      case LoopPrevention::None:
        why = "loop_prevention is none, so nothing stops a write circulating a cycle of the topology; "
              "use path, origin or seen.";
        break;
      case LoopPrevention::Origin:
        why = "loop_prevention is origin, which only drops a write back at its origin: if the origin is "
              "unreachable (crashed or routed around), the write circulates forever. path or seen stops it.";
        break;
      default:
        why = "the topology's longest loop-free route is longer than limits.max_hops; raise the limit.";
    }
    stopForLimit(StopReason::MaxHops, "write " + writeName(w) + " reached limits.max_hops = " +
                                          std::to_string(scenario_.limits.maxHops) + " hops at " + formatMs(now_) +
                                          " ms (path " + route + "). " + why);
    return;
  }
  const Link& l = network_->link(link);
  SendOutcome out = network_->send(link, w, path, now_);
  MessageEvent ev{now_, l.from, l.to, w, path, out.queued ? SimTime::max() : out.arrival, out.retransmissions};
  for (auto* o : observers_) o->onSent(ev);
}

void Simulation::deliver(const Event& e) {
  const MessageSlot slot = network_->arrive(e);
  if (slot == kNone) return;  // pulled back by an outage: resent later
  const Message m = network_->message(slot);
  network_->release(slot);
  const NodeId to = network_->link(m.link).to;
  const NodeId from = network_->link(m.link).from;
  if (auto reason = loopDrop(to, m.write, m.path)) {
    MessageEvent ev{now_, from, to, m.write, m.path, now_};
    ev.reason = *reason;
    for (auto* o : observers_) o->onDropped(ev);
    return;
  }
  accept(to, m.write, m.path, from);
}

// Receiver-side loop prevention. O(1) except when the receiver has already
// seen this write and loop_prevention is path: then the path is walked once
// to tell a loop (own id in the path) from a duplicate via another route.
std::optional<DropReason> Simulation::loopDrop(NodeId node, WriteIndex w, PathId path) const {
  const Replica& r = replicas_[node];
  const Dot d = writes_[w].dot;
  switch (scenario_.replication.loopPrevention) {
    case LoopPrevention::Path:
      if (!r.received.contains(d)) return std::nullopt;  // never here: cannot be on the path
      if (d.origin == node || paths_.contains(path, node)) return DropReason::Path;
      return DropReason::Duplicate;
    case LoopPrevention::Origin:
      if (d.origin == node) return DropReason::Origin;
      return std::nullopt;
    case LoopPrevention::Seen:
      if (r.received.contains(d)) return DropReason::Seen;
      return std::nullopt;
    case LoopPrevention::None: return std::nullopt;
  }
  return std::nullopt;
}

Dot Simulation::missingDependency(const Replica& r, WriteIndex w) const {
  const WriteRecord& wr = writes_[w];
  if (wr.dot.seq > 1 && !r.processed.contains(Dot{wr.dot.origin, wr.dot.seq - 1}) &&
      !voided(Dot{wr.dot.origin, wr.dot.seq - 1}))
    return Dot{wr.dot.origin, wr.dot.seq - 1};
  // Fast path: the contiguous prefix settles almost every dependency.
  for (const Dot* d = writes_.depsBegin(w), *e = writes_.depsEnd(w); d != e; ++d)
    if (d->seq > r.processed.contiguous(d->origin) && !r.processed.contains(*d) && !voided(*d)) return *d;
  return Dot{0, 0};
}

void Simulation::accept(NodeId node, WriteIndex w, PathId path, NodeId from) {
  Replica& r = replicas_[node];
  const WriteRecord& wr = writes_[w];
  MessageEvent ev{now_, from, node, w, path, now_};
  const bool repeat = !r.received.insert(wr.dot);
  if (wr.timestamp > 0) r.lamport = std::max(r.lamport, static_cast<uint64_t>(wr.timestamp));
  if (repeat) {
    // origin/none loop prevention let a copy through again: it is relayed
    // (that is how loops circulate) but not applied twice.
    for (auto* o : observers_) o->onDelivered(ev);
    if (forward_) forward(node, w, path);
    return;
  }
  const Dot missing = missingDependency(r, w);
  // sync: a dependency that arrived but awaits its commit notice was not
  // overtaken; the data is here, only its commit is not yet known.
  if (missing.seq != 0 && !(syncDetect_ && r.received.contains(missing))) {
    ev.missingDep = writes_.find(missing);
    // sync: the write waits for its commit first; causal order is kept
    // when it is applied (applyCommitted).
    ev.held = scenario_.replication.ordering == Ordering::Causal && !syncDetect_;
  }
  for (auto* o : observers_) o->onDelivered(ev);
  if (syncDetect_) return acceptSync(node, w, path, from);
  if (ev.held) {
    r.held.emplace(dotKey(missing), HeldWrite{w, path, now_, missing, from});
    return;
  }
  applyRemote(node, w, path, now_, from);
}

void Simulation::applyRemote(NodeId node, WriteIndex w, PathId path, SimTime heldSince, NodeId from) {
  Replica& r = replicas_[node];
  const WriteRecord& wr = writes_[w];
  if (syncDetect_) tentative_[node].erase({wr.key, w});
  r.processed.insert(wr.dot);
  // This write now implies its own dependencies for the next local write.
  for (const Dot* d = writes_.depsBegin(w); d != writes_.depsEnd(w); ++d)
    if (r.pendingDeps[d->origin] != 0 && r.pendingDeps[d->origin] <= d->seq) r.pendingDeps[d->origin] = 0;
  if (r.pendingDeps[wr.dot.origin] == 0) r.pendingOrigins.push_back(wr.dot.origin);
  r.pendingDeps[wr.dot.origin] = std::max(r.pendingDeps[wr.dot.origin], wr.dot.seq);

  KeyState& ks = r.keys[wr.key];
  const DotRange incoming{writes_.contextBegin(w), writes_.contextEnd(w)};
  ApplyOutcome outcome = ApplyOutcome::Applied;
  // lww with wall clocks compares every write, even a causally later one —
  // except under sync detection, where certification already ordered the
  // committed writes of a key and a later one simply replaces.
  const bool compareAlways = resolver_->ignoresCausality() && !syncDetect_;
  if (covers(ks.context(writes_), wr.dot)) {
    // A later version here already includes it — unless the resolver ignores
    // causality (lww with wall clocks keeps the highest clock of all writes,
    // so every write is compared once, whatever arrived first).
    if (compareAlways && ks.writer != kNone)
      outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/true);
    else
      outcome = ApplyOutcome::Superseded;
  } else if (dominates(incoming, ks.context(writes_))) {
    if ((wr.op == OpKind::Update || wr.op == OpKind::Delete) && !ks.exists()) {
      // The update-before-insert anomaly (or its delete twin): the row is not
      // here yet, so there is nothing to change; the change is skipped.
      outcome = ApplyOutcome::Skipped;
      ConflictEvent c{now_, node, wr.key,
                      wr.op == OpKind::Update ? ConflictType::UpdateMissing : ConflictType::DeleteMissing,
                      {w}, {}, {w}, "skip"};
      for (auto* o : observers_) o->onConflict(c);
    } else if (compareAlways && ks.writer != kNone) {
      outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/true);
    } else {
      updateKey(r, wr.key, [&](KeyState& k) { k.setSingle(w, wr.op == OpKind::Delete); });
    }
  } else if (followsEveryVersion(ks, incoming)) {
    // The incoming write saw every version the key holds here, but not some
    // write this replica already discarded in an earlier conflict (the key's
    // context remembers it): it is an update of the current version, not a
    // new conflict — the discarded write lost already.
    if (compareAlways)
      outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/true);
    else
      updateKey(r, wr.key, [&](KeyState& k) {
        mergeContexts(k.context(writes_), incoming, scratchContext_);
        k.merged.swap(scratchContext_);
        k.contextWrite = kNone;
        k.setVersion(w, wr.op == OpKind::Delete);
      });
  } else {
    outcome = resolveConflict(r, w, conflictTypeFor(wr.op), from, /*causallyLater=*/false);
  }
  const bool applied = outcome == ApplyOutcome::Applied || outcome == ApplyOutcome::Superseded;
  if (applied) {
    noteApplied(r, w);
    // (sync: a leader applies its own write when it commits, through here)
    ApplyEvent ev{now_, node, w, node == wr.dot.origin, outcome == ApplyOutcome::Superseded, now_ - heldSince};
    for (auto* o : observers_) o->onApplied(ev);
  }
  // sync: forwarded when it arrived, before its commit (acceptSync).
  if (forward_ && !syncDetect_ && outcome != ApplyOutcome::Halted) forward(node, w, path);
  releaseHeld(node, wr.dot);
}

bool Simulation::followsEveryVersion(const KeyState& ks, DotRange incoming) const {
  if (ks.writer == kNone) return false;
  if (ks.siblings.empty()) return covers(incoming, writes_[ks.writer].dot);
  for (WriteIndex s : ks.siblings)
    if (!covers(incoming, writes_[s].dot)) return false;
  return true;
}

Simulation::ApplyOutcome Simulation::resolveConflict(Replica& r, WriteIndex w, ConflictType type, NodeId from,
                                                     bool causallyLater) {
  KeyState& ks = r.keys[writes_[w].key];
  const WriteRecord& in = writes_[w];
  auto info = [&](WriteIndex v, std::string_view value, bool deleted) {
    const WriteRecord& wr = writes_[v];
    return VersionInfo{wr.dot, wr.op, wr.timestamp, wr.delta, value, deleted, topology_.name(wr.dot.origin),
                       nameRank_[wr.dot.origin]};
  };
  std::vector<VersionInfo>& local = scratchVersions_;
  local.clear();
  if (ks.hasResolvedValue) {
    local.push_back(info(ks.writer, ks.resolvedValue, ks.deleted));
  } else if (ks.siblings.empty()) {
    local.push_back(info(ks.writer, writes_[ks.writer].value, ks.deleted));
  } else {
    for (WriteIndex s : ks.siblings) local.push_back(info(s, writes_[s].value, writes_[s].op == OpKind::Delete));
  }
  const VersionInfo incoming = info(w, in.value, in.op == OpKind::Delete);
  const DotRange incomingCtx{writes_.contextBegin(w), writes_.contextEnd(w)};
  const Resolution res = resolver_->resolve(ConflictInput{type, keyNames_[in.key], topology_.name(r.id), incoming,
                                                          std::span<const VersionInfo>(local),
                                                          unseenIncrements(in.key, ks.context(writes_), incomingCtx)});

  ConflictEvent c{now_, r.id, in.key, type, {w}, {}, {}, resolver_->name()};
  for (const VersionInfo& v : local) c.writes.push_back(writes_.find(v.dot));
  c.causallyLater = causallyLater;
  ApplyOutcome outcome = ApplyOutcome::Applied;
  auto mergeContext = [&](KeyState& k) {
    mergeContexts(k.context(writes_), incomingCtx, scratchContext_);
    k.merged.swap(scratchContext_);
    k.contextWrite = kNone;
  };
  // A resolver that keeps one of two writes but whose winner's causal
  // successors do not always win too (first-update-wins, replica-priority):
  // the losers stay on the frontier, or a write that follows the winner
  // but not a loser would be taken for an update here and lose to it there.
  const bool keepsLosers = !resolver_->ignoresCausality() && !resolver_->successorsInherit() &&
                           resolver_->convergent(scenario_.replication.ordering == Ordering::Causal) &&
                           (res.kind == Resolution::Kind::KeepLocal || res.kind == Resolution::Kind::KeepIncoming);
  if (!causallyLater && (ks.hasResolvedValue || res.kind == Resolution::Kind::Value || keepsLosers)) {
    // The outcome is a function of the *set* of concurrent writes, not of
    // the order they arrived in: keep the frontier (the writes no other
    // covers) and fold the resolver over it in a canonical order.
    std::vector<WriteIndex> frontier;
    const std::vector<WriteIndex> current = ks.siblings.empty() ? std::vector<WriteIndex>{ks.writer} : ks.siblings;
    // A version the incoming write covers is overwritten by a causally later
    // write, not lost: it joins neither the frontier nor the discarded.
    for (WriteIndex v : current)
      if (!covers(incomingCtx, writes_[v].dot)) frontier.push_back(v);
    frontier.push_back(w);
    // The canonical order: by origin, then seq.
    const auto byDot = [&](WriteIndex a, WriteIndex b) {
      const Dot da = writes_[a].dot, db = writes_[b].dot;
      return da.origin != db.origin ? da.origin < db.origin : da.seq < db.seq;
    };
    std::sort(frontier.begin(), frontier.end(), byDot);
    const Fold fold = foldFrontier(frontier, in.key, r.id);
    if (fold.merged) {
      for (WriteIndex v : frontier) {
        if (!fold.deleted && writes_[v].op == OpKind::Delete) c.discarded.push_back(v);  // deletes lose
        else c.kept.push_back(v);
      }
    } else {
      // One write wins. Newly lost: the incoming write or the version that
      // was winning here, whichever is on the frontier and not the winner
      // (the frontier's other losers lost before).
      c.kept = {fold.winner};
      const WriteIndex previous = ks.writer;
      for (WriteIndex x : {w, previous})
        if (x != fold.winner && std::binary_search(frontier.begin(), frontier.end(), x, byDot))
          c.discarded.push_back(x);
    }
    c.resolvedValue = fold.deleted || !fold.merged ? "" : fold.value;
    updateKey(r, in.key, [&](KeyState& k) {
      mergeContext(k);
      k.writer = fold.merged ? w : fold.winner;
      k.deleted = fold.deleted;
      k.siblings = frontier;
      k.hasResolvedValue = !fold.deleted;
      k.resolvedValue = fold.deleted ? "" : fold.value;
    });
    for (auto* o : observers_) o->onConflict(c);
    return outcome;
  }
  switch (res.kind) {
    case Resolution::Kind::KeepIncoming:
      updateKey(r, in.key, [&](KeyState& k) {
        // (a write that ignores causality may also win while already covered here:
        // the key then keeps its larger context)
        if (causallyLater && dominates(incomingCtx, k.context(writes_))) return k.setSingle(w, in.op == OpKind::Delete);
        mergeContext(k);
        k.setVersion(w, in.op == OpKind::Delete);
      });
      c.kept = {w};
      // Lost: the local versions the incoming write does not follow.
      for (size_t i = 1; i < c.writes.size(); ++i)
        if (!covers(incomingCtx, writes_[c.writes[i]].dot)) c.discarded.push_back(c.writes[i]);
      break;
    case Resolution::Kind::KeepLocal:
      // A late copy of a write the version here already follows (lww with
      // wall clocks compares it anyway) that loses: an overwrite, not a loss.
      if (causallyLater && covers(ks.context(writes_), in.dot)) return ApplyOutcome::Superseded;
      // The incoming write is now part of this version's history (discarded),
      // so a later copy of it is recognised as already seen.
      updateKey(r, in.key, mergeContext);
      c.kept.assign(c.writes.begin() + 1, c.writes.end());
      c.discarded = {w};
      break;
    case Resolution::Kind::Value:
      updateKey(r, in.key, [&](KeyState& k) {
        mergeContext(k);
        k.setVersion(w, res.deleted);
        k.hasResolvedValue = !res.deleted;
        k.resolvedValue = res.value;
      });
      c.kept = c.writes;
      c.resolvedValue = res.value;
      break;
    case Resolution::Kind::Siblings:
      updateKey(r, in.key, [&](KeyState& k) {
        // Keep every local version the incoming write does not cover.
        std::vector<WriteIndex> next;
        // (one it covers is overwritten by it, not lost).
        for (size_t i = 1; i < c.writes.size(); ++i)
          if (!covers(incomingCtx, writes_[c.writes[i]].dot)) next.push_back(c.writes[i]);
        next.push_back(w);
        std::sort(next.begin(), next.end());
        mergeContext(k);
        bool allDeleted = true;
        for (WriteIndex s : next) allDeleted = allDeleted && writes_[s].op == OpKind::Delete;
        k.writer = w;
        k.deleted = allDeleted;
        k.hasResolvedValue = false;
        k.resolvedValue.clear();
        k.siblings = std::move(next);
        c.kept = k.siblings;
      });
      break;
    case Resolution::Kind::Halt: {
      // Not applied; the stream from that peer stops until a resume fault.
      c.kept.assign(c.writes.begin() + 1, c.writes.end());
      c.discarded = {w};
      const LinkId link = network_->find(from, r.id);
      if (link != kNone) {
        const uint32_t moved = network_->setDown(link, kHalted, true, now_);
        StreamEvent se{now_, from, r.id, moved, false};
        for (auto* o : observers_) o->onStream(se);
      }
      outcome = ApplyOutcome::Halted;
      break;
    }
  }
  // A causally later write that wins is simply an update, not a conflict.
  if (!(causallyLater && res.kind == Resolution::Kind::KeepIncoming))
    for (auto* o : observers_) o->onConflict(c);
  return outcome;
}

// ------------------------------------------------- synchronous detection
//
// docs/semantics.md, "Synchronous conflict detection". A write is
// certified by every leader there is when it is issued (its own included)
// and becomes visible nowhere until it commits: replicas keep it tentative.
// A leader that holds, for the same key, a committed version the write did
// not see, or a tentative write that wins (committed, or issued earlier),
// aborts it; otherwise it acknowledges it. A tentative write that loses to
// the write being certified is aborted instead. The write commits when the
// last acknowledgement reaches its leader; then every replica applies it as
// the commit notice reaches it (in causal order). An aborted write is never
// applied anywhere.

void Simulation::issueSync(NodeId node, WriteIndex w, SimTime clientLatency) {
  std::vector<uint8_t> leaders(replicas_.size(), 0);
  for (NodeId n = 0; n < leaders.size(); ++n) leaders[n] = takesWrites(n) ? 1 : 0;
  sync_.begin(w, node, now_, clientLatency, std::move(leaders));
  if (sync_.entry(w).state == SyncCommits::State::Committed) {
    // Nobody else to wait for (one leader): committed at once.
    tentative_[node].emplace(std::make_pair(writes_[w].key, w), Tentative{paths_.root(node), node, now_});
    commitDecided(w);
  } else if (certify(node, w)) {
    tentative_[node].emplace(std::make_pair(writes_[w].key, w), Tentative{paths_.root(node), node, now_});
  } else {
    return;  // aborted at its own leader: it goes nowhere
  }
  sendOnAll(node, w, paths_.root(node));
}

void Simulation::acceptSync(NodeId node, WriteIndex w, PathId path, NodeId from) {
  if (sync_.aborted(w)) return;  // known everywhere at once: it goes no further
  if (sync_.waitsFor(w, node) && certify(node, w)) ackSync(node, w);
  if (sync_.aborted(w)) return;
  // Kept in tentative_ until applied, committed or not: a committed write
  // held back for a dependency must still be seen by certification here.
  tentative_[node].emplace(std::make_pair(writes_[w].key, w), Tentative{path, from, now_});
  if (auto known = commitKnown_[node].find(w); known != commitKnown_[node].end()) {
    commitKnown_[node].erase(known);
    applyCommitted(node, w, path, from, now_);
  }
  if (forward_) forward(node, w, path);
}

bool Simulation::certify(NodeId node, WriteIndex w) {
  const WriteRecord& in = writes_[w];
  const KeyState& ks = replicas_[node].keys[in.key];
  const DotRange incoming{writes_.contextBegin(w), writes_.contextEnd(w)};
  if (ks.writer != kNone && !dominates(incoming, ks.context(writes_)) && !followsEveryVersion(ks, incoming)) {
    abortSync(w, node, ks.writer);  // a committed version it did not see wins
    return false;
  }
  auto& tentative = tentative_[node];
  for (auto it = tentative.lower_bound({in.key, 0}); it != tentative.end() && it->first.first == in.key;) {
    const WriteIndex x = it->first.second;
    if (sync_.aborted(x)) { it = tentative.erase(it); continue; }  // no trace
    ++it;
    if (x == w) continue;
    // A write that has seen x follows it: possible only when x is committed
    // (and held back here for a dependency); a tentative write is visible to
    // nobody, so it is concurrent with every other. Same origin: a context
    // covers its origin's earlier seqs whether seen or not, so only the
    // origin itself (certifying at issue) can tell; a write it let through
    // had seen every earlier write of its own to the key that survived.
    const bool sameOrigin = writes_[x].dot.origin == in.dot.origin;
    if (covers(incoming, writes_[x].dot) && !(sameOrigin && node == in.dot.origin)) continue;
    if (sync_.entry(x).state == SyncCommits::State::Committed || x < w) {
      abortSync(w, node, x);
      return false;
    }
    abortSync(x, node, w);
  }
  return true;
}

void Simulation::abortSync(WriteIndex loser, NodeId at, WriteIndex winner) {
  const NodeId origin = writes_[loser].dot.origin;
  if (sync_.abort(loser, at, winner, now_ + ackLatency(at, origin)))
    scheduler_.schedule(sync_.entry(loser).noticeAt, kSyncNoticeEvent, loser);
  ConflictEvent c{now_, at, writes_[loser].key, conflictTypeFor(writes_[loser].op), {loser, winner}, {winner},
                  {loser}, "sync"};
  for (auto* o : observers_) o->onConflict(c);
  // Nothing may wait for it any more: release what was held behind it.
  voided_.resize(writes_.size(), 0);
  voided_[loser] = 1;
  for (NodeId n = 0; n < replicas_.size(); ++n) releaseHeld(n, writes_[loser].dot);
}

SimTime Simulation::ackLatency(NodeId from, NodeId to) {
  if (from == to) return SimTime::zero();
  const SimTime latency = routeLatency(from, to);
  return latency == SimTime::max() ? SimTime::zero() : latency;
}

void Simulation::ackSync(NodeId node, WriteIndex w) {
  const NodeId origin = writes_[w].dot.origin;
  if (sync_.ack(w, node, now_ + ackLatency(node, origin))) commitDecided(w);
}

// The commit notice reaches every node (the mean route latency from the
// origin; the origin itself at once), then the client is told.
void Simulation::commitDecided(WriteIndex w) {
  const SimTime at = sync_.entry(w).commitAt;
  const NodeId origin = writes_[w].dot.origin;
  for (NodeId n = 0; n < replicas_.size(); ++n) {
    syncApplies_.push_back(SyncApply{w, n});
    scheduler_.schedule(at + ackLatency(origin, n), kSyncApplyEvent, static_cast<uint32_t>(syncApplies_.size() - 1));
  }
  scheduler_.schedule(at, kSyncNoticeEvent, w);
}

void Simulation::commitNoticeArrives(const SyncApply& a) {
  auto& tentative = tentative_[a.node];
  const auto it = tentative.find({writes_[a.write].key, a.write});
  if (it == tentative.end()) {
    if (!replicas_[a.node].received.contains(writes_[a.write].dot)) commitKnown_[a.node].insert(a.write);
    return;  // not here yet: applied when it arrives
  }
  const Tentative t = it->second;  // erased when applied (applyRemote)
  applyCommitted(a.node, a.write, t.path, t.from, t.since);
}

void Simulation::applyCommitted(NodeId node, WriteIndex w, PathId path, NodeId from, SimTime since) {
  Replica& r = replicas_[node];
  const Dot missing = missingDependency(r, w);
  if (missing.seq != 0) {
    r.held.emplace(dotKey(missing), HeldWrite{w, path, since, missing, from});
    return;
  }
  applyRemote(node, w, path, since, from);
}

void Simulation::publishSyncOutcome(WriteIndex w) {
  SyncCommits::Entry& e = sync_.entry(w);
  if (e.reported) return;
  CommitEvent ev{now_, writes_[w].dot.origin, w};
  if (e.state == SyncCommits::State::Aborted) {
    if (now_ != e.noticeAt) return;  // a commit notice overtaken by the abort, or a later notice
    ev.aborted = true;
    ev.detectedAt = e.abortedAt;
    ev.winner = e.abortedFor;
  } else if (e.state != SyncCommits::State::Committed || now_ != e.commitAt) {
    return;
  }
  e.reported = true;
  ev.latency = e.clientLatency + (now_ - e.executedAt);
  for (auto* o : observers_) o->onCommit(ev);
}

Simulation::Fold Simulation::foldFrontier(const std::vector<WriteIndex>& frontier, KeyId key, NodeId replica) const {
  auto info = [&](WriteIndex v, std::string_view value, bool deleted) {
    const WriteRecord& wr = writes_[v];
    return VersionInfo{wr.dot, wr.op, wr.timestamp, wr.delta, value, deleted, topology_.name(wr.dot.origin),
                       nameRank_[wr.dot.origin]};
  };
  WriteIndex accWrite = frontier.front();
  std::string accValue = writes_[accWrite].value;
  bool accDeleted = writes_[accWrite].op == OpKind::Delete;
  bool anyMerged = false;
  // The union of the histories folded so far: what the accumulated value includes.
  std::vector<Dot> accContext(writes_.contextBegin(accWrite), writes_.contextEnd(accWrite)), merged;
  for (size_t i = 1; i < frontier.size(); ++i) {
    const WriteIndex f = frontier[i];
    const VersionInfo local[1] = {info(accWrite, accValue, accDeleted)};
    const DotRange have{accContext.data(), accContext.data() + accContext.size()};
    const DotRange incoming{writes_.contextBegin(f), writes_.contextEnd(f)};
    const Resolution res = resolver_->resolve(ConflictInput{conflictTypeFor(writes_[f].op), keyNames_[key],
                                                            topology_.name(replica),
                                                            info(f, writes_[f].value, writes_[f].op == OpKind::Delete),
                                                            std::span<const VersionInfo>(local),
                                                            unseenIncrements(key, have, incoming)});
    mergeContexts(have, incoming, merged);
    accContext.swap(merged);
    switch (res.kind) {
      case Resolution::Kind::KeepIncoming:
        accWrite = f;
        accValue = writes_[f].value;
        accDeleted = writes_[f].op == OpKind::Delete;
        break;
      case Resolution::Kind::Value:
        anyMerged = true;
        accWrite = f;
        accValue = res.value;
        accDeleted = res.deleted;
        break;
      default: break;  // keep the accumulated version
    }
  }
  return Fold{accDeleted ? std::string() : accValue, accDeleted, accWrite, anyMerged};
}

// Walks, per origin, the seqs `incoming` has beyond `have`; only writes to
// `key` count (contexts are per key, seqs per origin across keys).
std::optional<int64_t> Simulation::unseenIncrements(KeyId key, DotRange have, DotRange incoming) const {
  if (!resolver_->countsIncrements()) return std::nullopt;
  int64_t sum = 0;
  for (const Dot* d = incoming.begin; d != incoming.end; ++d)
    for (uint32_t seq = seqOf(have, d->origin) + 1; seq <= d->seq; ++seq) {
      const WriteIndex x = writes_.find(Dot{d->origin, seq});
      if (x == kNone || writes_[x].key != key) continue;
      if (writes_[x].op != OpKind::Incr) return std::nullopt;
      sum += writes_[x].delta;
    }
  return sum;
}

void Simulation::releaseHeld(NodeId node, Dot applied) {
  Replica& r = replicas_[node];
  auto range = r.held.equal_range(dotKey(applied));
  if (range.first == range.second) return;
  std::vector<HeldWrite> ready;
  for (auto it = range.first; it != range.second; ++it) ready.push_back(it->second);
  r.held.erase(range.first, range.second);
  for (const HeldWrite& h : ready) {
    const Dot missing = missingDependency(r, h.write);
    if (missing.seq != 0) {
      r.held.emplace(dotKey(missing), HeldWrite{h.write, h.path, h.since, missing, h.from});
      continue;
    }
    applyRemote(node, h.write, h.path, h.since, h.from);  // recursion releases what waited on it
  }
}

void Simulation::forward(NodeId node, WriteIndex w, PathId pathSoFar) {
  const auto& out = network_->outLinks(node);
  if (out.empty()) return;
  if (dcs_) return forwardInDatacenters(node, w, pathSoFar);
  sendOnAll(node, w, paths_.extend(pathSoFar, node));
}

void Simulation::noteApplied(Replica& r, WriteIndex w) {
  ++r.writesApplied;
  Progress& p = progress_[w];
  ++p.applied;
  p.lastAt = now_;
}

template <typename Mutate>
void Simulation::updateKey(Replica& r, KeyId key, Mutate&& mutate) {
  KeyState& ks = r.keys[key];
  const uint64_t before = r.digest;
  r.digest -= keyDigest(key, valueHash(ks));
  mutate(ks);
  r.digest += keyDigest(key, valueHash(ks));
  if (r.digest != before) digestChanged(r, before);
}

// ------------------------------------------------------------ convergence

void Simulation::digestChanged(Replica& r, uint64_t before) {
  if (r.crashed) return;
  liveDigests_.remove(before);
  liveDigests_.add(r.digest);
  noteConvergence();
}

void Simulation::setLive(NodeId n, bool live) {
  Replica& r = replicas_[n];
  if (live) liveDigests_.add(r.digest); else liveDigests_.remove(r.digest);
  noteConvergence();
}

void Simulation::noteConvergence() {
  if (liveDigests_.distinct() <= 1) {
    if (!convergedSince_) convergedSince_ = now_;
  } else {
    convergedSince_.reset();
  }
}

bool Simulation::converged() const {
  // Digests are a fast proxy; confirm by comparing values key by key.
  if (liveDigests_.distinct() > 1) return false;
  const Replica* first = nullptr;
  for (const Replica& r : replicas_) {
    if (r.crashed) continue;
    if (!first) { first = &r; continue; }
    for (KeyId k = 0; k < keyNames_.size(); ++k)
      if (!sameValues(r.keys[k], first->keys[k])) return false;
  }
  return true;
}

bool Simulation::sameValues(const KeyState& a, const KeyState& b) const {
  if (a.exists() != b.exists()) return false;
  if (!a.exists()) return true;
  if (a.siblings.empty() && b.siblings.empty() && !a.hasResolvedValue && !b.hasResolvedValue)
    return a.writer == b.writer || writes_[a.writer].value == writes_[b.writer].value;
  return keyValues(a) == keyValues(b);
}

std::optional<SimTime> Simulation::convergedSince() const {
  return converged() ? convergedSince_ : std::nullopt;
}

bool Simulation::fullyReplicated(WriteIndex w) const {
  const Dot d = writes_[w].dot;
  uint32_t live = 0;
  for (const Replica& r : replicas_) {
    if (r.crashed) continue;
    ++live;
    if (!r.processed.contains(d)) return false;
  }
  // processed also counts skipped anomalies; applied counts only real applies.
  uint32_t appliedLive = progress_[w].applied;
  for (const Replica& r : replicas_)
    if (r.crashed && r.processed.contains(d)) --appliedLive;
  return appliedLive >= live;
}

// Follows the engine's own sending rules: a write leaves its origin on
// every link; a node relays it when forwarding is on (with datacenters: when
// it leads and carries() says the link takes it).
std::vector<uint8_t> Simulation::reachableFrom(NodeId s) const {
  const size_t n = replicas_.size();
  std::vector<uint8_t> seen(n, 0);
  std::vector<NodeId> queue{s};
  seen[s] = 1;
  for (size_t i = 0; i < queue.size(); ++i) {
    const NodeId v = queue[i];
    if (v != s && !forward_) continue;
    if (v != s && dcs_ && !dcs_->leads(v)) continue;
    for (LinkId id : network_->outLinks(v)) {
      const Link& l = network_->link(id);
      if ((l.down & kRemoved) != 0 || seen[l.to]) continue;
      if (v != s && dcs_ && dcs_->takesWrites(l.to) && !peerForward_ && dcs_->dcOf(s) != dcs_->dcOf(v)) continue;
      seen[l.to] = 1;
      queue.push_back(l.to);
    }
  }
  return seen;
}

bool Simulation::everyWriteCanReachEveryNode() const {
  for (NodeId s = 0; s < replicas_.size(); ++s) {
    if (!takesWrites(s)) continue;
    const std::vector<uint8_t> seen = reachableFrom(s);
    if (std::find(seen.begin(), seen.end(), 0) != seen.end()) return false;
  }
  return true;
}

size_t Simulation::heldAtEnd() const {
  size_t n = 0;
  for (const Replica& r : replicas_) n += r.held.size();
  return n;
}

// ----------------------------------------------------------------- faults

void Simulation::setNodeLinks(NodeId n, LinkDownReason reason, bool inbound, bool outbound, bool on) {
  for (LinkId id = 0; id < network_->linkCount(); ++id) {
    const Link& l = network_->link(id);
    if ((inbound && l.to == n) || (outbound && l.from == n)) {
      const uint32_t moved = network_->setDown(id, reason, on, now_);
      if (moved > 0) {
        StreamEvent ev{now_, l.from, l.to, moved, !on};
        for (auto* o : observers_) o->onStream(ev);
      }
    }
  }
}

void Simulation::refreshOfflineLinks(NodeId n) {
  for (LinkId id = 0; id < network_->linkCount(); ++id) {
    const Link& l = network_->link(id);
    if (l.to != n && l.from != n) continue;
    const bool cut = replicas_[l.from].offline || replicas_[l.to].offline;
    const uint32_t moved = network_->setDown(id, kEndOffline, cut, now_);
    if (moved > 0) {
      StreamEvent ev{now_, l.from, l.to, moved, !cut};
      for (auto* o : observers_) o->onStream(ev);
    }
  }
}

void Simulation::runFault(const FaultSpec& f) {
  applyFault(f);
  if (scenario_.replication.autoReconfigureAfter) reviewAutoReconfigure();
}

// ------------------------------------------------------- auto_reconfigure
//
// A leader whose link to its next hop has been unusable for after_ms routes
// around it: it adds a bypass link to the next reachable node of the
// original topology (following the unreachable node's own out-links) and
// re-sends what was waiting for the unreachable node on the bypass. When the
// original link carries traffic again, the bypass is removed.

// A link whose sender could send but whose receiver it cannot reach. An
// offline or crashed sender has nothing to route around: its own links are
// down because of it.
bool Simulation::unreachable(const Link& l) const {
  constexpr uint8_t kCut = kLinkDownFault | kPartitioned | kReceiverCrashed | kEndOffline;
  return (l.down & kCut) != 0 && !replicas_[l.from].crashed && !replicas_[l.from].offline;
}

void Simulation::reviewAutoReconfigure() {
  const size_t original = topology_.links().size();
  autoCheckPending_.resize(original, 0);
  for (LinkId id = 0; id < original; ++id) {
    const Link& l = network_->link(id);
    const bool bypassed = activeBypass(id) != nullptr;
    if (unreachable(l) && !bypassed && !autoCheckPending_[id]) {
      autoCheckPending_[id] = 1;
      scheduler_.schedule(now_ + *scenario_.replication.autoReconfigureAfter, kAutoReconfigureEvent, id);
    }
    if (bypassed && l.down == 0) retireBypass(id);
  }
}

Simulation::Bypass* Simulation::activeBypass(LinkId original) {
  for (Bypass& b : bypasses_)
    if (b.original == original && b.active) return &b;
  return nullptr;
}

const Simulation::Bypass* Simulation::activeBypass(LinkId original) const {
  for (const Bypass& b : bypasses_)
    if (b.original == original && b.active) return &b;
  return nullptr;
}

void Simulation::checkAutoReconfigure(LinkId id) {
  autoCheckPending_[id] = 0;
  const Link l = network_->link(id);
  if (!unreachable(l) || activeBypass(id)) return;
  // The next reachable node: breadth-first along the original topology from
  // the unreachable node, skipping crashed and offline nodes.
  std::vector<uint8_t> seen(replicas_.size(), 0);
  std::vector<NodeId> queue{l.to};
  seen[l.to] = seen[l.from] = 1;
  NodeId target = kNone;
  for (size_t i = 0; i < queue.size() && target == kNone; ++i)
    for (const TopologyLink& tl : topology_.links()) {
      if (tl.from != queue[i] || seen[tl.to]) continue;
      seen[tl.to] = 1;
      if (!replicas_[tl.to].crashed && !replicas_[tl.to].offline) { target = tl.to; break; }
      queue.push_back(tl.to);
    }
  if (target == kNone) return;
  // A bypass never duplicates or revives a link that exists (up, down or
  // removed): the sender already streams to that node, or a reconfiguration
  // took the link away on purpose. Retiring a bypass then removes only what
  // it added.
  if (const LinkId existing = network_->find(l.from, target); existing != kNone) {
    // Only a bypass of ours that was retired may come back.
    bool ours = false, inUse = false;
    for (const Bypass& b : bypasses_)
      if (b.bypass == existing) (b.active ? inUse : ours) = true;
    if (!ours || inUse) return;
  }
  const LinkId bypass = addLinkNow(l.from, target);
  bypasses_.push_back(Bypass{id, bypass, true});
  autoFaults_.push_back(FaultSpec{});
  FaultSpec& spec = autoFaults_.back();
  spec.at = now_;
  spec.kind = FaultKind::Reconfigure;
  spec.add = {{topology_.name(l.from), topology_.name(target)}};
  spec.jsonPath = "auto_reconfigure";
  FaultEvent fe{now_, &spec};
  for (auto* o : observers_) o->onFault(fe);
  // What waited for the unreachable node goes round it (duplicates are
  // dropped by loop prevention like any other copy).
  for (MessageSlot s : network_->link(id).backlog) {
    const Message& m = network_->message(s);
    sendOn(bypass, m.write, m.path);
  }
}

void Simulation::retireBypass(LinkId original) {
  Bypass* b = activeBypass(original);
  b->active = false;
  const Link& l = network_->link(b->bypass);
  const auto gone = network_->discardAll(b->bypass);
  for (MessageSlot s : gone) {
    droppedWithStream_.push_back(network_->message(s).write);
    network_->release(s);
  }
  discarded_ += gone.size();
  network_->setDown(b->bypass, kRemoved, true, now_);
  autoFaults_.push_back(FaultSpec{});
  FaultSpec& spec = autoFaults_.back();
  spec.at = now_;
  spec.kind = FaultKind::Reconfigure;
  spec.remove = {{topology_.name(l.from), topology_.name(l.to)}};
  spec.jsonPath = "auto_reconfigure";
  FaultEvent fe{now_, &spec};
  for (auto* o : observers_) o->onFault(fe);
}

// A link added while the run goes on (reconfigure, auto_reconfigure) starts
// in the world as it is: a crashed or offline end and a partition between
// its ends hold it down. Its settings are the topology's for that pair when
// the original topology had the link, else links.default with the
// overrides that name it.
LinkId Simulation::addLinkNow(NodeId from, NodeId to) {
  LinkParams params = scenario_.links.defaults;
  bool original = false;
  for (const TopologyLink& tl : topology_.links())
    if (tl.from == from && tl.to == to) { params = tl.params; original = true; }
  if (!original)
    for (const LinkOverride& o : scenario_.links.overrides) {
      const std::string& a = topology_.name(from);
      const std::string& b = topology_.name(to);
      if ((o.from == a && o.to == b) || (o.both && o.from == b && o.to == a)) params.apply(o.settings);
    }
  return addLinkWith(from, to, params);
}

LinkId Simulation::addLinkWith(NodeId from, NodeId to, const LinkParams& params) {
  const LinkId id = network_->addLink(from, to, params, now_);
  network_->setDown(id, kReceiverCrashed, replicas_[to].crashed, now_);
  network_->setDown(id, kSenderCrashed, replicas_[from].crashed, now_);
  network_->setDown(id, kEndOffline, replicas_[from].offline || replicas_[to].offline, now_);
  network_->setDown(id, kPartitioned, !partitionGroup_.empty() && partitionGroup_[from] != partitionGroup_[to], now_);
  return id;
}

void Simulation::applyFault(const FaultSpec& f) {
  FaultEvent fe{now_, &f};
  for (auto* o : observers_) o->onFault(fe);
  auto node = [&](const std::string& name) { return *topology_.find(name); };
  auto linkDown = [&](NodeId a, NodeId b, LinkDownReason reason, bool on) {
    const LinkId id = network_->find(a, b);
    if (id == kNone) return;
    const uint32_t moved = network_->setDown(id, reason, on, now_);
    if (moved > 0) {
      StreamEvent ev{now_, a, b, moved, !on};
      for (auto* o : observers_) o->onStream(ev);
    }
  };
  switch (f.kind) {
    case FaultKind::Crash: crashNode(node(f.node)); break;
    case FaultKind::Recover: recoverNode(node(f.node)); break;
    case FaultKind::Offline:
    case FaultKind::Online: {
      const NodeId n = node(f.node);
      replicas_[n].offline = f.kind == FaultKind::Offline;
      refreshOfflineLinks(n);
      break;
    }
    case FaultKind::LinkDown:
    case FaultKind::LinkUp: {
      const NodeId a = node(f.link.first), b = node(f.link.second);
      const bool on = f.kind == FaultKind::LinkDown;
      linkDown(a, b, kLinkDownFault, on);
      if (f.both) linkDown(b, a, kLinkDownFault, on);
      break;
    }
    case FaultKind::Partition: {
      // Nodes not named in any group form one more group together.
      std::vector<int>& group = partitionGroup_;
      group.assign(replicas_.size(), -1);
      for (size_t g = 0; g < f.groups.size(); ++g)
        for (const auto& name : f.groups[g]) group[node(name)] = static_cast<int>(g);
      for (LinkId id = 0; id < network_->linkCount(); ++id) {
        const Link& l = network_->link(id);
        if (group[l.from] != group[l.to]) linkDown(l.from, l.to, kPartitioned, true);
      }
      break;
    }
    case FaultKind::Heal:
      partitionGroup_.clear();
      for (LinkId id = 0; id < network_->linkCount(); ++id) {
        const Link& l = network_->link(id);
        linkDown(l.from, l.to, kPartitioned, false);
      }
      break;
    case FaultKind::Resume:
      for (const auto& name : f.resume) setNodeLinks(node(name), kHalted, false, true, false);
      break;
    case FaultKind::Reconfigure: {
      // A removed link's unsent stream (in flight or waiting) is re-pointed:
      // the sender's replication log continues on the links the same
      // reconfiguration adds from that sender, in order — as repointing a
      // MySQL replica continues from the binlog position. With no new link
      // from that sender, it is discarded (counted).
      std::map<NodeId, std::vector<std::pair<WriteIndex, PathId>>> unsent;
      for (const auto& [a, b] : f.remove) {
        const LinkId id = network_->find(node(a), node(b));
        if (id == kNone) continue;
        for (MessageSlot s : network_->discardAll(id)) {
          unsent[node(a)].emplace_back(network_->message(s).write, network_->message(s).path);
          network_->release(s);
        }
        network_->setDown(id, kRemoved, true, now_);
      }
      std::set<NodeId> repointed;
      for (const auto& [a, b] : f.add) {
        const LinkId id = addLinkNow(node(a), node(b));
        if (auto it = unsent.find(node(a)); it != unsent.end()) {
          repointed.insert(node(a));
          for (const auto& [w, path] : it->second) sendOn(id, w, path);
        }
      }
      for (const auto& [sender, messages] : unsent)
        if (!repointed.count(sender)) {
          discarded_ += messages.size();
          for (const auto& m : messages) droppedWithStream_.push_back(m.first);
        }
      break;
    }
    case FaultKind::CrashDatacenter: {
      // Every node at once (followers, then the leader), as crash does each.
      const uint32_t dc = *dcs_->find(f.node);
      for (NodeId m : dcs_->followers(dc)) crashNode(m);
      crashNode(dcs_->leader(dc));
      break;
    }
    case FaultKind::RecoverDatacenter: {
      // The leader first: a follower that recovers while its leader is still
      // down would otherwise look like a candidate for a failover.
      const uint32_t dc = *dcs_->find(f.node);
      recoverNode(dcs_->leader(dc));
      for (NodeId m : dcs_->followers(dc)) recoverNode(m);
      break;
    }
  }
}

// ------------------------------------------------------------ datacenters
//
// Followers, clients that live in a datacenter, crash_datacenter and leader
// failover. docs/datacenters.md states the rules; comments here say why.

bool Simulation::takesWrites(NodeId n) const {
  if (dcs_) return dcs_->takesWrites(n);
  if (topology_.kind() == TopologyKind::SingleLeader) return topology_.name(n) == scenario_.topology.leader;
  return true;
}

// A client lives in a datacenter. A write goes to the leader that takes it
// now — its datacenter's (multi-leader), the root datacenter's
// (single-leader) — and a read to the node it names, or with "dc" to the
// datacenter's leader. Reaching another node of its own datacenter costs the
// client the datacenter's mean intra latency; reaching another datacenter
// (single-leader) adds the route between the two datacenters' leaders.
void Simulation::runDatacenterClientOp(uint32_t opIndex) {
  const PlannedOp& op = ops_[opIndex];
  const bool viaDc = op.dc != UINT32_MAX;
  const uint32_t dc = viaDc ? op.dc : dcs_->dcOf(op.node);
  const SimTime intra = (*dcs_)[dc].clientLatency;
  NodeId target = op.node;
  SimTime latency = SimTime::zero();
  if (op.op == OpKind::Read) {
    if (viaDc) {
      target = dcs_->leader(dc);
      latency = intra;
    }
  } else if (dcs_->rootDc() == DatacenterDirectory::kNoDatacenter) {
    target = dcs_->leader(dc);
    if (viaDc || target != op.node) latency = intra;
  } else {
    target = dcs_->leader(dcs_->rootDc());
    // Single-leader: the request leaves the client's datacenter and travels
    // to the one leader. A datacenter that is down takes its clients with it;
    // a cut on the way refuses the request (a crashed leader is found so on
    // arrival).
    const NodeId entry = viaDc ? dcs_->leader(dc) : op.node;
    const SimTime route = routeLatency(entry, target);
    latency = route == SimTime::max() ? route : route + (viaDc ? intra : SimTime::zero());
    if (entry != target && replicas_[entry].crashed) return failClientOp(op, entry, FailReason::Crashed);
    if (entry != target && !replicas_[target].crashed && !connectedNow(entry, target)) latency = SimTime::max();
  }
  if (latency == SimTime::max()) return failClientOp(op, target, FailReason::Unreachable);
  if (latency == SimTime::zero()) return executeClientOp(opIndex, target, now_);
  routed_.push_back(RoutedOp{opIndex, target, now_});
  scheduler_.schedule(now_ + latency, kRoutedOpEvent, static_cast<uint32_t>(routed_.size() - 1));
}

// What a node sends on its link to `to`. A datacenter's leader relays
// everything it applies to a node that takes no writes (its followers; in
// single-leader, the other datacenters' leaders): followers must get remote
// writes whatever replication.forward says. To another leader it sends its
// own datacenter's writes (those of an old leader too, which it now speaks
// for) and, with forward on, everything. Followers send nothing.
bool Simulation::carries(NodeId from, NodeId to, WriteIndex w) const {
  if (!dcs_->leads(from)) return false;
  if (!dcs_->takesWrites(to)) return true;
  return peerForward_ || dcs_->dcOf(writes_[w].dot.origin) == dcs_->dcOf(from);
}

void Simulation::forwardInDatacenters(NodeId node, WriteIndex w, PathId pathSoFar) {
  if (!dcs_->leads(node)) return;
  std::optional<PathId> path;  // extended only when something is sent
  for (LinkId id : network_->outLinks(node)) {
    const Link& l = network_->link(id);
    if ((l.down & kRemoved) != 0 || !carries(node, l.to, w)) continue;
    if (!path) path = paths_.extend(pathSoFar, node);
    sendOn(id, w, *path);
  }
}

void Simulation::crashNode(NodeId n) {
  Replica& r = replicas_[n];
  if (r.crashed) return;
  r.crashed = true;
  setLive(n, false);
  setNodeLinks(n, kReceiverCrashed, true, false, true);
  setNodeLinks(n, kSenderCrashed, false, true, true);
  if (!failover_) return;
  failover_->noteCrash(n, now_);
  if (scenario_.topology.failoverAfter && dcs_->leads(n))
    scheduler_.schedule(now_ + *scenario_.topology.failoverAfter, kFailoverCheckEvent, n);
}

void Simulation::recoverNode(NodeId n) {
  Replica& r = replicas_[n];
  if (!r.crashed) return;
  r.crashed = false;
  setLive(n, true);
  setNodeLinks(n, kReceiverCrashed, true, false, false);
  setNodeLinks(n, kSenderCrashed, false, true, false);
  if (!failover_) return;
  if (const auto pending = failover_->pendingRejoin(n); pending && !dcs_->leads(n)) rejoin(n, *pending);
  // A follower back while its leader has been down past failover_after_ms:
  // the check that found no one to promote (all were down) runs again.
  const NodeId leader = dcs_->leader(dcs_->dcOf(n));
  if (leader != n && replicas_[leader].crashed) checkFailover(leader);
}

// The scheduled check: a failover is due when the datacenter's leader is
// still down, still its leader, and has been down without a break since at
// least failover_after_ms (a leader that recovered and crashed again has a
// check of its own for the later crash).
void Simulation::checkFailover(NodeId leader) {
  const auto& after = scenario_.topology.failoverAfter;
  if (!after || !replicas_[leader].crashed || !dcs_->leads(leader)) return;
  if (now_ - failover_->crashedSince(leader) < *after) return;
  promote(dcs_->dcOf(leader), leader);
}

void Simulation::promote(uint32_t dc, NodeId oldLeader) {
  const std::optional<NodeId> chosen = Failover::chooseNewLeader(*dcs_, dc, replicas_, topology_);
  if (!chosen) return;  // every follower is down too: the datacenter waits
  const NodeId leader = *chosen;
  FailoverEvent ev;
  ev.at = now_;
  ev.datacenter = dc;
  ev.oldLeader = oldLeader;
  ev.newLeader = leader;
  ev.lost = Failover::lostWrites(replicas_[oldLeader], replicas_[leader], writes_);
  ev.replay = scenario_.topology.failoverRejoin == FailoverRejoin::Replay;

  // The old leader's links are removed with whatever is unsent on them (in
  // flight or waiting): the streams they carried are re-made from the new
  // leader's position by the catch-up below. Its links to other datacenters
  // are re-made for the new leader with the same settings, so the topology
  // between datacenters keeps its shape.
  struct Remade {
    NodeId other;
    bool outbound;
    LinkParams params;
  };
  std::vector<Remade> remade;
  for (LinkId id = 0; id < network_->linkCount(); ++id) {
    const Link& l = network_->link(id);
    if ((l.down & kRemoved) != 0 || (l.from != oldLeader && l.to != oldLeader)) continue;
    const NodeId other = l.from == oldLeader ? l.to : l.from;
    if (dcs_->dcOf(other) != dc) remade.push_back(Remade{other, l.from == oldLeader, l.params});
    // Not recorded in droppedWithStream_: what the new leader lacks is in
    // ev.lost, and the catch-up re-sends everything else.
    for (MessageSlot slot : network_->discardAll(id)) {
      network_->release(slot);
      ++ev.discardedMessages;
    }
    network_->setDown(id, kRemoved, true, now_);
  }
  dcs_->promote(dc, leader);
  std::vector<LinkId> added;
  for (const Remade& m : remade)
    added.push_back(m.outbound ? addLinkWith(leader, m.other, m.params) : addLinkWith(m.other, leader, m.params));
  for (NodeId f : dcs_->followers(dc))
    if (f != oldLeader) added.push_back(addLinkWith(leader, f, intraParams(leader, f)));

  // discard: a follower that holds a lost write would keep data its new
  // leader will never have; it is re-synced from the new leader, as the old
  // leader will be when it returns.
  if (!ev.replay)
    for (NodeId f : dcs_->followers(dc)) {
      if (f == oldLeader) continue;
      bool holdsLost = false;
      for (WriteIndex w : ev.lost) holdsLost = holdsLost || replicas_[f].processed.contains(writes_[w].dot);
      if (!holdsLost) continue;
      resync(f, leader);
      ev.resynced.push_back(f);
    }
  for (LinkId id : added) catchUp(id);
  if (!ev.replay) voidLostWrites(ev.lost);
  failover_->add(Failover::Record{now_, dc, oldLeader, leader, ev.lost, std::nullopt});
  for (auto* o : observers_) o->onFailover(ev);
}

// The old leader is back: it rejoins as a follower of the new leader.
// discard: its state becomes a copy of the leader's, so its unreplicated
// writes are gone. replay: it keeps its state, catches up from the leader,
// and sends the leader its unreplicated writes, which meet the leader's own
// writes as conflicts like any other replicated write.
void Simulation::rejoin(NodeId node, size_t index) {
  Failover::Record& record = (*failover_)[index];
  record.rejoinedAt = now_;
  const NodeId leader = dcs_->leader(record.dc);
  RejoinEvent ev;
  ev.at = now_;
  ev.datacenter = record.dc;
  ev.node = node;
  ev.leader = leader;
  const std::vector<WriteIndex> lost = record.lost;
  if (scenario_.topology.failoverRejoin == FailoverRejoin::Discard) {
    for (WriteIndex w : lost)
      if (!replicas_[leader].processed.contains(writes_[w].dot)) ev.confirmedLost.push_back(w);
    resync(node, leader);
    ev.resynced = true;
    catchUp(addLinkWith(leader, node, intraParams(leader, node)));
  } else {
    catchUp(addLinkWith(leader, node, intraParams(leader, node)));
    const LinkId back = addLinkWith(node, leader, intraParams(node, leader));
    for (WriteIndex w : lost) {
      if (replicas_[leader].received.contains(writes_[w].dot)) continue;
      sendOn(back, w, paths_.root(node));
      ev.replayed.push_back(w);
    }
  }
  for (auto* o : observers_) o->onRejoin(ev);
}

// discard: the lost writes will not come back (unless a forwarding peer
// relays one), so nothing may wait for them any more — neither a write that
// depends on one (held for causal order, or counted as overtaking), nor the
// old leader's next write should it lead again. Live replicas release what
// they held for them now.
void Simulation::voidLostWrites(const std::vector<WriteIndex>& lost) {
  if (lost.empty()) return;
  voided_.resize(writes_.size(), 0);
  for (WriteIndex w : lost) voided_[w] = 1;
  for (NodeId n = 0; n < replicas_.size(); ++n)
    if (!replicas_[n].crashed)
      for (WriteIndex w : lost) releaseHeld(n, writes_[w].dot);
}

bool Simulation::voided(Dot d) const {
  if (voided_.empty()) return false;
  const WriteIndex w = writes_.find(d);
  return w != kNone && w < voided_.size() && voided_[w] != 0;
}

// A re-sync from the leader's snapshot: the node's data and what it has
// processed become a copy of `from`'s. What it had that `from` lacks is
// gone. Writes held back for causal order are dropped, and `received`
// becomes what `from` has processed, so that they arrive again from the
// leader once it applies them.
void Simulation::resync(NodeId node, NodeId from) {
  Replica& r = replicas_[node];
  const Replica& src = replicas_[from];
  for (WriteIndex w = 0; w < writes_.size(); ++w) {
    const Dot d = writes_[w].dot;
    const bool had = r.processed.contains(d), has = src.processed.contains(d);
    if (has && !had) {
      ++progress_[w].applied;
      progress_[w].lastAt = std::max(progress_[w].lastAt, now_);
    } else if (had && !has && progress_[w].applied > 0) {
      --progress_[w].applied;
    }
  }
  const uint64_t before = r.digest;
  r.keys = src.keys;
  r.received = src.processed;
  r.processed = src.processed;
  r.digest = src.digest;
  r.lamport = std::max(r.lamport, src.lamport);
  r.held.clear();
  // Its next write (should it lead again) depends on everything it now has.
  r.pendingOrigins.clear();
  for (NodeId o = 0; o < r.pendingDeps.size(); ++o) {
    r.pendingDeps[o] = r.processed.contiguous(o);
    if (r.pendingDeps[o] != 0) r.pendingOrigins.push_back(o);
  }
  if (r.digest != before) digestChanged(r, before);
}

// A link made by a failover or a rejoin starts where its receiver stands,
// as a replica repointed with GTID auto-positioning does: the sender sends,
// in write order (which respects causality), every write it has processed
// that the receiver has not received and that it would send on this link.
void Simulation::catchUp(LinkId link) {
  const NodeId from = network_->link(link).from, to = network_->link(link).to;
  for (WriteIndex w = 0; w < writes_.size(); ++w) {
    const Dot d = writes_[w].dot;
    if (!replicas_[from].processed.contains(d) || replicas_[to].received.contains(d) || !carries(from, to, w)) continue;
    sendOn(link, w, d.origin == from ? paths_.root(from) : paths_.extend(paths_.root(d.origin), from));
  }
}

LinkParams Simulation::intraParams(NodeId from, NodeId to) const {
  return DatacenterTopology::intraLink(scenario_.links, *(*dcs_)[dcs_->dcOf(from)].spec, topology_.name(from),
                                       topology_.name(to));
}

}  // namespace replsim
