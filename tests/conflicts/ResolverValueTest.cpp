// The conflict resolvers through their value API alone: ConflictInputs built
// by hand, no replication engine. The expected results are derived from the
// contracts in sim/conflicts/*.h, docs/semantics.md ("Conflict resolution")
// and docs/custom-resolvers.md, not from running the code.

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/conflicts/ApplyRemoteResolver.h"
#include "sim/conflicts/ConflictResolver.h"
#include "sim/conflicts/LwwResolver.h"
#include "sim/conflicts/ReplicaPriorityResolver.h"
#include "sim/conflicts/ResolverRegistry.h"

using namespace replsim;

namespace {

using Kind = Resolution::Kind;

// A version written at `origin` (whose name ranks `rank` among the leaders'
// sorted names) with Lamport/wall timestamp `ts`.
VersionInfo version(std::string_view origin, uint32_t rank, int64_t ts, std::string_view value,
                    OpKind op = OpKind::Set) {
  VersionInfo v;
  v.dot = Dot{rank, static_cast<uint32_t>(ts)};
  v.op = op;
  v.timestamp = ts;
  v.value = value;
  v.origin = origin;
  v.originRank = rank;
  return v;
}

VersionInfo increment(std::string_view origin, uint32_t rank, int64_t ts, int64_t delta, std::string_view value) {
  VersionInfo v = version(origin, rank, ts, value, OpKind::Incr);
  v.delta = delta;
  return v;
}

VersionInfo tombstone(std::string_view origin, uint32_t rank, int64_t ts) {
  VersionInfo v = version(origin, rank, ts, "", OpKind::Delete);
  v.deleted = true;
  return v;
}

Resolution resolve(const ConflictResolver& r, const VersionInfo& incoming, const std::vector<VersionInfo>& local,
                   std::optional<int64_t> unseenIncrements = std::nullopt,
                   ConflictType type = ConflictType::UpdateOriginDiffers) {
  const ConflictInput in{type, "x", "C", incoming, std::span<const VersionInfo>(local), unseenIncrements};
  return r.resolve(in);
}

std::unique_ptr<ConflictResolver> make(const std::string& name, Timestamps timestamps = Timestamps::Lamport,
                                       std::vector<std::string> priority = {}) {
  ConflictsSpec spec;
  spec.resolve = name;
  spec.timestamps = timestamps;
  spec.priority = std::move(priority);
  REQUIRE(ResolverRegistry::global().hasWriteResolver(name));
  auto r = ResolverRegistry::global().makeWriteResolver(spec);
  REQUIRE(r);
  CHECK(r->name() == name);
  return r;
}

// Three leaders A < B < C by name: ranks 0, 1, 2.
const VersionInfo a5 = version("A", 0, 5, "a");
const VersionInfo b5 = version("B", 1, 5, "b");
const VersionInfo b7 = version("B", 1, 7, "b7");
const VersionInfo c3 = version("C", 2, 3, "c");

}  // namespace

TEST_CASE("conflicts::LwwResolver: the higher (timestamp, origin name) id wins", "[conflicts][resolvers]") {
  const auto lww = make("lww");
  SECTION("a later timestamp wins, whichever side it is on") {
    CHECK(resolve(*lww, b7, {a5}).kind == Kind::KeepIncoming);
    CHECK(resolve(*lww, a5, {b7}).kind == Kind::KeepLocal);
    // The timestamp decides before the name: C ranks highest but is older.
    CHECK(resolve(*lww, c3, {a5}).kind == Kind::KeepLocal);
    CHECK(resolve(*lww, a5, {c3}).kind == Kind::KeepIncoming);
  }
  SECTION("a timestamp tie is broken by the origin's rank: the higher name wins") {
    CHECK(resolve(*lww, b5, {a5}).kind == Kind::KeepIncoming);
    CHECK(resolve(*lww, a5, {b5}).kind == Kind::KeepLocal);
    CHECK(laterId(b5, a5));
    CHECK_FALSE(laterId(a5, b5));
    CHECK_FALSE(laterId(a5, a5));  // not later than itself: an equal id keeps the local version
    CHECK(resolve(*lww, a5, {a5}).kind == Kind::KeepLocal);
  }
  SECTION("against several local siblings the incoming write must beat every one") {
    const VersionInfo c6 = version("C", 2, 6, "c6");
    CHECK(resolve(*lww, b7, {a5, c6}).kind == Kind::KeepIncoming);
    CHECK(resolve(*lww, c6, {a5, b7}).kind == Kind::KeepLocal);  // beats A#5, not B#7
    CHECK(resolve(*lww, c6, {b7, a5}).kind == Kind::KeepLocal);  // whatever the siblings' order
  }
  SECTION("a delete is judged by its id like any write") {
    CHECK(resolve(*lww, tombstone("B", 1, 9), {a5}).kind == Kind::KeepIncoming);
    CHECK(resolve(*lww, tombstone("A", 0, 1), {b5}).kind == Kind::KeepLocal);
  }
  SECTION("traits: Lamport lww judges concurrent writes only; successors inherit; convergent") {
    CHECK_FALSE(lww->ignoresCausality());
    CHECK_FALSE(lww->countsIncrements());
    CHECK(lww->successorsInherit());
    CHECK(lww->convergent(false));
    CHECK(lww->convergent(true));
  }
  SECTION("with wall-clock timestamps it ignores causality and successors do not inherit") {
    const auto wall = make("lww", Timestamps::Clock);
    CHECK(wall->ignoresCausality());
    CHECK_FALSE(wall->successorsInherit());
    CHECK_FALSE(wall->countsIncrements());
    CHECK(wall->convergent(false));
    // Same rule on the values: a causally later write with a clock behind loses.
    CHECK(resolve(*wall, version("A", 0, 100, "later"), {version("B", 1, 200, "earlier")}).kind == Kind::KeepLocal);
    CHECK(resolve(*wall, b7, {a5}).kind == Kind::KeepIncoming);
  }
}

TEST_CASE("conflicts::FirstUpdateWinsResolver: the lower (timestamp, origin name) id wins", "[conflicts][resolvers]") {
  const auto fuw = make("first-update-wins");
  SECTION("the earlier timestamp wins") {
    CHECK(resolve(*fuw, b7, {a5}).kind == Kind::KeepLocal);
    CHECK(resolve(*fuw, a5, {b7}).kind == Kind::KeepIncoming);
    CHECK(resolve(*fuw, c3, {a5}).kind == Kind::KeepIncoming);
  }
  SECTION("a tie goes to the lower name") {
    CHECK(resolve(*fuw, a5, {b5}).kind == Kind::KeepIncoming);
    CHECK(resolve(*fuw, b5, {a5}).kind == Kind::KeepLocal);
  }
  SECTION("several local siblings: the incoming write stays out if it is later than any") {
    CHECK(resolve(*fuw, c3, {a5, b7}).kind == Kind::KeepIncoming);
    CHECK(resolve(*fuw, b5, {c3, b7}).kind == Kind::KeepLocal);
  }
  SECTION("traits: convergent only with causal ordering") {
    CHECK_FALSE(fuw->ignoresCausality());
    CHECK_FALSE(fuw->countsIncrements());
    CHECK_FALSE(fuw->successorsInherit());
    CHECK(fuw->convergent(true));
    CHECK_FALSE(fuw->convergent(false));
  }
}

TEST_CASE("conflicts::ReplicaPriorityResolver: the origin with the higher priority wins", "[conflicts][resolvers]") {
  SECTION("without a priority list the higher name wins, whatever the timestamps") {
    const auto byName = make("replica-priority");
    CHECK(resolve(*byName, c3, {b7}).kind == Kind::KeepIncoming);
    CHECK(resolve(*byName, a5, {b7}).kind == Kind::KeepLocal);
    CHECK(resolve(*byName, b5, {a5}).kind == Kind::KeepIncoming);
  }
  SECTION("the list's first entry is strongest; unlisted origins come after every listed one") {
    const auto listed = make("replica-priority", Timestamps::Lamport, {"A", "B"});
    CHECK(resolve(*listed, a5, {b7}).kind == Kind::KeepIncoming);  // A first
    CHECK(resolve(*listed, b5, {a5}).kind == Kind::KeepLocal);
    CHECK(resolve(*listed, c3, {b5}).kind == Kind::KeepLocal);     // C unlisted: below B despite its name
    CHECK(resolve(*listed, b5, {c3}).kind == Kind::KeepIncoming);
  }
  SECTION("between two unlisted origins the higher name wins") {
    const auto listed = make("replica-priority", Timestamps::Lamport, {"A"});
    CHECK(resolve(*listed, c3, {b7}).kind == Kind::KeepIncoming);
    CHECK(resolve(*listed, b7, {c3}).kind == Kind::KeepLocal);
  }
  SECTION("several local siblings: the incoming write must outrank every one") {
    const ReplicaPriorityResolver r({"B", "A", "C"});
    CHECK(resolve(r, b5, {a5, c3}).kind == Kind::KeepIncoming);
    CHECK(resolve(r, a5, {c3, b7}).kind == Kind::KeepLocal);
  }
  SECTION("traits: convergent, judges concurrent writes only") {
    const auto r = make("replica-priority");
    CHECK_FALSE(r->ignoresCausality());
    CHECK_FALSE(r->countsIncrements());
    CHECK_FALSE(r->successorsInherit());
    CHECK(r->convergent(true));
    CHECK(r->convergent(false));
  }
}

TEST_CASE("conflicts::MergeResolver: counters add, text joins, deletes lose", "[conflicts][resolvers]") {
  const auto merge = make("merge");
  SECTION("two increments: the local value plus the unseen increments") {
    // Local counter at 10; the incoming history holds +3 (its own) and +4
    // the local side lacks: 10 + 7.
    const Resolution r = resolve(*merge, increment("B", 1, 6, 3, "8"), {increment("A", 0, 5, 2, "10")}, 7);
    CHECK(r.kind == Kind::Value);
    CHECK(r.value == "17");
    CHECK_FALSE(r.deleted);
  }
  SECTION("without unseenIncrements, the incoming write's own delta") {
    const Resolution r = resolve(*merge, increment("B", 1, 6, 3, "3"), {increment("A", 0, 5, 2, "10")});
    CHECK(r.kind == Kind::Value);
    CHECK(r.value == "13");
  }
  SECTION("negative increments and a zero difference") {
    CHECK(resolve(*merge, increment("B", 1, 6, -5, "-5"), {increment("A", 0, 5, 2, "2")}).value == "-3");
    CHECK(resolve(*merge, increment("B", 1, 6, 4, "4"), {increment("A", 0, 5, 4, "4")}, 0).value == "4");
  }
  SECTION("text values: the sorted set of their /-separated parts") {
    CHECK(resolve(*merge, version("C", 2, 5, "C"), {version("B", 1, 5, "B")}).value == "B/C");
    CHECK(resolve(*merge, version("B", 1, 5, "B"), {version("C", 2, 5, "C")}).value == "B/C");  // commutative
    CHECK(resolve(*merge, version("A", 0, 5, "b/a"), {version("B", 1, 5, "c/a")}).value == "a/b/c");
    CHECK(resolve(*merge, version("A", 0, 5, "x"), {version("B", 1, 5, "x")}).value == "x");  // idempotent
    CHECK(resolve(*merge, version("A", 0, 5, "a//b/"), {version("B", 1, 5, "")}).value == "a/b");  // empty parts dropped
  }
  SECTION("a counter against a non-counter value is merged as text") {
    // Local was set to "5"; an increment arrives whose value is 3.
    CHECK(resolve(*merge, increment("B", 1, 6, 3, "3"), {version("A", 0, 5, "5")}, 3).value == "3/5");
    // A local increment whose value is not a number is not a counter either.
    CHECK(resolve(*merge, increment("B", 1, 6, 1, "1"), {increment("A", 0, 5, 1, "n")}, 1).value == "1/n");
  }
  SECTION("a delete loses to a write, on either side") {
    CHECK(resolve(*merge, tombstone("B", 1, 9), {a5}).kind == Kind::KeepLocal);
    CHECK(resolve(*merge, a5, {tombstone("B", 1, 9)}).kind == Kind::KeepIncoming);
    CHECK(resolve(*merge, tombstone("A", 0, 9), {tombstone("B", 1, 9)}).kind == Kind::KeepLocal);
  }
  SECTION("traits: reads unseenIncrements, successors inherit, convergent") {
    CHECK(merge->countsIncrements());
    CHECK(merge->successorsInherit());
    CHECK_FALSE(merge->ignoresCausality());
    CHECK(merge->convergent(true));
    CHECK(merge->convergent(false));
  }
}

TEST_CASE("conflicts::SiblingsResolver: every concurrent version stays", "[conflicts][resolvers]") {
  const auto siblings = make("siblings");
  SECTION("whatever the ids, values and conflict type") {
    CHECK(resolve(*siblings, b7, {a5}).kind == Kind::Siblings);
    CHECK(resolve(*siblings, a5, {b7, c3}).kind == Kind::Siblings);
    CHECK(resolve(*siblings, tombstone("A", 0, 1), {b5}, std::nullopt, ConflictType::DeleteOriginDiffers).kind ==
          Kind::Siblings);
  }
  SECTION("traits: loses nothing, so successors inherit; convergent") {
    CHECK(siblings->successorsInherit());
    CHECK(siblings->convergent(true));
    CHECK(siblings->convergent(false));
    CHECK_FALSE(siblings->ignoresCausality());
    CHECK_FALSE(siblings->countsIncrements());
  }
}

TEST_CASE("conflicts::ApplyRemoteResolver, KeepLocalResolver: the incoming or the local version, always",
          "[conflicts][resolvers]") {
  const auto remote = make("apply-remote");
  const auto local = make("keep-local");
  SECTION("apply-remote keeps the incoming write even when it is older and lower") {
    CHECK(resolve(*remote, a5, {b7}).kind == Kind::KeepIncoming);
    CHECK(resolve(*remote, b7, {a5}).kind == Kind::KeepIncoming);
    CHECK(resolve(*remote, tombstone("A", 0, 1), {c3, b7}).kind == Kind::KeepIncoming);
  }
  SECTION("keep-local keeps the local version even when the incoming one is newer and higher") {
    CHECK(resolve(*local, b7, {a5}).kind == Kind::KeepLocal);
    CHECK(resolve(*local, a5, {b7}).kind == Kind::KeepLocal);
    CHECK(resolve(*local, c3, {tombstone("A", 0, 1)}).kind == Kind::KeepLocal);
  }
  SECTION("traits: neither converges, nor inherits, nor ignores causality") {
    for (const ConflictResolver* r : {remote.get(), local.get()}) {
      INFO(r->name());
      CHECK_FALSE(r->convergent(true));
      CHECK_FALSE(r->convergent(false));
      CHECK_FALSE(r->successorsInherit());
      CHECK_FALSE(r->ignoresCausality());
      CHECK_FALSE(r->countsIncrements());
    }
  }
}

TEST_CASE("conflicts::ErrorResolver: every conflict halts replication", "[conflicts][resolvers]") {
  const auto error = make("error");
  SECTION("whatever the writes") {
    CHECK(resolve(*error, b7, {a5}).kind == Kind::Halt);
    CHECK(resolve(*error, a5, {b7}).kind == Kind::Halt);
    CHECK(resolve(*error, increment("A", 0, 5, 1, "1"), {increment("B", 1, 5, 1, "1")}, 1).kind == Kind::Halt);
    const Resolution halt = resolve(*error, c3, {a5});
    CHECK(halt.value.empty());
    CHECK_FALSE(halt.deleted);
  }
  SECTION("traits: not convergent") {
    CHECK_FALSE(error->convergent(true));
    CHECK_FALSE(error->convergent(false));
    CHECK_FALSE(error->successorsInherit());
    CHECK_FALSE(error->ignoresCausality());
    CHECK_FALSE(error->countsIncrements());
  }
}

TEST_CASE("conflicts::CartUnionResolver: carts merge into the sorted union of their items", "[conflicts][resolvers]") {
  const auto cart = make("cart-union");
  SECTION("two carts") {
    const Resolution r = resolve(*cart, version("B", 1, 5, "milk,eggs"), {version("A", 0, 5, "bread,milk")});
    CHECK(r.kind == Kind::Value);
    CHECK(r.value == "bread,eggs,milk");
  }
  SECTION("several local siblings, empty items dropped") {
    CHECK(resolve(*cart, version("C", 2, 5, "tea,"), {version("A", 0, 5, ",coffee"), version("B", 1, 5, "tea,jam")})
              .value == "coffee,jam,tea");
  }
  SECTION("an incoming delete loses; a deleted local cart adds nothing") {
    CHECK(resolve(*cart, tombstone("B", 1, 9), {version("A", 0, 5, "milk")}).kind == Kind::KeepLocal);
    const Resolution r = resolve(*cart, version("A", 0, 5, "milk"), {tombstone("B", 1, 9)});
    CHECK(r.kind == Kind::Value);
    CHECK(r.value == "milk");
  }
  SECTION("traits: convergent, judges concurrent writes only") {
    CHECK(cart->convergent(true));
    CHECK(cart->convergent(false));
    CHECK_FALSE(cart->successorsInherit());
    CHECK_FALSE(cart->ignoresCausality());
    CHECK_FALSE(cart->countsIncrements());
  }
}

TEST_CASE("conflicts::MaxValueReadResolver: siblings settle to the largest value", "[conflicts][resolvers]") {
  const ReadResolver* max = ResolverRegistry::global().readResolver("max-value");
  REQUIRE(max != nullptr);
  CHECK(max->name() == "max-value");
  const auto settle = [&](std::vector<std::string> siblings) { return max->resolve("x", siblings); };
  SECTION("integers compare as numbers") {
    CHECK(settle({"10", "9"}) == "10");
    CHECK(settle({"-5", "-3"}) == "-3");
    CHECK(settle({"007", "8"}) == "8");
  }
  SECTION("otherwise text order") {
    CHECK(settle({"10", "9", "abc"}) == "abc");
    CHECK(settle({"apple", "pear"}) == "pear");
    CHECK(settle({"10", "9x"}) == "9x");
  }
  SECTION("no read resolver by an unknown name") { CHECK(ResolverRegistry::global().readResolver("min-value") == nullptr); }
}

TEST_CASE("conflicts::ResolverRegistry: every built-in and example write resolver is reachable by name",
          "[conflicts][resolvers]") {
  const std::vector<std::string> expected = {"apply-remote", "cart-union", "error",    "first-update-wins",
                                             "keep-local",   "lww",        "merge",    "replica-priority",
                                             "siblings"};
  const std::vector<std::string> names = ResolverRegistry::global().writeResolverNames();
  for (const std::string& name : expected) {
    INFO(name);
    CHECK(std::find(names.begin(), names.end(), name) != names.end());
    CHECK(make(name)->name() == name);
  }
  // Constructed directly, they behave as through the registry.
  CHECK(resolve(LwwResolver(false), b7, {a5}).kind == Kind::KeepIncoming);
  CHECK(resolve(ApplyRemoteResolver(), a5, {b7}).kind == Kind::KeepIncoming);
}
