// Simulation: builds the components and runs the event loop (see
// Simulation.h). The rules live in the components; this file decides only
// what runs next.
#include "sim/replication/Simulation.h"

#include <algorithm>

#include "sim/conflicts/ResolverRegistry.h"
#include "sim/core/Prefetch.h"
#include "sim/replication/AutoReconfigure.h"
#include "sim/replication/ClientRouter.h"
#include "sim/replication/DatacenterFailover.h"
#include "sim/replication/EventKind.h"
#include "sim/replication/FaultInjector.h"
#include "sim/replication/LinkFactory.h"
#include "sim/replication/MessageSender.h"
#include "sim/replication/Protocols.h"
#include "sim/replication/RouteTable.h"

namespace replsim {

const char* toString(StopReason r) {
  switch (r) {
    case StopReason::Quiescent: return "quiescent";
    case StopReason::Until: return "until";
    case StopReason::MaxEvents: return "max_events";
    case StopReason::MaxHops: return "max_hops";
  }
  return "?";
}

namespace {

// The protocol the scenario chose, built in place (protocols are not movable).
AnyProtocol makeProtocol(const SimContext& ctx, MessageSender& sender, DatacenterFailover& dcs, RouteTable& routes) {
  if (ctx.scenario.replication.mode == ProtocolKind::Leaderless)
    return AnyProtocol(std::in_place_type<LeaderlessProtocol>, ctx, sender);
  return AnyProtocol(std::in_place_type<MultiLeaderProtocol>, ctx, sender, dcs, routes);
}

}  // namespace

// Built in dependency order; each holds references to the ones before it
// (DatacenterFailover reaches the protocol through a callback set after).
struct Simulation::Components {
  explicit Components(const SimContext& context, const std::vector<PlannedOp>& ops, const ReadResolver* readResolver)
      : ctx(context),
        routes(context.topology),
        sender(context),
        links(context),
        dcs(context, sender, links),
        protocol(makeProtocol(context, sender, dcs, routes)),
        router(context, ops, protocol, dcs, routes, readResolver),
        autoReconfigure(context, sender, links),
        faults(context, sender, links, dcs, autoReconfigure) {
    dcs.setVoidWrites([this](const std::vector<WriteIndex>& lost) { voidWrites(protocol, lost); });
  }

  SimContext ctx;
  RouteTable routes;
  MessageSender sender;
  LinkFactory links;
  DatacenterFailover dcs;
  AnyProtocol protocol;
  ClientRouter router;
  AutoReconfigure autoReconfigure;
  FaultInjector faults;
};

Simulation::Simulation(Scenario scenario, SimulationOptions options)
    : scenario_(std::move(scenario)),
      seed_(options.seed.value_or(scenario_.seed)),
      until_(options.until ? options.until : scenario_.until),
      topology_(Topology::build(scenario_.topology, scenario_.links)),
      rng_(seed_),
      networkRng_(rng_.fork()),
      resolver_(ResolverRegistry::global().makeWriteResolver(scenario_.replication.conflicts)),
      readResolver_(ResolverRegistry::global().readResolver(scenario_.replication.conflicts.onRead)),
      replicas_(topology_, writes_, run_.now) {
  Random workloadRng = rng_.fork();
  ops_ = planClientOps(scenario_, topology_, workloadRng,
                       [this](const std::string& k) { return replicas_.internKey(k); });
  // The explicit writes live on as ops_: their text form (64,000 writes,
  // 11 MB) goes back to the allocator for the run to reuse.
  std::vector<ClientOp>().swap(scenario_.writes);
  network_ = std::make_unique<Network>(topology_, scheduler_, networkRng_);
  // A run's paths are at most max_hops + 1 nodes long (MessageSender stops
  // a longer one), so their lengths count exactly in the packed entries.
  paths_ = PathTable(topology_.nodeCount(), uint64_t{scenario_.limits.maxHops} + 1);
  replicas_.create(topology_.nodeCount());
  for (const FaultSpec& f : scenario_.faults) faults_.push_back(&f);
  std::stable_sort(faults_.begin(), faults_.end(),
                   [](const FaultSpec* a, const FaultSpec* b) { return a->at < b->at; });

  size_t writeOps = 0;
  for (const PlannedOp& op : ops_) writeOps += op.op != OpKind::Read;
  // A write's dependency list is read only by replicas that have not
  // processed it. Without faults no failover hands a replica another's
  // processed set, and asynchronous multi-leader replication processes a
  // write once per replica: the list can go once every replica has it.
  if (scenario_.faults.empty() && scenario_.replication.mode != ProtocolKind::Leaderless &&
      scenario_.replication.conflicts.detect == Detect::Async)
    writes_.recycleDepsAfter(static_cast<uint32_t>(topology_.nodeCount()));
  writes_.reserve(writeOps);
  replicas_.reserveWrites(writeOps);

  const SimContext ctx{scenario_, topology_, scheduler_, *network_, writes_, paths_, replicas_,
                       observers_, *resolver_, sync_,    run_};
  parts_ = std::make_unique<Components>(ctx, ops_, readResolver_);
}

Simulation::~Simulation() = default;

void Simulation::prefetchReceiverKey(MessageSlot slot) const {
  // A hint only: the slot may be stale (its message pulled back), so every
  // index is checked before it is used to form an address.
  const Message& m = network_->message(slot);
  if (m.write >= writes_.size() || m.link >= network_->linkCount()) return;
  const NodeId to = network_->link(m.link).to;
  const KeyId key = writes_[m.write].key;
  if (to < replicas_.size() && key < replicas_[to].keys.size()) prefetchRead(&replicas_[to].keys[key]);
}

// ---------------------------------------------------------------- the loop

RunOutcome Simulation::run() {
  enum StreamKind { kFaultStream, kClientStream, kEventStream };
  size_t nextFault = 0, nextOp = 0;
  const uint64_t maxEvents = scenario_.limits.maxEvents;
  while (!run_.stopped) {
    // Pick the earliest of the three streams; ties go fault, client, event.
    SimTime t = SimTime::max();
    StreamKind stream = kEventStream;
    if (nextFault < faults_.size()) { t = faults_[nextFault]->at; stream = kFaultStream; }
    if (nextOp < ops_.size() && ops_[nextOp].at < t) { t = ops_[nextOp].at; stream = kClientStream; }
    if (!scheduler_.empty() && scheduler_.peekKey().time < t) { t = scheduler_.peekKey().time; stream = kEventStream; }
    if (t == SimTime::max()) break;  // nothing left to happen
    if (until_ && t > *until_) {
      RunOutcome out;
      out.reason = StopReason::Until;
      run_.requestStop(out);
      run_.now = *until_;
      break;
    }
    if (eventsProcessed_ >= maxEvents) {
      RunOutcome out;
      out.reason = StopReason::MaxEvents;
      out.limit = maxEvents;
      out.at = run_.now;
      out.loopPrevention = scenario_.replication.loopPrevention;
      run_.requestStop(out);
      break;
    }
    ++eventsProcessed_;
    run_.now = t;
    switch (stream) {
      case kFaultStream: parts_->faults.runFault(*faults_[nextFault++]); break;
      case kClientStream: parts_->router.runClientOp(static_cast<uint32_t>(nextOp++)); break;
      case kEventStream: {
        const Event e = scheduler_.pop();
        // Software pipelining: the messages of the next arrivals (the next
        // event, the rest of its run, the heap's candidates for the one
        // after) load while this event runs.
        // The next one's receiver key too: its message was asked for an
        // event or more ago, and the key is the apply's first miss.
        bool next = true;
        scheduler_.forUpcoming(5, [&](uint32_t kind, uint32_t target) {
          if (kind == static_cast<uint32_t>(EventKind::Deliver)) {
            if (next) prefetchReceiverKey(target);
            else network_->prefetch(target);
          }
          next = false;
        });
        dispatch(e);
        break;
      }
    }
  }
  end_ = run_.now;
  return run_.stopped.value_or(RunOutcome{});
}

// No default: -Wswitch names an EventKind nobody handles.
void Simulation::dispatch(const Event& e) {
  const auto kind = static_cast<EventKind>(e.kind);
  switch (kind) {
    case EventKind::Deliver: deliver(parts_->protocol, e); break;
    case EventKind::RoutedOp: parts_->router.routedOpArrives(e.target); break;
    case EventKind::AutoReconfigure: parts_->autoReconfigure.check(e.target); break;
    case EventKind::FailoverCheck: parts_->dcs.checkFailover(e.target); break;
    case EventKind::SyncNotice:
    case EventKind::SyncApply:
    case EventKind::QuorumWriteTimeout:
    case EventKind::QuorumReadTimeout:
    case EventKind::HintHandoff:
    case EventKind::ClientLoopback:
    case EventKind::TombstoneGc:
    case EventKind::AntiEntropyRound: handleEvent(parts_->protocol, kind, e.target); break;
  }
}

// ------------------------------------------------------------------ views

const DatacenterDirectory* Simulation::datacenters() const { return parts_->dcs.directory(); }

bool Simulation::takesWrites(NodeId n) const { return parts_->dcs.takesWrites(n); }

const LeaderlessProtocol* Simulation::leaderless() const { return std::get_if<LeaderlessProtocol>(&parts_->protocol); }

size_t Simulation::heldAtEnd() const { return replsim::heldAtEnd(parts_->protocol); }

std::vector<uint8_t> Simulation::reachableFrom(NodeId s) const { return replsim::reachableFrom(parts_->protocol, s); }

bool Simulation::everyNodeReachesEveryNode() const { return replsim::everyNodeReachesEveryNode(parts_->protocol); }

bool Simulation::everyWriteCanReachEveryNode() const {
  if (everyNodeReachesEveryNode()) return true;  // O(nodes + links), not a search per node
  for (NodeId s = 0; s < replicas_.size(); ++s) {
    if (!takesWrites(s)) continue;
    const std::vector<uint8_t> seen = reachableFrom(s);
    if (std::find(seen.begin(), seen.end(), 0) != seen.end()) return false;
  }
  return true;
}

}  // namespace replsim
