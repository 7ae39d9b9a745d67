#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/replication/WriteLog.h"

using namespace replsim;

namespace {
WriteRecord rec(NodeId origin, uint32_t seq, KeyId key, std::string value) {
  WriteRecord r;
  r.dot = Dot{origin, seq};
  r.key = key;
  r.value = std::move(value);
  return r;
}
std::vector<Dot> span(const Dot* b, const Dot* e) { return std::vector<Dot>(b, e); }
}  // namespace

TEST_CASE("replication::WriteLog: add, index and find by dot", "[replication][writelog]") {
  WriteLog log;
  SECTION("an empty log finds nothing") {
    CHECK(log.size() == 0);
    CHECK(log.find(Dot{0, 1}) == kNone);
  }
  SECTION("writes are indexed in the order added and found by (origin, seq)") {
    const WriteIndex a1 = log.add(rec(0, 1, 0, "a1"), {Dot{0, 1}}, {});
    const WriteIndex b1 = log.add(rec(2, 1, 0, "b1"), {Dot{2, 1}}, {});
    const WriteIndex a2 = log.add(rec(0, 2, 1, "a2"), {Dot{0, 2}}, {Dot{2, 1}});
    CHECK(a1 == 0u);
    CHECK(b1 == 1u);
    CHECK(a2 == 2u);
    CHECK(log.size() == 3);
    CHECK(log.find(Dot{0, 1}) == a1);
    CHECK(log.find(Dot{0, 2}) == a2);
    CHECK(log.find(Dot{2, 1}) == b1);
    CHECK(log[a2].value == "a2");
    CHECK(log[b1].dot == Dot{2, 1});
    CHECK(log[a2].key == 1u);
  }
  SECTION("unknown dots are kNone: seq 0, seq past the end, unknown origin, origin without writes") {
    log.add(rec(2, 1, 0, "x"), {Dot{2, 1}}, {});
    CHECK(log.find(Dot{2, 0}) == kNone);
    CHECK(log.find(Dot{2, 2}) == kNone);
    CHECK(log.find(Dot{9, 1}) == kNone);
    CHECK(log.find(Dot{0, 1}) == kNone);  // origin 0 < 2 but never wrote
    CHECK(log.find(Dot{1, 1}) == kNone);
  }
}

TEST_CASE("replication::WriteLog: context and deps spans", "[replication][writelog]") {
  WriteLog log;
  SECTION("spans return what was stored, per write, without mixing") {
    const WriteIndex w0 = log.add(rec(0, 1, 0, "v"), {Dot{0, 1}}, {});
    const WriteIndex w1 = log.add(rec(1, 1, 0, "v"), {Dot{0, 1}, Dot{1, 1}}, {Dot{0, 1}});
    const WriteIndex w2 = log.add(rec(2, 1, 3, "v"), {Dot{2, 1}}, {Dot{0, 1}, Dot{1, 1}});
    CHECK(span(log.contextBegin(w0), log.contextEnd(w0)) == std::vector<Dot>{Dot{0, 1}});
    CHECK(log.depsBegin(w0) == log.depsEnd(w0));
    CHECK(span(log.contextBegin(w1), log.contextEnd(w1)) == std::vector<Dot>{Dot{0, 1}, Dot{1, 1}});
    CHECK(span(log.depsBegin(w1), log.depsEnd(w1)) == std::vector<Dot>{Dot{0, 1}});
    CHECK(span(log.contextBegin(w2), log.contextEnd(w2)) == std::vector<Dot>{Dot{2, 1}});
    CHECK(span(log.depsBegin(w2), log.depsEnd(w2)) == std::vector<Dot>{Dot{0, 1}, Dot{1, 1}});
    CHECK(log[w1].context.size == 2u);
    CHECK(log[w1].deps.size == 1u);
  }
  SECTION("spans stay valid after the arena grows (reserve and many adds)") {
    log.reserve(2);
    std::vector<WriteIndex> ws;
    for (uint32_t s = 1; s <= 500; ++s) {
      std::vector<Dot> ctx{Dot{0, s}};
      std::vector<Dot> deps;
      if (s % 2 == 0) deps.push_back(Dot{1, s / 2});
      ws.push_back(log.add(rec(0, s, s % 7, std::to_string(s)), ctx, deps));
    }
    for (uint32_t s = 1; s <= 500; ++s) {
      const WriteIndex w = log.find(Dot{0, s});
      REQUIRE(w == ws[s - 1]);
      REQUIRE(span(log.contextBegin(w), log.contextEnd(w)) == std::vector<Dot>{Dot{0, s}});
      if (s % 2 == 0) REQUIRE(span(log.depsBegin(w), log.depsEnd(w)) == std::vector<Dot>{Dot{1, s / 2}});
      else REQUIRE(log.depsBegin(w) == log.depsEnd(w));
      REQUIRE(log[w].value == std::to_string(s));
    }
  }
  SECTION("lists of every size, across blocks and longer than any block, keep their dots") {
    // Sizes cycle through 0..299 (blocks start at 256 dots, so many lists do not fit a block's tail),
    // then one list of 70,000 dots (more than the largest block, 65,536) and one more small one.
    auto list = [](uint32_t n, uint32_t tag) {
      std::vector<Dot> v;
      for (uint32_t i = 0; i < n; ++i) v.push_back(Dot{i, tag});
      return v;
    };
    std::vector<WriteIndex> ws;
    for (uint32_t s = 1; s <= 2000; ++s) ws.push_back(log.add(rec(0, s, 0, "v"), list(s % 300, s), list(s % 7, s)));
    const WriteIndex big = log.add(rec(1, 1, 0, "v"), list(70000, 7), {});
    const WriteIndex last = log.add(rec(1, 2, 0, "v"), list(3, 9), list(1, 9));
    for (uint32_t s = 1; s <= 2000; ++s) {
      REQUIRE(span(log.contextBegin(ws[s - 1]), log.contextEnd(ws[s - 1])) == list(s % 300, s));
      REQUIRE(span(log.depsBegin(ws[s - 1]), log.depsEnd(ws[s - 1])) == list(s % 7, s));
    }
    CHECK(span(log.contextBegin(big), log.contextEnd(big)) == list(70000, 7));
    CHECK(span(log.contextBegin(last), log.contextEnd(last)) == list(3, 9));
    CHECK(span(log.depsBegin(last), log.depsEnd(last)) == list(1, 9));
  }
}

TEST_CASE("replication::WriteLog: dependency lists go once every replica processed the write",
          "[replication][writelog]") {
  WriteLog log;
  SECTION("recycling: the list reads empty after the last replica, the context stays") {
    log.recycleDepsAfter(3);
    const WriteIndex w = log.add(rec(0, 1, 0, "v"), {Dot{0, 1}, Dot{1, 4}}, {Dot{1, 4}, Dot{2, 2}});
    CHECK_FALSE(log.noteProcessed(w));
    CHECK_FALSE(log.noteProcessed(w));
    CHECK(span(log.depsBegin(w), log.depsEnd(w)) == std::vector<Dot>{Dot{1, 4}, Dot{2, 2}});
    CHECK(log.depsMaxSeq(w) == 4u);
    CHECK(log.noteProcessed(w));  // the last of three
    CHECK(log.depsBegin(w) == log.depsEnd(w));
    CHECK(log.depsMaxSeq(w) == 0u);
    CHECK(span(log.contextBegin(w), log.contextEnd(w)) == std::vector<Dot>{Dot{0, 1}, Dot{1, 4}});
  }
  SECTION("recycling keeps the memory of a long run to the writes in flight") {
    log.recycleDepsAfter(2);
    std::vector<Dot> deps;
    for (uint32_t o = 1; o <= 100; ++o) deps.push_back(Dot{o, 1});
    for (uint32_t s = 1; s <= 20000; ++s) {
      const WriteIndex w = log.add(rec(0, s, 0, "v"), {Dot{0, s}}, deps);
      log.noteProcessed(w);
      if (s > 10) {  // ten writes in flight
        log.noteProcessed(w - 10);
        REQUIRE(span(log.depsBegin(w - 9), log.depsEnd(w - 9)) == deps);
      }
    }
    CHECK(log.depsCapacity() <= 4 * DotArena::kMaxBlock);  // 2 M dots stored
  }
  SECTION("without recycling, processing changes nothing") {
    const WriteIndex w = log.add(rec(0, 1, 0, "v"), {Dot{0, 1}}, {Dot{1, 1}});
    for (int i = 0; i < 5; ++i) CHECK_FALSE(log.noteProcessed(w));
    CHECK(span(log.depsBegin(w), log.depsEnd(w)) == std::vector<Dot>{Dot{1, 1}});
  }
}
