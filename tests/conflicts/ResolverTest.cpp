// Conflict resolvers: each strategy on the title example, and the property
// that convergent resolvers reach the same state whatever order a replica
// receives one set of conflicting writes in.
#include <catch2/catch.hpp>

#include "tests/TestSupport.h"

#include <algorithm>
#include <string>
#include <vector>

#include "sim/cli/RunCommand.h"
#include "sim/conflicts/ResolverRegistry.h"
#include "sim/scenario/ScenarioLoader.h"

using namespace replsim;

namespace {

ReportJson run(const std::string& json) { return testing::runReport(json); }

// Three writers W1..W3 write key x concurrently at 0 ms (after a common
// insert, when `ops` are updates); replica R receives their writes in the
// order given by `order` (arrival at 10, 20, 30 ms). The writers do not
// replicate to each other, so only R sees every conflict.
std::string permutationScenario(const std::string& resolver, const std::vector<int>& order,
                                const std::vector<std::string>& ops, const std::vector<std::string>& values) {
  std::string edges, writes;
  for (int i = 0; i < 3; ++i) {
    const int rank = static_cast<int>(std::find(order.begin(), order.end(), i) - order.begin());
    edges += std::string(i ? "," : "") + "[\"W" + std::to_string(i + 1) + "\",\"R\",{\"latency_ms\":" +
             std::to_string(10 * (rank + 1)) + "}]";
    const std::string writer = "\"leader\":\"W" + std::to_string(i + 1) + "\",\"key\":\"x\"";
    // A delete needs the key at its own leader first: W sets it, then deletes it.
    if (ops[i] == "delete") writes += std::string(i ? "," : "") + "{\"at_ms\":0," + writer + ",\"value\":\"tmp\"},";
    else if (i) writes += ",";
    writes += "{\"at_ms\":" + std::string(ops[i] == "delete" ? "1" : "0") + "," + writer + ",\"op\":\"" + ops[i] +
              "\"" + (ops[i] == "delete" ? "" : ",\"value\":\"" + values[i] + "\"") + "}";
  }
  return R"({"replsim":1,"name":"perm","topology":{"kind":"custom","edges":[)" + edges +
         R"(]},"replication":{"conflicts":{"resolve":")" + resolver + R"("}},"writes":[)" + writes + "]}";
}

}  // namespace

TEST_CASE("conflicts::Resolvers: the title example under each resolver", "[conflicts]") {
  const std::string scenario = R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","leaders":["L1","L2","L3"]},
    "links":{"default":{"latency_ms":10}},"replication":{"conflicts":{RESOLVE}},
    "writes":[{"at_ms":0,"leader":"L1","key":"t","op":"insert","value":"A"},
              {"at_ms":100,"leader":"L1","key":"t","value":"B"},{"at_ms":101,"leader":"L2","key":"t","value":"C"}]})";
  auto with = [&](const std::string& conf) {
    std::string s = scenario;
    s.replace(s.find("RESOLVE"), 7, conf);
    return run(s);
  };
  SECTION("lww keeps the higher id (equal Lamport timestamps: higher origin name)") {
    const auto r = with(R"("resolve":"lww")");
    CHECK(r["leaders"]["L1"]["keys"]["t"] == ReportJson::array({"C"}));
    CHECK(r["converged"] == true);
    CHECK(r["conflicts"]["discarded"][0]["write"] == "L1#2");
  }
  SECTION("first-update-wins keeps the lower id") {
    const auto r = with(R"("resolve":"first-update-wins")");
    CHECK(r["leaders"]["L3"]["keys"]["t"] == ReportJson::array({"B"}));
    CHECK(r["converged"] == true);
  }
  SECTION("apply-remote and keep-local do not converge") {
    CHECK(with(R"("resolve":"apply-remote")")["converged"] == false);
    CHECK(with(R"("resolve":"keep-local")")["converged"] == false);
  }
  SECTION("replica-priority: explicit list, and by name without one") {
    CHECK(with(R"("resolve":"replica-priority","priority":["L1","L2"])")["leaders"]["L2"]["keys"]["t"] ==
          ReportJson::array({"B"}));
    CHECK(with(R"("resolve":"replica-priority")")["leaders"]["L1"]["keys"]["t"] == ReportJson::array({"C"}));
  }
  SECTION("merge joins text in sorted order") {
    const auto r = with(R"("resolve":"merge")");
    CHECK(r["leaders"]["L2"]["keys"]["t"] == ReportJson::array({"B/C"}));
    CHECK(r["conflicts"]["discarded_total"] == 0);
  }
  SECTION("siblings keeps both") {
    const auto r = with(R"("resolve":"siblings")");
    CHECK(r["leaders"]["L1"]["keys"]["t"] == ReportJson::array({"B", "C"}));
    CHECK(r["conflicts"]["siblings_open"] == 1);  // one key, open at all three replicas
  }
  SECTION("error halts the streams and does not apply") {
    const auto r = with(R"("resolve":"error")");
    CHECK(r["leaders"]["L1"]["keys"]["t"] == ReportJson::array({"B"}));
    CHECK(r["leaders"]["L2"]["keys"]["t"] == ReportJson::array({"C"}));
    CHECK(r["messages"]["streams_stopped"] == 3);
  }
}

TEST_CASE("conflicts::Resolvers: convergent resolvers give one state for every delivery order", "[conflicts]") {
  struct Case {
    std::string resolver;
    std::vector<std::string> ops, values;
  };
  const std::vector<Case> cases = {
      {"lww", {"set", "set", "set"}, {"a", "b", "c"}},
      {"first-update-wins", {"set", "set", "set"}, {"a", "b", "c"}},
      {"replica-priority", {"set", "set", "set"}, {"a", "b", "c"}},
      {"merge", {"set", "set", "set"}, {"a", "b/z", "c"}},
      {"merge", {"incr", "incr", "incr"}, {"1", "2", "4"}},
      {"merge", {"set", "delete", "set"}, {"a", "", "c"}},
      {"siblings", {"set", "set", "delete"}, {"a", "b", ""}},
      {"cart-union", {"set", "set", "set"}, {"milk", "eggs,milk", "bread"}},
      {"lww", {"set", "delete", "set"}, {"a", "", "c"}},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.resolver << " " << c.ops[0] << "/" << c.ops[1] << "/" << c.ops[2]) {
      std::vector<int> order = {0, 1, 2};
      std::vector<ReportJson> states;
      do {
        const ReportJson r = run(permutationScenario(c.resolver, order, c.ops, c.values));
        states.push_back(r["leaders"]["R"]["keys"]);
        CHECK(r["conflicts"]["detected"].get<int>() >= 2);
      } while (std::next_permutation(order.begin(), order.end()));
      REQUIRE(states.size() == 6);
      for (const ReportJson& s : states) CHECK(s == states.front());
    }
  }
  SECTION("the counters really add") {
    const ReportJson r = run(permutationScenario("merge", {2, 0, 1}, {"incr", "incr", "incr"}, {"1", "2", "4"}));
    CHECK(r["leaders"]["R"]["keys"]["x"] == ReportJson::array({"7"}));
  }
  SECTION("apply-remote depends on the order: the property fails for it, as it should") {
    const auto a = run(permutationScenario("apply-remote", {0, 1, 2}, {"set", "set", "set"}, {"a", "b", "c"}));
    const auto b = run(permutationScenario("apply-remote", {2, 1, 0}, {"set", "set", "set"}, {"a", "b", "c"}));
    CHECK(a["leaders"]["R"]["keys"] != b["leaders"]["R"]["keys"]);
  }
}

TEST_CASE("conflicts::Resolvers: detection of each conflict type", "[conflicts]") {
  auto typeOf = [](const std::string& firstOp, const std::string& secondOp) {
    const std::string s = R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","leaders":["A","B"]},
      "links":{"default":{"latency_ms":10}},
      "writes":[{"at_ms":0,"leader":"A","key":"x","op":"insert","value":"0"},
                {"at_ms":50,"leader":"A","key":"x","op":")" + firstOp + R"(","value":"1"},
                {"at_ms":51,"leader":"B","key":"x","op":")" + secondOp + R"(","value":"2"}]})";
    std::string json = s;
    for (const char* op : {"\"op\":\"delete\",\"value\":\"1\"", "\"op\":\"delete\",\"value\":\"2\""}) {
      const auto at = json.find(op);
      if (at != std::string::npos) json.replace(at, std::string(op).size(), "\"op\":\"delete\"");
    }
    const ReportJson r = run(json);
    std::vector<std::string> types;
    for (const auto& e : r["conflicts"]["log"]) types.push_back(e["type"].get<std::string>());
    std::sort(types.begin(), types.end());
    return types;
  };
  using Types = std::vector<std::string>;
  SECTION("update vs update") { CHECK(typeOf("update", "update") == Types{"update_origin_differs", "update_origin_differs"}); }
  SECTION("delete vs update: each side names what arrived") {
    CHECK(typeOf("update", "delete") == Types{"delete_origin_differs", "update_origin_differs"});
  }
  SECTION("insert after a concurrent delete") {
    const ReportJson r = run(R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","leaders":["A","B"]},
      "links":{"default":{"latency_ms":10}},
      "writes":[{"at_ms":0,"leader":"A","key":"x","op":"insert","value":"0"},
                {"at_ms":50,"leader":"A","key":"x","op":"delete"},
                {"at_ms":60,"leader":"A","key":"x","op":"insert","value":"1"},
                {"at_ms":51,"leader":"B","key":"x","op":"update","value":"2"}]})");
    bool sawInsertExists = false;
    for (const auto& e : r["conflicts"]["log"]) sawInsertExists = sawInsertExists || e["type"] == "insert_exists";
    CHECK(sawInsertExists);
  }
  SECTION("update before insert: update_missing, not applied") {
    const ReportJson r = run(R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","leaders":["A","B","C"]},
      "links":{"default":{"latency_ms":10},"overrides":[{"from":"A","to":"C","latency_ms":100}]},
      "writes":[{"at_ms":0,"leader":"A","key":"x","op":"insert","value":"1"},
                {"at_ms":20,"leader":"B","key":"x","op":"update","value":"2"}]})");
    CHECK(r["conflicts"]["log"][0]["type"] == "update_missing");
    CHECK(r["anomalies"]["update_before_insert"] == 1);
  }
  SECTION("delete before insert: delete_missing") {
    const ReportJson r = run(R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","leaders":["A","B","C"]},
      "links":{"default":{"latency_ms":10},"overrides":[{"from":"A","to":"C","latency_ms":100}]},
      "writes":[{"at_ms":0,"leader":"A","key":"x","op":"insert","value":"1"},
                {"at_ms":20,"leader":"B","key":"x","op":"delete"}]})");
    CHECK(r["conflicts"]["log"][0]["type"] == "delete_missing");
    CHECK(r["anomalies"]["delete_missing"] == 1);
  }
}

TEST_CASE("conflicts::ResolverRegistry: built-ins, examples and custom registration", "[conflicts]") {
  auto& reg = ResolverRegistry::global();
  for (const char* name : {"lww", "first-update-wins", "apply-remote", "keep-local", "replica-priority", "merge",
                           "siblings", "error", "cart-union"})
    CHECK(reg.hasWriteResolver(name));
  CHECK(reg.hasReadResolver("max-value"));
  CHECK_FALSE(reg.hasWriteResolver("max-value"));
  SECTION("a resolver registered at run time is accepted by the loader and used") {
    struct Shortest final : ConflictResolver {
      std::string n = "test-shortest";
      const std::string& name() const override { return n; }
      Resolution resolve(const ConflictInput& in) const override {
        for (const VersionInfo& v : in.local)
          if (v.value.size() < in.incoming.value.size()) return Resolution::keepLocal();
        return Resolution::keepIncoming();
      }
    };
    const std::string json = R"({"replsim":1,"name":"t","topology":{"kind":"all-to-all","leaders":["A","B"]},
      "replication":{"conflicts":{"resolve":"test-shortest"}},
      "writes":[{"at_ms":0,"leader":"A","key":"x","value":"long"},{"at_ms":1,"leader":"B","key":"x","value":"s"}]})";
    CHECK_FALSE(loadScenarioText(json, "t.json", ".").ok());
    reg.registerWriteResolver("test-shortest", "test", [](const ConflictsSpec&) { return std::make_unique<Shortest>(); });
    const ReportJson r = run(json);
    CHECK(r["leaders"]["A"]["keys"]["x"] == ReportJson::array({"s"}));
    CHECK(r["conflicts"]["log"][0]["by"] == "test-shortest");
  }
}
