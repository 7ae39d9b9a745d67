// CausalContext and SiblingObject: the dotted version vector's sync and
// discard-by-context, and the classic sibling explosion worked by hand —
// two clients writing one key through one vnode, each with the context of
// its own last write — with per-vnode clocks (siblings grow by one per
// write) against dotted version vectors (never more than two).
#include "sim/conflicts/DottedVersionVector.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/core/Random.h"

using namespace replsim;

namespace {

constexpr NodeId A = 0, B = 1;

std::string name(NodeId n) { return std::string(1, static_cast<char>('A' + n)); }

CausalContext ctxOf(std::initializer_list<Dot> dots) {
  CausalContext c;
  for (const Dot& d : dots) c.add(d);
  return c;
}

std::vector<uint32_t> ids(const SiblingObject& o) {
  std::vector<uint32_t> v;
  for (const Sibling& s : o.siblings()) v.push_back(s.id);
  std::sort(v.begin(), v.end());
  return v;
}

// The coordinator's step (as LeaderlessProtocol does it): the version the
// write creates, synced into the coordinator's object; the client keeps the
// version's context for its next write.
struct Vnode {
  SiblingClock clock;
  SiblingObject object;
  uint32_t counter = 0;
  uint32_t write(uint32_t id, CausalContext& session) {
    const SiblingObject v = SiblingObject::write(clock, object, Dot{A, ++counter}, id, session);
    object.sync(v, clock);
    session = v.context();
    return static_cast<uint32_t>(object.siblings().size());
  }
};

}  // namespace

TEST_CASE("conflicts::CausalContext: an exact set of dots, compacted to a version vector where contiguous") {
  CausalContext c;
  c.add(Dot{A, 3});  // A's third write arrived before its first two
  CHECK(c.contains(Dot{A, 3}));
  CHECK_FALSE(c.contains(Dot{A, 1}));  // a plain version vector {A:3} would claim A1 and A2
  CHECK_FALSE(c.contains(Dot{A, 2}));
  CHECK(c.max(A) == 3);
  CHECK(c.toString(name) == "{ +A3}");
  c.add(Dot{A, 1});
  CHECK(c.toString(name) == "{A:1 +A3}");
  c.add(Dot{A, 2});  // the gap closes: one entry
  CHECK(c.toString(name) == "{A:3}");
  CHECK(c.includes(ctxOf({{A, 1}, {A, 3}})));
  CHECK_FALSE(ctxOf({{A, 1}, {A, 3}}).includes(c));
  CausalContext v;
  v.advance(Dot{B, 2});  // version-vector step: B1 and B2
  CHECK(v.contains(Dot{B, 1}));
  CHECK(v.toString(name) == "{B:2}");
  v.join(c);
  CHECK(v.toString(name) == "{A:3, B:2}");
  CHECK(v.includes(c));
  CHECK(v.max(B) == 2);
  CHECK(v.max(2) == 0);
}

TEST_CASE("conflicts::SiblingObject: a write discards exactly the siblings its context covers (dotted)") {
  // A holds a1 (dot A1) and, concurrent with it, b1 (B1).
  SiblingObject o;
  o.sync(SiblingObject::write(SiblingClock::Dotted, {}, Dot{A, 1}, 1, {}), SiblingClock::Dotted);
  o.sync(SiblingObject::write(SiblingClock::Dotted, {}, Dot{B, 1}, 2, {}), SiblingClock::Dotted);
  CHECK(ids(o) == std::vector<uint32_t>{1, 2});
  // A write that saw only a1 replaces a1 and keeps b1.
  o.sync(SiblingObject::write(SiblingClock::Dotted, {}, Dot{A, 2}, 3, ctxOf({{A, 1}})), SiblingClock::Dotted);
  CHECK(ids(o) == std::vector<uint32_t>{2, 3});
  CHECK(o.context().toString(name) == "{A:2, B:1}");
  // A copy of a1 arriving late changes nothing: its dot is in the context.
  CHECK_FALSE(o.sync(SiblingObject::write(SiblingClock::Dotted, {}, Dot{A, 1}, 1, {}), SiblingClock::Dotted));
  CHECK(ids(o) == std::vector<uint32_t>{2, 3});
}

TEST_CASE("conflicts::SiblingObject: the DVV sync keeps what the other side has not seen and drops what it replaced") {
  const auto w = [](Dot d, uint32_t id, CausalContext past) {
    return SiblingObject::write(SiblingClock::Dotted, {}, d, id, past);
  };
  // Replica P: a1, then a2 (past {A1}) replaced it: {a2}, context {A:2}.
  SiblingObject p;
  p.sync(w({A, 1}, 1, {}), SiblingClock::Dotted);
  p.sync(w({A, 2}, 2, ctxOf({{A, 1}})), SiblingClock::Dotted);
  // Replica Q: a1 and b1 (concurrent): {a1, b1}.
  SiblingObject q;
  q.sync(w({A, 1}, 1, {}), SiblingClock::Dotted);
  q.sync(w({B, 1}, 3, {}), SiblingClock::Dotted);
  // sync: a1 is in P's context and not P's siblings (replaced): dropped;
  // b1 P has not seen: kept; a2 Q has not seen: kept.
  SiblingObject pq = p, qp = q;
  CHECK(pq.sync(q, SiblingClock::Dotted));
  CHECK(qp.sync(p, SiblingClock::Dotted));
  CHECK(ids(pq) == std::vector<uint32_t>{2, 3});
  CHECK(pq == qp);  // commutative
  CHECK_FALSE(pq.sync(q, SiblingClock::Dotted));  // idempotent: nothing new
  CHECK(pq.context().toString(name) == "{A:2, B:1}");
}

TEST_CASE("conflicts::SiblingObject: vnode clocks merge syntactically (descends: replace; concurrent: union)") {
  SiblingObject older = SiblingObject::write(SiblingClock::Vnode, {}, Dot{A, 1}, 1, {});  // [1] {A:1}
  SiblingObject newer = SiblingObject::write(SiblingClock::Vnode, older, Dot{A, 2}, 2, older.context());  // [2] {A:2}
  CHECK(ids(newer) == std::vector<uint32_t>{2});
  SiblingObject other = SiblingObject::write(SiblingClock::Vnode, {}, Dot{B, 1}, 3, {});  // [3] {B:1}
  SiblingObject x = older;
  CHECK(x.sync(newer, SiblingClock::Vnode));
  CHECK(x == newer);
  CHECK_FALSE(x.sync(older, SiblingClock::Vnode));  // x descends older
  CHECK(x.sync(other, SiblingClock::Vnode));
  CHECK(ids(x) == std::vector<uint32_t>{2, 3});
  CHECK(x.context().toString(name) == "{A:2, B:1}");
  // A write whose context is older than the object's clock keeps every value.
  const SiblingObject y = SiblingObject::write(SiblingClock::Vnode, x, Dot{A, 3}, 4, older.context());
  CHECK(ids(y) == std::vector<uint32_t>{2, 3, 4});
}

TEST_CASE("conflicts::SiblingObject: the sibling explosion by hand — vnode clocks grow, dotted version vectors stay at 2") {
  // Riak's example (docs "Sibling explosion"; DVV paper, section 2): clients
  // X and Y write one key through vnode A, each with the context of its own
  // last write, alternately: X Bob, Y Sue, X Rita, Y Michelle, …
  //   vnode:  1: [Bob] {A:1}            X keeps {A:1}
  //           2: Y's {} does not include {A:1}: [Bob, Sue] {A:2}
  //           3: X's {A:1} does not include {A:2}: [Bob, Sue, Rita] {A:3}
  //           k: every write is added beside all the others: k siblings.
  //   dotted: 1: {A1 Bob}               X keeps {A1}
  //           2: Y's {} covers nothing: {A1 Bob, A2 Sue}, Y keeps {A2}
  //           3: X's {A1} covers Bob:   {A2 Sue, A3 Rita}, X keeps {A1, A3}
  //           4: Y's {A2} covers Sue:   {A3 Rita, A4 Michelle}
  //           k: each write replaces its own client's last: 2 siblings.
  Vnode vnode{SiblingClock::Vnode, {}};
  Vnode dotted{SiblingClock::Dotted, {}};
  CausalContext vx, vy, dx, dy;
  std::vector<uint32_t> vnodeCounts, dottedCounts;
  for (uint32_t id = 1; id <= 10; ++id) {
    vnodeCounts.push_back(vnode.write(id, id % 2 ? vx : vy));
    dottedCounts.push_back(dotted.write(id, id % 2 ? dx : dy));
  }
  CHECK(vnodeCounts == std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(dottedCounts == std::vector<uint32_t>{1, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  CHECK(ids(dotted.object) == std::vector<uint32_t>{9, 10});  // each client's last write
  CHECK(dx.toString(name) == "{A:1 +A3 +A5 +A7 +A9}");       // X's writes only: exact, not {A:9}
  // A client that read the whole object (its context) replaces every sibling.
  CausalContext reader = vnode.object.context();
  CHECK(vnode.write(11, reader) == 1);
  reader = dotted.object.context();
  CHECK(dotted.write(11, reader) == 1);
}

TEST_CASE("conflicts::SiblingObject: replicas that receive the same writes in any order hold the same object") {
  // Random writes with random pasts (subsets of earlier dots), delivered to
  // two replicas in two random orders, and one replica assembled from two
  // halves by sync: all equal (the DVV sync is a join).
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    Random rng(seed);
    std::vector<SiblingObject> versions;
    std::vector<Dot> dots;
    uint32_t counters[3] = {0, 0, 0};
    const int n = 2 + static_cast<int>(rng.below(10));
    for (int i = 0; i < n; ++i) {
      const NodeId node = static_cast<NodeId>(rng.below(3));
      CausalContext past;
      for (const Dot& d : dots)
        if (rng.bernoulli(0.5)) past.add(d);
      const Dot dot{node, ++counters[node]};
      versions.push_back(SiblingObject::write(SiblingClock::Dotted, {}, dot, static_cast<uint32_t>(i), past));
      dots.push_back(dot);
    }
    std::vector<size_t> order(versions.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    SiblingObject first, second, left, right;
    for (size_t i : order) first.sync(versions[i], SiblingClock::Dotted);
    for (size_t i = order.size(); i-- > 1;) std::swap(order[i], order[rng.below(i + 1)]);
    for (size_t i : order) second.sync(versions[i], SiblingClock::Dotted);
    for (size_t k = 0; k < order.size(); ++k) (k % 2 ? left : right).sync(versions[order[k]], SiblingClock::Dotted);
    left.sync(right, SiblingClock::Dotted);
    INFO("seed " << seed);
    CHECK(first == second);
    CHECK(left == first);
    // The survivors are exactly the writes no other write's past covers.
    std::vector<uint32_t> expected;
    for (size_t i = 0; i < versions.size(); ++i) {
      bool covered = false;
      for (size_t j = 0; j < versions.size(); ++j)
        covered = covered || (j != i && versions[j].context().contains(dots[i]));
      if (!covered) expected.push_back(static_cast<uint32_t>(i));
    }
    CHECK(ids(first) == expected);
  }
}
