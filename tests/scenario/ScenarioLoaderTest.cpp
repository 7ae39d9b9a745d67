#include "sim/scenario/ScenarioLoader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include "sim/conflicts/ResolverNames.h"
#include "sim/core/Random.h"

using nlohmann::json;
using namespace replsim;

namespace {

const std::string kDataDir = REPLSIM_TEST_DATA "/scenarios";

// A valid document that the rows below patch (RFC 7386: null removes a key).
const char* const kMinimal =
    R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "leaders": ["A", "B", "C"]}})";

std::string patched(const std::string& patch) {
  json doc = json::parse(kMinimal);
  doc.merge_patch(json::parse(patch));
  return doc.dump(2);
}

std::string rendered(const LoadResult& result) {
  std::string out;
  for (const auto& e : result.errors) out += e.render() + "\n";
  return out;
}

LoadResult loadPatched(const std::string& patch) { return loadScenarioText(patched(patch), "t.json", kDataDir + "/good"); }

Scenario loadGood(const std::string& patch) {
  const LoadResult result = loadPatched(patch);
  INFO(rendered(result));
  REQUIRE(result.ok());
  REQUIRE(result.scenario);
  return *result.scenario;
}

bool sameLatency(const LatencyDistribution& d, LatencyDistribution::Kind kind, double a, double b, double floorMs) {
  return d.kind == kind && d.a == a && d.b == b && d.floorMs == floorMs;
}

struct BadCase {
  std::string label;
  std::string text;      // a whole JSON text; empty when `file` is set
  std::string file;      // or a file under tests/data/scenarios/bad/
  std::string jsonPath;  // the path one of the errors must name exactly
  std::string message;   // a substring of that error's message
  int line = 0;          // for syntax errors: where (0: not checked)
  int column = 0;
};

BadCase inlineCase(std::string label, std::string patch, std::string jsonPath, std::string message) {
  return {std::move(label), patched(patch), "", std::move(jsonPath), std::move(message)};
}
// Two datacenters, eu (A, follower a2) and us (B, follower b2), all-to-all:
// `topology` is merged into that topology object, `rest` adds root members.
BadCase dcCase(std::string label, const std::string& topology, std::string jsonPath, std::string message,
               const std::string& rest = "") {
  json doc = json::parse(R"({"replsim": 1, "name": "t", "topology": {"kind": "all-to-all", "datacenters": [
      {"name": "eu", "leader": "A", "followers": ["a2"]}, {"name": "us", "leader": "B", "followers": ["b2"]}]}})");
  doc["topology"].merge_patch(json::parse(topology));
  if (!rest.empty()) doc.merge_patch(json::parse("{" + rest + "}"));
  return {std::move(label), doc.dump(2), "", std::move(jsonPath), std::move(message)};
}
BadCase fileCase(std::string label, std::string file, std::string jsonPath, std::string message) {
  return {std::move(label), "", std::move(file), std::move(jsonPath), std::move(message)};
}

}  // namespace

TEST_CASE("scenario::ScenarioLoader: every bad input is reported at its JSON path") {
  std::vector<BadCase> cases = {
      {"malformed JSON", "{\n  \"replsim\": 1,\n  \"name\": \"x\",\n}", "", "", "unexpected '}'", 4, 1},
      {"duplicate key", R"({"replsim": 1, "name": "a", "name": "b", "topology": {"kind": "ring", "leaders": ["A", "B"]}})",
       "", "/name", "duplicate key \"name\""},
      {"root not an object", "[1, 2]", "", "/", "expected an object, got an array"},
      inlineCase("unknown key with did-you-mean", R"({"links": {"defualt": {"latency_ms": 5}}})", "/links/defualt",
                 "unknown key \"defualt\"; did you mean \"default\"?"),
      inlineCase("unknown root key, nothing close", R"({"zzzzzz": 1})", "/zzzzzz", "unknown key \"zzzzzz\""),
      inlineCase("unknown key in an edge's settings",
                 R"({"topology": {"kind": "custom", "leaders": null, "edges": [["A", "B", {"latency": 3}]]}})",
                 "/topology/edges/0/2/latency", "did you mean \"latency_ms\"?"),
      inlineCase("unsupported version", R"({"replsim": 2})", "/replsim",
                 "unsupported format version 2; this replsim reads version 1"),
      inlineCase("seed as a string", R"({"seed": "42"})", "/seed", "expected an integer, got a string"),
      inlineCase("negative seed", R"({"seed": -1})", "/seed", "expected an integer, got -1"),
      inlineCase("name as a number", R"({"name": 5})", "/name", "expected a string, got a number"),
      inlineCase("missing name", R"({"name": null})", "/", "missing required key \"name\""),
      inlineCase("missing topology", R"({"topology": null})", "/", "missing required key \"topology\""),
      inlineCase("missing kind", R"({"topology": {"kind": null}})", "/topology", "missing required key \"kind\""),
      inlineCase("misspelt kind", R"({"topology": {"kind": "rnig"}})", "/topology/kind",
                 "unknown kind \"rnig\"; did you mean \"ring\"?"),
      inlineCase("loss out of range", R"({"links": {"default": {"loss": 1.5}}})", "/links/default/loss",
                 "expected a number between 0 and 1, got 1.5"),
      inlineCase("retry_ms zero", R"({"links": {"default": {"retry_ms": 0}}})", "/links/default/retry_ms", "> 0"),
      inlineCase("negative at_ms", R"({"writes": [{"at_ms": -1, "leader": "A", "key": "x", "value": "1"}]})",
                 "/writes/0/at_ms", "expected a number between 0 and 1000000000000, got -1"),
      inlineCase("time too large", R"({"until_ms": 1e13})", "/until_ms", "between 0 and 1000000000000"),
      inlineCase("unknown node in writes", R"({"writes": [{"at_ms": 1, "leader": "D", "key": "x", "value": "1"}]})",
                 "/writes/0/leader", "unknown node \"D\""),
      inlineCase("wrong-case node with did-you-mean",
                 R"({"writes": [{"at_ms": 1, "leader": "a", "key": "x", "value": "1"}]})", "/writes/0/leader",
                 "unknown node \"a\"; did you mean \"A\"?"),
      inlineCase("unknown node in faults", R"({"faults": [{"at_ms": 1, "crash": "D"}]})", "/faults/0/crash",
                 "unknown node \"D\""),
      inlineCase("unknown node in custom edges",
                 R"({"topology": {"kind": "custom", "edges": [["A", "B"], ["B", "Z"]]}})", "/topology/edges/1/1",
                 "unknown leader \"Z\""),
      inlineCase("unknown node in overrides", R"({"links": {"overrides": [{"from": "Q", "to": "A"}]}})",
                 "/links/overrides/0/from", "unknown node \"Q\""),
      inlineCase("unknown node in priority",
                 R"({"replication": {"conflicts": {"resolve": "replica-priority", "priority": ["A", "Z"]}}})",
                 "/replication/conflicts/priority/1", "unknown node \"Z\""),
      inlineCase("unknown node in partition", R"({"faults": [{"at_ms": 1, "partition": [["A"], ["Z"]]}]})",
                 "/faults/0/partition/1/0", "unknown node \"Z\""),
      inlineCase("unknown node in clocks", R"({"replication": {"clocks": {"Z": {"offset_ms": 1}}}})",
                 "/replication/clocks/Z", "unknown node \"Z\""),
      inlineCase("duplicate leader", R"({"topology": {"leaders": ["A", "B", "A"]}})", "/topology/leaders/2",
                 "duplicate leader \"A\" (first at /topology/leaders/0)"),
      inlineCase("bad node name", R"({"topology": {"leaders": ["A", "b c"]}})", "/topology/leaders/1",
                 "invalid node name \"b c\""),
      inlineCase("node name too long", R"({"topology": {"leaders": ["A", ")" + std::string(65, 'x') + R"("]}})",
                 "/topology/leaders/1", "invalid node name"),
      inlineCase("leader count zero", R"({"topology": {"leaders": {"count": 0}}})", "/topology/leaders/count",
                 "expected an integer between 1 and 100000, got 0"),
      inlineCase("ring with one leader", R"({"topology": {"kind": "ring", "leaders": ["A"]}})", "/topology/leaders",
                 "kind ring needs at least 2 leaders, got 1"),
      inlineCase("leaders missing", R"({"topology": {"leaders": null}})", "/topology", "missing required key \"leaders\""),
      inlineCase("key for another kind", R"({"topology": {"kind": "ring", "hub": "A"}})", "/topology/hub",
                 "\"hub\" only applies to kind star"),
      inlineCase("star without hub", R"({"topology": {"kind": "star"}})", "/topology", "missing required key \"hub\""),
      inlineCase("star hub not a leader", R"({"topology": {"kind": "star", "hub": "H"}})", "/topology/hub",
                 "unknown leader \"H\""),
      inlineCase("tree fanout zero", R"({"topology": {"kind": "tree", "fanout": 0}})", "/topology/fanout",
                 "expected an integer between 1"),
      inlineCase("self-loop edge", R"({"topology": {"kind": "custom", "leaders": null, "edges": [["A", "A"]]}})",
                 "/topology/edges/0", "an edge cannot connect \"A\" to itself"),
      inlineCase("edge of one node", R"({"topology": {"kind": "custom", "leaders": null, "edges": [["A"]]}})",
                 "/topology/edges/0", "expected an edge [from, to] or [from, to, {settings}]"),
      inlineCase("empty edge list", R"({"topology": {"kind": "custom", "leaders": null, "edges": []}})",
                 "/topology/edges", "expected at least one edge"),
      inlineCase("missing topology file", R"({"topology": {"kind": "file", "leaders": null, "path": "nope.dot"}})",
                 "/topology/path", "nope.dot"),
      inlineCase("DOT leaders that differ from the file",
                 R"({"topology": {"kind": "file", "path": "triangle.dot", "leaders": ["A", "B", "D"]}})",
                 "/topology/leaders/2", "\"D\" is not a node of the DOT file"),
      inlineCase("datacenter follower that is a leader",
                 R"({"topology": {"datacenters": [{"name": "eu", "leader": "A", "followers": ["B"]}]}})",
                 "/topology/datacenters/0/followers/0", "duplicate node \"B\" (first at /topology/leaders/1)"),
      inlineCase("failover without datacenters", R"({"topology": {"failover_after_ms": 10}})",
                 "/topology/failover_after_ms", "only applies with \"datacenters\""),
      inlineCase("datacenter leader missing from the leaders",
                 R"({"topology": {"datacenters": [{"name": "eu", "leader": "Z"}, {"name": "us", "leader": "B"}]}})",
                 "/topology/datacenters/0/leader", "\"Z\" is not one of the topology's leaders"),
      inlineCase("a leader that leads no datacenter",
                 R"({"topology": {"datacenters": [{"name": "eu", "leader": "A"}, {"name": "us", "leader": "B"}]}})",
                 "/topology/leaders/2", "\"C\" leads no datacenter"),
      dcCase("duplicate datacenter name", R"({"datacenters": [{"name": "eu", "leader": "A"}, {"name": "eu", "leader": "B"}]})",
             "/topology/datacenters/1/name", "duplicate datacenter \"eu\" (first at /topology/datacenters/0/name)"),
      dcCase("one node leading two datacenters",
             R"({"datacenters": [{"name": "eu", "leader": "A"}, {"name": "us", "leader": "A"}]})",
             "/topology/datacenters/1/leader", "duplicate datacenter leader \"A\""),
      dcCase("a follower listed twice",
             R"({"datacenters": [{"name": "eu", "leader": "A", "followers": ["a2", "a2"]}, {"name": "us", "leader": "B"}]})",
             "/topology/datacenters/0/followers/1", "duplicate node \"a2\" (first at /topology/datacenters/0/followers/0)"),
      dcCase("a follower in two datacenters",
             R"({"datacenters": [{"name": "eu", "leader": "A", "followers": ["x"]}, {"name": "us", "leader": "B", "followers": ["x"]}]})",
             "/topology/datacenters/1/followers/0", "duplicate node \"x\""),
      dcCase("a datacenter without a leader", R"({"datacenters": [{"name": "eu", "followers": ["a2"]}, {"name": "us", "leader": "B"}]})",
             "/topology/datacenters/0", "missing required key \"leader\""),
      dcCase("negative intra latency", R"({"datacenters": [{"name": "eu", "leader": "A", "intra_latency_ms": -1}, {"name": "us", "leader": "B"}]})",
             "/topology/datacenters/0/intra_latency_ms", "expected a number between 0"),
      dcCase("misspelt datacenter key", R"({"datacenters": [{"name": "eu", "lead": "A"}, {"name": "us", "leader": "B"}]})",
             "/topology/datacenters/0/lead", "did you mean \"leader\"?"),
      dcCase("no datacenters", R"({"datacenters": []})", "/topology/datacenters", "expected at least one datacenter"),
      dcCase("all-to-all between one datacenter", R"({"datacenters": [{"name": "eu", "leader": "A", "followers": ["a2"]}]})",
             "/topology/datacenters", "kind all-to-all needs at least 2 datacenters, got 1"),
      dcCase("failover_rejoin misspelt", R"({"failover_after_ms": 100, "failover_rejoin": "replai"})",
             "/topology/failover_rejoin", "did you mean \"replay\"?"),
      dcCase("failover_rejoin without failover_after_ms", R"({"failover_rejoin": "replay"})", "/topology/failover_rejoin",
             "only applies with \"failover_after_ms\""),
      dcCase("negative failover_after_ms", R"({"failover_after_ms": -5})", "/topology/failover_after_ms",
             "expected a number between 0"),
      dcCase("star hub that is a follower", R"({"kind": "star", "hub": "a2"})", "/topology/hub", "unknown leader \"a2\""),
      dcCase("single leader that is a follower", R"({"kind": "single-leader", "leader": "b2"})", "/topology/leader",
             "unknown leader \"b2\""),
      dcCase("custom edge to a follower", R"({"kind": "custom", "edges": [["A", "a2"]]})", "/topology/edges/0/1",
             "unknown leader \"a2\""),
      dcCase("override of a link from a follower", R"({})", "/links/overrides/0", "no link a2 → A in this topology",
             R"("links": {"overrides": [{"from": "a2", "to": "A"}]})"),
      dcCase("a DOT node that leads no datacenter", R"({"kind": "file", "path": "triangle.dot"})", "/topology/path",
             "the DOT file's node \"C\" is not a datacenter's leader"),
      dcCase("a datacenter leader missing from the DOT file",
             R"({"kind": "file", "path": "triangle.dot", "datacenters": [{"name": "eu", "leader": "A"},
                 {"name": "us", "leader": "B"}, {"name": "ap", "leader": "C"}, {"name": "af", "leader": "D"}]})",
             "/topology/path", "the datacenter leader \"D\" is missing from the DOT file"),
      dcCase("write to an unknown datacenter", R"({})", "/writes/0/dc", "unknown datacenter \"euu\"; did you mean \"eu\"?",
             R"("writes": [{"at_ms": 1, "dc": "euu", "key": "x", "value": "1"}])"),
      dcCase("crash of an unknown datacenter", R"({})", "/faults/0/crash_datacenter", "unknown datacenter \"asia\"",
             R"("faults": [{"at_ms": 1, "crash_datacenter": "asia"}])"),
      dcCase("workload on a follower", R"({})", "/workload/leaders/0", "unknown leader \"a2\"",
             R"("workload": {"leaders": ["a2"]})"),
      dcCase("home routing with datacenters", R"({})", "/replication/routing", "not supported with datacenters",
             R"("replication": {"routing": {"policy": "home"}})"),
      dcCase("auto_reconfigure with datacenters", R"({})", "/replication/auto_reconfigure",
             "does not apply with datacenters", R"("replication": {"auto_reconfigure": {"after_ms": 100}})"),
      inlineCase("uniform with min above max",
                 R"({"links": {"default": {"latency_ms": {"dist": "uniform", "min": 10, "max": 5}}}})",
                 "/links/default/latency_ms/max", "\"max\" (5) must be >= \"min\" (10)"),
      inlineCase("unknown distribution", R"({"links": {"default": {"latency_ms": {"dist": "gaussian"}}}})",
                 "/links/default/latency_ms/dist", "unknown distribution \"gaussian\""),
      inlineCase("misspelt distribution parameter",
                 R"({"links": {"default": {"latency_ms": {"dist": "normal", "mean": 5, "stdev": 1}}}})",
                 "/links/default/latency_ms/stdev", "did you mean \"stddev\"?"),
      inlineCase("lognormal median zero",
                 R"({"links": {"default": {"latency_ms": {"dist": "lognormal", "median": 0, "sigma": 1}}}})",
                 "/links/default/latency_ms/median", "> 0"),
      inlineCase("latency as a string", R"({"links": {"default": {"latency_ms": "10ms"}}})",
                 "/links/default/latency_ms", "got a string"),
      inlineCase("override for a link the topology lacks",
                 R"({"topology": {"kind": "ring"}, "links": {"overrides": [{"from": "A", "to": "C"}]}})",
                 "/links/overrides/0", "no link A → C in this topology"),
      inlineCase("override both ways where one way is missing",
                 R"({"topology": {"kind": "ring"}, "links": {"overrides": [{"from": "A", "to": "B", "both": true}]}})",
                 "/links/overrides/0", "no link B → A in this topology"),
      inlineCase("unknown resolver", R"({"replication": {"conflicts": {"resolve": "lwww"}}})",
                 "/replication/conflicts/resolve", "unknown resolver \"lwww\"; did you mean \"lww\"?"),
      inlineCase("a resolver's other name gets the right one and the list",
                 R"({"replication": {"conflicts": {"resolve": "last-write-wins"}}})", "/replication/conflicts/resolve",
                 "unknown resolver \"last-write-wins\"; did you mean \"lww\"? (known resolvers: lww, last-update-wins, "
                 "first-update-wins, apply-remote, keep-local, replica-priority, merge, siblings, error"),
      inlineCase("an unknown resolver with nothing close lists the known ones",
                 R"({"replication": {"conflicts": {"resolve": "vector-magic"}}})", "/replication/conflicts/resolve",
                 "unknown resolver \"vector-magic\" (known resolvers: lww, "),
      inlineCase("an unknown key lists the keys valid at its level",
                 R"({"topology": {"kind": "file", "leaders": null, "file": "triangle.dot"}})", "/topology/file",
                 "unknown key \"file\" (valid keys here: kind, leaders, hub, fanout, edges, path, leader, datacenters, "
                 "failover_after_ms, failover_rejoin)"),
      inlineCase("missing replsim says its value", R"({"replsim": null})", "/",
                 "missing required key \"replsim\": the format version, always 1 (\"replsim\": 1)"),
      inlineCase("a fault that is not an object gets the right shape", R"({"faults": ["crash A"]})", "/faults/0",
                 "expected a fault object such as {\"at_ms\": 10, \"crash\": \"A\"}, got a string"),
      inlineCase("a fault action of the wrong shape gets the right one", R"({"faults": [{"at_ms": 1, "crash": ["A"]}]})",
                 "/faults/0/crash",
                 "expected a string, got an array (a crash fault looks like {\"at_ms\": 10, \"crash\": \"A\"})"),
      inlineCase("a link fault of the wrong shape gets the right one", R"({"faults": [{"at_ms": 1, "link_down": "A-B"}]})",
                 "/faults/0/link_down",
                 "(a link_down fault looks like {\"at_ms\": 10, \"link_down\": [\"A\", \"B\"], \"both\": true})"),
      inlineCase("a fault without at_ms gets the right shape", R"({"faults": [{"crash": "A"}]})", "/faults/0",
                 "missing required key \"at_ms\" (a fault looks like {\"at_ms\": 10, \"crash\": \"A\"})"),
      inlineCase("a write that is not an object gets the right shape", R"({"writes": [["A", "x", "1"]]})", "/writes/0",
                 "expected a write object such as {\"at_ms\": 0, \"leader\": \"A\", \"key\": \"x\", \"value\": \"1\"}, "
                 "got an array"),
      inlineCase("a write without key gets the right shape", R"({"writes": [{"at_ms": 0, "leader": "A", "value": "1"}]})",
                 "/writes/0", "missing required key \"key\" (a write looks like {\"at_ms\": 0,"),
      inlineCase("expectation \"=0\" gets the right spelling", R"({"expect": {"messages.overtaken": "=0"}})",
                 "/expect/messages.overtaken", "unknown comparison \"=0\"; did you mean \"==0\"?"),
      inlineCase("expectation \"=>1\" gets the right spelling", R"({"expect": {"conflicts.detected": "=> 1"}})",
                 "/expect/conflicts.detected", "did you mean \">=1\"?"),
      inlineCase("$schema must be a string", R"({"$schema": 5})", "/$schema", "expected a string, got a number"),
      fileCase("bytes after the document", "nul-and-garbage.json", "", "NUL byte after the JSON document"),
      inlineCase("on_read without siblings", R"({"replication": {"conflicts": {"on_read": "latest"}}})",
                 "/replication/conflicts/on_read", "\"on_read\" only applies to resolve \"siblings\""),
      inlineCase("unknown read resolver",
                 R"({"replication": {"conflicts": {"resolve": "siblings", "on_read": "no-such-reader"}}})",
                 "/replication/conflicts/on_read", "unknown read resolver \"no-such-reader\""),
      inlineCase("priority without replica-priority", R"({"replication": {"conflicts": {"priority": ["A"]}}})",
                 "/replication/conflicts/priority", "\"priority\" only applies to resolve \"replica-priority\""),
      inlineCase("home map without home routing", R"({"replication": {"routing": {"home": {"x": "A"}}}})",
                 "/replication/routing/home", "only applies to policy \"home\""),
      inlineCase("bad loop prevention", R"({"replication": {"loop_prevention": "paths"}})",
                 "/replication/loop_prevention", "did you mean \"path\"?"),
      inlineCase("write without leader", R"({"writes": [{"at_ms": 1, "key": "x", "value": "1"}]})", "/writes/0",
                 "missing required key \"leader\""),
      inlineCase("write with leader and dc", R"({"writes": [{"at_ms": 1, "leader": "A", "dc": "eu", "key": "x", "value": "1"}]})",
                 "/writes/0", "either \"leader\" or \"dc\""),
      inlineCase("write to a datacenter without datacenters", R"({"writes": [{"at_ms": 1, "dc": "eu", "key": "x", "value": "1"}]})",
                 "/writes/0/dc", "unknown datacenter \"eu\": the topology defines no \"datacenters\""),
      inlineCase("write without at_ms", R"({"writes": [{"leader": "A", "key": "x", "value": "1"}]})", "/writes/0",
                 "missing required key \"at_ms\""),
      inlineCase("write with an empty key", R"({"writes": [{"at_ms": 1, "leader": "A", "key": "", "value": "1"}]})",
                 "/writes/0/key", "expected a non-empty string"),
      inlineCase("set without value", R"({"writes": [{"at_ms": 1, "leader": "A", "key": "x"}]})", "/writes/0",
                 "missing required key \"value\""),
      inlineCase("delete with value", R"({"writes": [{"at_ms": 1, "leader": "A", "key": "x", "op": "delete", "value": "1"}]})",
                 "/writes/0/value", "\"value\" is not allowed with op \"delete\""),
      inlineCase("incr by a fraction", R"({"writes": [{"at_ms": 1, "leader": "A", "key": "x", "op": "incr", "value": 2.5}]})",
                 "/writes/0/value", "expected an integer, got 2.5"),
      inlineCase("incr by text", R"({"writes": [{"at_ms": 1, "leader": "A", "key": "x", "op": "incr", "value": "two"}]})",
                 "/writes/0/value", "expected an integer delta"),
      inlineCase("value as a boolean", R"({"writes": [{"at_ms": 1, "leader": "A", "key": "x", "value": true}]})",
                 "/writes/0/value", "expected a string or a number, got a boolean"),
      inlineCase("unknown op", R"({"writes": [{"at_ms": 1, "leader": "A", "key": "x", "op": "modify", "value": "1"}]})",
                 "/writes/0/op", "unknown op \"modify\"; expected one of set, insert, update, delete, incr, read"),
      inlineCase("workload rate zero", R"({"workload": {"rate_per_s": 0}})", "/workload/rate_per_s",
                 "expected a number > 0, got 0"),
      inlineCase("workload ops all zero", R"({"workload": {"ops": {"set": 0}}})", "/workload/ops",
                 "expected at least one op with a weight > 0"),
      inlineCase("workload read as an op", R"({"workload": {"ops": {"set": 1, "reads": 1}}})", "/workload/ops/reads",
                 "unknown key \"reads\""),
      inlineCase("workload zipf_s without zipf", R"({"workload": {"zipf_s": 1.2}})", "/workload/zipf_s",
                 "only applies to key_distribution \"zipf\""),
      inlineCase("workload leaders neither all nor a list", R"({"workload": {"leaders": "some"}})",
                 "/workload/leaders", "expected \"all\" or a list of leaders"),
      inlineCase("document with keys",
                 R"({"workload": {"keys": 5, "document": {"granularity": "paragraph"}}})", "/workload/keys",
                 "\"keys\" does not combine with \"document\""),
      inlineCase("document with key_distribution",
                 R"({"workload": {"key_distribution": "zipf", "document": {"granularity": "character"}}})",
                 "/workload/key_distribution", "\"key_distribution\" does not combine with \"document\""),
      inlineCase("document with zipf_s",
                 R"({"workload": {"zipf_s": 1.1, "document": {"granularity": "document"}}})", "/workload/zipf_s",
                 "\"zipf_s\" does not combine with \"document\""),
      inlineCase("document without granularity", R"({"workload": {"document": {"paragraphs": 4}}})",
                 "/workload/document", "missing required key \"granularity\""),
      inlineCase("document granularity misspelt", R"({"workload": {"document": {"granularity": "paragraphs"}}})",
                 "/workload/document/granularity", "unknown granularity \"paragraphs\"; did you mean \"paragraph\"?"),
      inlineCase("document granularity unknown", R"({"workload": {"document": {"granularity": "word"}}})",
                 "/workload/document/granularity", "expected one of document, paragraph, character"),
      inlineCase("document without paragraphs",
                 R"({"workload": {"document": {"paragraphs": 0, "granularity": "paragraph"}}})",
                 "/workload/document/paragraphs", "got 0"),
      inlineCase("document chars_per_paragraph a fraction",
                 R"({"workload": {"document": {"chars_per_paragraph": 2.5, "granularity": "character"}}})",
                 "/workload/document/chars_per_paragraph", "expected an integer"),
      inlineCase("document with a misspelt key", R"({"workload": {"document": {"chars": 5, "granularity": "character"}}})",
                 "/workload/document/chars", "did you mean \"chars_per_paragraph\"?"),
      inlineCase("document not an object", R"({"workload": {"document": "character"}})", "/workload/document",
                 "expected an object, got a string"),
      inlineCase("fault with two actions", R"({"faults": [{"at_ms": 1, "crash": "A", "recover": "A"}]})", "/faults/0",
                 "a fault takes exactly one action, got 2: crash and recover"),
      inlineCase("fault without action", R"({"faults": [{"at_ms": 1}]})", "/faults/0", "a fault needs an action"),
      inlineCase("fault with a misspelt action", R"({"faults": [{"at_ms": 1, "crahs": "A"}]})", "/faults/0/crahs",
                 "did you mean \"crash\"?"),
      inlineCase("both on a crash", R"({"faults": [{"at_ms": 1, "crash": "A", "both": true}]})", "/faults/0/both",
                 "\"both\" only applies to link_down and link_up"),
      inlineCase("link_down of one node", R"({"faults": [{"at_ms": 1, "link_down": ["A", "A"]}]})",
                 "/faults/0/link_down", "two different nodes"),
      inlineCase("link_up of three nodes", R"({"faults": [{"at_ms": 1, "link_up": ["A", "B", "C"]}]})",
                 "/faults/0/link_up", "expected two nodes"),
      inlineCase("partition of one group", R"({"faults": [{"at_ms": 1, "partition": [["A", "B"]]}]})",
                 "/faults/0/partition", "expected at least 2 groups"),
      inlineCase("overlapping partition", R"({"faults": [{"at_ms": 1, "partition": [["A", "B"], ["B", "C"]]}]})",
                 "/faults/0/partition/1/0", "duplicate node \"B\" (first at /faults/0/partition/0/1)"),
      inlineCase("heal false", R"({"faults": [{"at_ms": 1, "heal": false}]})", "/faults/0/heal", "\"heal\" must be true"),
      inlineCase("reconfigure with nothing", R"({"faults": [{"at_ms": 1, "reconfigure": {}}]})",
                 "/faults/0/reconfigure", "needs \"add\" or \"remove\""),
      inlineCase("crash of a datacenter without datacenters", R"({"faults": [{"at_ms": 1, "crash_datacenter": "eu"}]})",
                 "/faults/0/crash_datacenter", "the topology defines no \"datacenters\""),
      inlineCase("max_hops zero", R"({"limits": {"max_hops": 0}})", "/limits/max_hops",
                 "expected an integer between 1 and 4294967295, got 0"),
      inlineCase("max_memory_mb zero", R"({"limits": {"max_memory_mb": 0}})", "/limits/max_memory_mb",
                 "expected an integer between 1 and 1073741824, got 0"),
      inlineCase("max_ops beyond 32-bit write indices", R"({"limits": {"max_ops": 5000000000}})", "/limits/max_ops",
                 "expected an integer between 1 and 1000000000, got 5000000000"),
      inlineCase("more writes than max_ops",
                 R"({"limits": {"max_ops": 1}, "writes": [{"at_ms": 0, "leader": "A", "key": "x", "value": 1},
                                                          {"at_ms": 1, "leader": "B", "key": "x", "value": 2}]})",
                 "/writes", "this scenario would generate about 2 operations (2 writes), more than limits.max_ops (1)"),
      inlineCase("too many leaders for the memory", R"({"topology": {"leaders": {"count": 100000}}})",
                 "/topology/leaders/count", "raise limits.max_memory_mb (/limits/max_memory_mb) to run it"),
      inlineCase("a workload too fast", R"({"workload": {"rate_per_s": 1e7}})", "/workload/rate_per_s",
                 "more than limits.max_ops (10,000,000)"),
      inlineCase("too many keys for the memory", R"({"workload": {"keys": 100000000}})", "/workload/keys",
                 "100,000,000 keys at each of 3 nodes"),
      inlineCase("expect not an object", R"({"expect": ["converged"]})", "/expect", "expected an object, got an array"),
      fileCase("malformed file", "malformed.json", "", "unexpected '}'"),
      fileCase("unknown key in a file", "unknown-key.json", "/links/defualt",
               "unknown key \"defualt\"; did you mean \"default\"?"),
      fileCase("topology file missing", "missing-topology-file.json", "/topology/path", "no-such-topology.dot"),
      fileCase("bad DOT edge attribute", "dot-bad-attribute.json", "/topology/path",
               "edge \"A -> B\": loss: expected a number between 0 and 1, got \"1.5\""),
      fileCase("non-numeric DOT latency", "dot-bad-attribute.json", "/topology/path",
               "edge \"B -> A\": latency_ms: expected a number between 0 and 1000000000000, got \"fast\""),
      fileCase("DOT self-loop", "dot-bad-attribute.json", "/topology/path",
               "edge \"B -> B\": an edge cannot connect a node to itself"),
      fileCase("two fault actions in a file", "two-actions.json", "/faults/1", "exactly one action"),
      fileCase("override without link in a file", "override-without-link.json", "/links/overrides/1",
               "no link A → C in this topology"),
  };
  // Which spec resolvers are still unbuilt changes as the engine grows; the
  // message is checked for the first one, while there is one.
  for (const std::string& name : specResolverNames()) {
    if (isImplementedResolver(name)) continue;
    const auto available = implementedResolverNames();
    std::string list;
    for (const auto& a : available) list += (list.empty() ? "" : ", ") + a;
    cases.push_back(inlineCase("unimplemented resolver",
                               R"({"replication": {"conflicts": {"resolve": ")" + name + R"("}}})",
                               "/replication/conflicts/resolve",
                               "resolver \"" + name + "\" is not implemented yet; available: " + list));
    break;
  }
  REQUIRE(cases.size() >= 25);

  for (const BadCase& c : cases) {
    DYNAMIC_SECTION(c.label) {
      const LoadResult result = c.file.empty() ? loadScenarioText(c.text, "t.json", kDataDir + "/good")
                                               : loadScenarioFile(kDataDir + "/bad/" + c.file);
      INFO(c.text);
      INFO(rendered(result));
      CHECK_FALSE(result.ok());
      CHECK_FALSE(result.scenario);
      const auto match = std::find_if(result.errors.begin(), result.errors.end(), [&c](const ScenarioError& e) {
        return e.jsonPath == c.jsonPath && e.message.find(c.message) != std::string::npos;
      });
      REQUIRE(match != result.errors.end());
      if (c.jsonPath.empty()) {  // a syntax error: located by line and column
        CHECK(match->line > 0);
        CHECK(match->column > 0);
      }
      if (c.line > 0) {
        CHECK(match->line == c.line);
        CHECK(match->column == c.column);
      }
    }
  }
}

TEST_CASE("scenario::ScenarioLoader: every problem is collected") {
  SECTION("three independent mistakes give three errors") {
    const LoadResult result = loadPatched(
        R"({"seed": -1, "links": {"defualt": {}}, "writes": [{"at_ms": 0, "leader": "Z", "key": "x", "value": "1"}]})");
    INFO(rendered(result));
    REQUIRE(result.errors.size() == 3);
    CHECK(result.errors[0].jsonPath == "/seed");
    CHECK(result.errors[1].jsonPath == "/links/defualt");
    CHECK(result.errors[2].jsonPath == "/writes/0/leader");
  }
  SECTION("a broken leaders list does not make every later reference an error too") {
    const LoadResult result = loadPatched(
        R"({"topology": {"leaders": ["A", 5]}, "writes": [{"at_ms": 0, "leader": "Z", "key": "x", "value": "1"}]})");
    INFO(rendered(result));
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].jsonPath == "/topology/leaders/1");
  }
  SECTION("a missing file") {
    const LoadResult result = loadScenarioFile(kDataDir + "/no-such-scenario.json");
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].jsonPath.empty());
    CHECK(result.errors[0].message == "cannot read file: No such file or directory");
    CHECK(result.errors[0].render() == kDataDir + "/no-such-scenario.json: cannot read file: No such file or directory");
  }
  SECTION("a directory") {
    const LoadResult result = loadScenarioFile(kDataDir);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].message == "cannot read file: Is a directory");
  }
}

TEST_CASE("scenario::ScenarioLoader: a full document lands in the Scenario") {
  const LoadResult result = loadScenarioFile(kDataDir + "/good/full.json");
  INFO(rendered(result));
  REQUIRE(result.ok());
  const Scenario& s = *result.scenario;
  using Kind = LatencyDistribution::Kind;

  SECTION("root") {
    CHECK(s.file == kDataDir + "/good/full.json");
    CHECK(s.version == 1);
    CHECK(s.name == "full");
    CHECK(s.description == "Every section of the format, for the loader's tests");
    CHECK(s.seed == 42);
    REQUIRE(s.until);
    CHECK(s.until->us() == 5'000'500);
  }
  SECTION("topology") {
    CHECK(s.topology.kind == TopologyKind::Star);
    CHECK(s.topology.leaders == std::vector<std::string>{"A", "B", "C"});
    CHECK(s.topology.hub == "A");
  }
  SECTION("links") {
    const LinkParams& d = s.links.defaults;
    CHECK(sameLatency(d.latency, Kind::Fixed, 12, 0, 0));
    CHECK_FALSE(d.fifo);
    CHECK(d.loss == 0.01);
    CHECK(d.retry == SimTime::fromMs(150));
    REQUIRE(s.links.overrides.size() == 2);
    const LinkOverride& o = s.links.overrides[0];
    CHECK(o.from == "A");
    CHECK(o.to == "C");
    CHECK(o.both);
    REQUIRE(o.settings.latency);
    CHECK(sameLatency(*o.settings.latency, Kind::Uniform, 50, 100, 0));
    CHECK_FALSE(o.settings.loss);
    CHECK(s.links.overrides[1].settings.loss == 0.5);
    CHECK_FALSE(s.links.overrides[1].settings.latency);
    CHECK(s.links.overrides[1].jsonPath == "/links/overrides/1");
  }
  SECTION("replication") {
    const ReplicationSpec& r = s.replication;
    CHECK(r.loopPrevention == LoopPrevention::Seen);
    CHECK(r.forward == true);
    CHECK(r.ordering == Ordering::Causal);
    CHECK(r.conflicts.resolve == "lww");
    CHECK(r.conflicts.timestamps == Timestamps::Clock);
    REQUIRE(r.clocks.count("A"));
    CHECK(r.clocks.at("A").offsetMs == -50);
    CHECK(r.clocks.at("A").driftPpm == 100);
    CHECK(r.routing.policy == RoutingPolicy::Direct);
    CHECK(r.autoReconfigureAfter == SimTime::fromMs(500));
  }
  SECTION("writes") {
    REQUIRE(s.writes.size() == 6);
    CHECK(s.writes[0].op == OpKind::Insert);
    CHECK(s.writes[0].value == "1");
    CHECK(s.writes[0].leader == "A");
    CHECK(s.writes[1].at.us() == 20'000);  // 20.0004 ms rounds to whole microseconds
    CHECK(s.writes[1].value == "5");      // a number is kept as its JSON text
    CHECK(s.writes[1].jsonPath == "/writes/1");
    CHECK(s.writes[2].op == OpKind::Incr);
    CHECK(s.writes[2].value == "1");  // incr defaults to 1
    CHECK(s.writes[3].value == "-3");
    CHECK(s.writes[4].op == OpKind::Read);
    CHECK(s.writes[5].op == OpKind::Set);  // the default op
    CHECK(s.writes[5].value == "2.5");
    CHECK(s.writes[5].at.us() == 95'063);  // 95062.5 us rounds half away from zero
  }
  SECTION("workload") {
    REQUIRE(s.workload);
    const WorkloadSpec& w = *s.workload;
    CHECK(w.leaders == std::vector<std::string>{"A", "B"});
    CHECK(w.ratePerS == 50);
    CHECK(w.start == SimTime::fromMs(100));
    CHECK(w.duration == SimTime::fromMs(200));
    CHECK(w.keys == 10);
    CHECK(w.zipf);
    CHECK(w.zipfS == 1.3);
    CHECK(w.readFraction == 0.2);
    // In the format's op order, zero weights dropped.
    CHECK(w.ops == std::vector<std::pair<OpKind, double>>{{OpKind::Set, 0.8}, {OpKind::Incr, 0.2}});
  }
  SECTION("faults") {
    REQUIRE(s.faults.size() == 10);
    CHECK(s.faults[0].kind == FaultKind::Crash);
    CHECK(s.faults[0].node == "C");
    CHECK(s.faults[0].at == SimTime::fromMs(200));
    CHECK(s.faults[2].kind == FaultKind::LinkDown);
    CHECK(s.faults[2].link == std::pair<std::string, std::string>{"A", "B"});
    CHECK(s.faults[2].both);
    CHECK_FALSE(s.faults[3].both);
    CHECK(s.faults[4].groups == std::vector<std::vector<std::string>>{{"A", "B"}, {"C"}});
    CHECK(s.faults[5].kind == FaultKind::Heal);
    CHECK(s.faults[6].add == std::vector<std::pair<std::string, std::string>>{{"B", "C"}});
    CHECK(s.faults[6].remove == std::vector<std::pair<std::string, std::string>>{{"A", "B"}});
    CHECK(s.faults[7].resume == std::vector<std::string>{"A", "C"});
    CHECK(s.faults[8].kind == FaultKind::Offline);
    CHECK(s.faults[9].kind == FaultKind::Online);
    CHECK(s.faults[9].jsonPath == "/faults/9");
  }
  SECTION("limits and expectations") {
    CHECK(s.limits.maxEvents == 1'000'000);
    CHECK(s.limits.maxHops == 50);
    CHECK(s.limits.maxMemoryMb == 512);
    CHECK(s.limits.maxOps == 1000);
    REQUIRE(s.expect.size() == 4);
    CHECK(s.expect[0].path == "conflicts.detected");
    CHECK(s.expect[0].expected == ">=1");
    CHECK(s.expect[1].path == "converged");
    CHECK(s.expect[1].expected == true);
    CHECK(s.expect[1].jsonPath == "/expect/converged");
    CHECK(s.expect[2].expected == json::array({"2"}));
  }
}

TEST_CASE("scenario::ScenarioLoader: values and defaults of good documents") {
  using Kind = LatencyDistribution::Kind;
  SECTION("defaults") {
    const Scenario s = loadGood("{}");
    CHECK(s.seed == 1);
    CHECK_FALSE(s.until);
    CHECK(s.description.empty());
    CHECK(s.links.defaults.loss == 0.0);
    CHECK(s.replication.loopPrevention == LoopPrevention::Path);
    CHECK_FALSE(s.replication.forward);
    CHECK(s.replication.conflicts.resolve == "lww");
    CHECK_FALSE(s.workload);
    CHECK(s.limits.maxEvents == 50'000'000);
    CHECK(s.limits.maxMemoryMb == 4096);
    CHECK(s.limits.maxOps == 10'000'000);
    CHECK(s.topology.nodesPath == "/topology/leaders");
  }
  SECTION("leaders by count") {
    const Scenario s = loadGood(R"({"topology": {"kind": "ring", "leaders": {"count": 3}}})");
    CHECK(s.topology.leaders == std::vector<std::string>{"L1", "L2", "L3"});
  }
  SECTION("latency forms") {
    const Scenario s = loadGood(R"({"links": {"overrides": [
        {"from": "A", "to": "B", "latency_ms": 7.5},
        {"from": "A", "to": "B", "latency_ms": {"dist": "uniform", "min": 1, "max": 3}},
        {"from": "A", "to": "B", "latency_ms": {"dist": "normal", "mean": 20, "stddev": 5, "min": 2}},
        {"from": "A", "to": "B", "latency_ms": {"dist": "lognormal", "median": 10, "sigma": 0.5}},
        {"from": "A", "to": "B", "latency_ms": {"dist": "exponential", "mean": 4, "min": 1}}]}})");
    const auto& o = s.links.overrides;
    REQUIRE(o.size() == 5);
    CHECK(sameLatency(*o[0].settings.latency, Kind::Fixed, 7.5, 0, 0));
    CHECK(sameLatency(*o[1].settings.latency, Kind::Uniform, 1, 3, 0));
    CHECK(sameLatency(*o[2].settings.latency, Kind::Normal, 20, 5, 2));
    CHECK(sameLatency(*o[3].settings.latency, Kind::Lognormal, 10, 0.5, 0));
    CHECK(sameLatency(*o[4].settings.latency, Kind::Exponential, 4, 0, 1));
  }
  SECTION("fractional milliseconds round to microseconds") {
    const Scenario s = loadGood(R"({"until_ms": 1.2344, "links": {"default": {"retry_ms": 0.0026}}})");
    CHECK(s.until->us() == 1234);
    CHECK(s.links.defaults.retry.us() == 3);
  }
  SECTION("custom leaders come from the edges in order of appearance") {
    const Scenario s = loadGood(R"({"topology": {"kind": "custom", "leaders": null,
        "edges": [["B", "A"], ["A", "C", {"both": true, "latency_ms": 30, "fifo": false}]]}})");
    CHECK(s.topology.leaders == std::vector<std::string>{"B", "A", "C"});
    REQUIRE(s.topology.edges.size() == 2);
    const EdgeSpec& e = s.topology.edges[1];
    CHECK(e.from == "A");
    CHECK(e.to == "C");
    CHECK(e.both);
    CHECK(sameLatency(*e.settings.latency, Kind::Fixed, 30, 0, 0));
    CHECK(e.settings.fifo == false);
    CHECK(e.jsonPath == "/topology/edges/1");
  }
  SECTION("custom with a leaders list keeps its order and may add isolated leaders") {
    const Scenario s = loadGood(R"({"topology": {"kind": "custom", "leaders": ["C", "B", "A", "D"], "edges": [["A", "B"]]}})");
    CHECK(s.topology.leaders == std::vector<std::string>{"C", "B", "A", "D"});
  }
  SECTION("a DOT file, resolved against the scenario's folder") {
    const LoadResult result = loadScenarioFile(kDataDir + "/good/dot-topology.json");
    INFO(rendered(result));
    REQUIRE(result.ok());
    const TopologySpec& t = result.scenario->topology;
    CHECK(t.kind == TopologyKind::File);
    CHECK(t.filePath == kDataDir + "/good/triangle.dot");
    CHECK(t.leaders == std::vector<std::string>{"C", "A", "B"});  // the DOT file's order
    REQUIRE(t.edges.size() == 3);
    CHECK(t.edges[0].from == "A");
    CHECK(t.edges[0].to == "B");
    CHECK(sameLatency(*t.edges[0].settings.latency, Kind::Fixed, 30, 0, 0));
    CHECK_FALSE(t.edges[0].both);
    CHECK(t.edges[1].settings.loss == 0.25);
    CHECK(t.edges[1].settings.fifo == false);
    CHECK(t.edges[2].settings.retry == SimTime::fromMs(50));
    CHECK(t.edges[2].both);
    CHECK(t.edges[2].jsonPath == "/topology/path");
  }
  SECTION("a DOT file with a leaders list takes the list's order") {
    const Scenario s = loadGood(R"({"topology": {"kind": "file", "path": "triangle.dot", "leaders": ["A", "B", "C"]}})");
    CHECK(s.topology.leaders == std::vector<std::string>{"A", "B", "C"});
  }
  SECTION("an undirected DOT graph links both ways") {
    const Scenario s = loadGood(R"({"topology": {"kind": "file", "path": "undirected.dot", "leaders": null}})");
    REQUIRE(s.topology.edges.size() == 1);
    CHECK(s.topology.edges[0].both);
    CHECK(sameLatency(*s.topology.edges[0].settings.latency, Kind::Fixed, 2.5, 0, 0));
  }
  SECTION("tree and single-leader") {
    CHECK(loadGood(R"({"topology": {"kind": "tree", "fanout": 3}})").topology.fanout == 3);
    const Scenario s = loadGood(R"({"topology": {"kind": "single-leader", "leader": "B"}})");
    CHECK(s.topology.kind == TopologyKind::SingleLeader);
    CHECK(s.topology.leader == "B");
  }
  SECTION("workload document: sizes default to 8 x 40, granularity as given") {
    const Scenario s = loadGood(R"({"workload": {"document": {"granularity": "character"}}})");
    REQUIRE(s.workload);
    REQUIRE(s.workload->document);
    CHECK(s.workload->document->paragraphs == 8);
    CHECK(s.workload->document->charsPerParagraph == 40);
    CHECK(s.workload->document->granularity == DocumentGranularity::Character);
    const Scenario p = loadGood(
        R"({"workload": {"document": {"paragraphs": 3, "chars_per_paragraph": 7, "granularity": "paragraph"}}})");
    CHECK(p.workload->document->paragraphs == 3);
    CHECK(p.workload->document->charsPerParagraph == 7);
    CHECK(p.workload->document->granularity == DocumentGranularity::Paragraph);
    CHECK_FALSE(loadGood(R"({"workload": {}})").workload->document);
  }
  SECTION("datacenters: nodes, their clients and faults") {
    const Scenario s = loadGood(R"({"topology": {"leaders": null, "failover_after_ms": 250.5, "failover_rejoin": "replay",
        "datacenters": [{"name": "eu", "leader": "A", "followers": ["a2", "a3"], "intra_latency_ms": 2},
                        {"name": "us", "leader": "B"}]},
        "links": {"overrides": [{"from": "A", "to": "a2", "latency_ms": 300}]},
        "writes": [{"at_ms": 1, "dc": "us", "key": "x", "value": "1"}, {"at_ms": 2, "leader": "a3", "key": "x", "op": "read"}],
        "faults": [{"at_ms": 5, "crash_datacenter": "eu"}, {"at_ms": 9, "recover_datacenter": "eu"}]})");
    CHECK(s.topology.leaders == std::vector<std::string>{"A", "B"});
    REQUIRE(s.topology.datacenters.size() == 2);
    CHECK(s.topology.datacenters[0].followers == std::vector<std::string>{"a2", "a3"});
    CHECK(sameLatency(*s.topology.datacenters[0].intraLatency, Kind::Fixed, 2, 0, 0));
    CHECK_FALSE(s.topology.datacenters[1].intraLatency);
    CHECK(s.topology.failoverAfter == SimTime::fromUs(250'500));
    CHECK(s.topology.failoverRejoin == FailoverRejoin::Replay);
    CHECK(s.writes[0].dc == "us");
    CHECK(s.writes[0].leader.empty());
    CHECK(s.writes[1].leader == "a3");
    CHECK(s.faults[0].kind == FaultKind::CrashDatacenter);
    CHECK(s.faults[0].node == "eu");
    CHECK(s.faults[1].kind == FaultKind::RecoverDatacenter);
  }
  SECTION("datacenters: a leaders list naming exactly their leaders, and the default rejoin") {
    const Scenario s = loadGood(R"({"topology": {"leaders": ["B", "A"], "failover_after_ms": 10,
        "datacenters": [{"name": "eu", "leader": "A"}, {"name": "us", "leader": "B"}]}})");
    CHECK(s.topology.leaders == std::vector<std::string>{"B", "A"});
    CHECK(s.topology.failoverRejoin == FailoverRejoin::Discard);
  }
  SECTION("datacenters over a DOT file of their leaders") {
    const Scenario s = loadGood(R"({"topology": {"kind": "file", "path": "triangle.dot", "leaders": null,
        "datacenters": [{"name": "eu", "leader": "A", "followers": ["a2"]}, {"name": "us", "leader": "B"},
                        {"name": "ap", "leader": "C"}]}})");
    CHECK(s.topology.edges.size() == 3);
    CHECK(s.topology.leaders == std::vector<std::string>{"A", "B", "C"});
  }
  SECTION("workload defaults expand \"all\"") {
    const Scenario s = loadGood(R"({"workload": {}})");
    REQUIRE(s.workload);
    CHECK(s.workload->leaders == std::vector<std::string>{"A", "B", "C"});
    CHECK(s.workload->ratePerS == 100);
    CHECK(s.workload->duration == SimTime::fromMs(1000));
    CHECK(s.workload->keys == 50);
    CHECK(s.workload->ops == std::vector<std::pair<OpKind, double>>{{OpKind::Set, 1.0}});
  }
  SECTION("the resolver alias is stored canonically") {
    CHECK(loadGood(R"({"replication": {"conflicts": {"resolve": "last-update-wins"}}})").replication.conflicts.resolve ==
          "lww");
  }
  SECTION("replica-priority and siblings with their own keys, once the engine has them") {
    if (isImplementedResolver("replica-priority")) {
      const Scenario s = loadGood(R"({"replication": {"conflicts": {"resolve": "replica-priority", "priority": ["C", "A"]}}})");
      CHECK(s.replication.conflicts.priority == std::vector<std::string>{"C", "A"});
    }
    if (isImplementedResolver("siblings") && isReadResolver("max-value")) {
      const Scenario s = loadGood(R"({"replication": {"conflicts": {"resolve": "siblings", "on_read": "max-value"}}})");
      CHECK(s.replication.conflicts.onRead == "max-value");
    }
  }
  SECTION("seed takes the whole uint64 range") {
    CHECK(loadGood(R"({"seed": 18446744073709551615})").seed == UINT64_MAX);
  }
}

namespace {

// Every JSON pointer in `value` (the root included).
void collectPointers(const json& value, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
  out.push_back(at);
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) collectPointers(child, at / key, out);
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) collectPointers(value[i], at / i, out);
  }
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("scenario::ScenarioLoader: survives mutated documents") {
  const std::string original = readText(kDataDir + "/good/full.json");
  REQUIRE(loadScenarioText(original, "full.json", kDataDir + "/good").ok());
  const json originalDoc = json::parse(original);
  std::vector<json::json_pointer> pointers;
  collectPointers(originalDoc, json::json_pointer(), pointers);
  const std::vector<json> replacements = {
      nullptr, json::array(), json::object(), -1, 1e300, "x", true, 0, 0.5, "", -0.25, 1e13, "A", "all",
      json::array({json::array({"A", "B"})}), json{{"dist", "normal"}}, json{{"count", 2}}, 18446744073709551615ull};
  const std::string noise = "{}[],:\"0-9eE.tfn \\";

  Random rng(20240611);
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    switch (rng.below(5)) {
      case 0: {  // delete a character
        text = original;
        text.erase(rng.below(text.size()), 1);
        break;
      }
      case 1: {  // insert a character
        text = original;
        text.insert(rng.below(text.size() + 1), 1, noise[rng.below(noise.size())]);
        break;
      }
      case 2: {  // cut the text short
        text = original.substr(0, rng.below(original.size()));
        break;
      }
      case 3: {  // replace one value with one of another type or range
        json doc = originalDoc;
        doc[pointers[rng.below(pointers.size())]] = replacements[rng.below(replacements.size())];
        text = doc.dump();
        break;
      }
      default: {  // remove a member or an element
        json doc = originalDoc;
        const auto& at = pointers[1 + rng.below(pointers.size() - 1)];
        json& parent = doc[at.parent_pointer()];
        if (parent.is_object()) parent.erase(at.back());
        else parent.erase(std::stoul(at.back()));
        text = doc.dump();
        break;
      }
    }
    LoadResult result;
    REQUIRE_NOTHROW(result = loadScenarioText(text, "mutated.json", kDataDir + "/good"));
    const bool errorsWellFormed = std::all_of(result.errors.begin(), result.errors.end(), [](const ScenarioError& e) {
      const bool located = e.line > 0 ? e.column > 0 : e.jsonPath.empty() || e.jsonPath.front() == '/';
      return located && !e.message.empty() && !e.render().empty();
    });
    INFO("mutation " << i << ": " << text);
    INFO(rendered(result));
    REQUIRE(result.ok() == result.errors.empty());
    REQUIRE(result.scenario.has_value() == result.ok());
    REQUIRE(errorsWellFormed);
  }
}

TEST_CASE("scenario::ScenarioLoader: hostile input neither throws nor crashes") {
  SECTION("deeply nested values") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    for (const std::string& text : {deep, patched("{}").insert(1, "\"expect\": {\"x\": " + deep + "}, "),
                                    patched("{}").insert(1, "\"writes\": " + deep + ", ")}) {
      const LoadResult result = loadScenarioText(text, "deep.json", "");
      CHECK_FALSE(result.ok());
    }
  }
  SECTION("documents built in code: NaN, invalid UTF-8, binary") {
    json doc = json::parse(patched("{}"));
    doc["until_ms"] = std::nan("");
    doc["description"] = std::string("\xff\xfe");
    doc["seed"] = json::binary({1, 2, 3});
    doc["topology"]["leaders"].push_back(std::string("\xc3("));
    const LoadResult result = loadScenarioJson(doc, "code.json", "");
    INFO(rendered(result));
    CHECK(result.errors.size() == 3);
  }
}

TEST_CASE("scenario::ScenarioLoader: every shipped scenario loads") {
  const std::filesystem::path dir = REPLSIM_SOURCE_DIR "/scenarios";
  // No folder or no files is a failure, not a test that checks nothing.
  REQUIRE(std::filesystem::is_directory(dir));
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    const LoadResult result = loadScenarioFile(file.string());
    INFO(rendered(result));
    CHECK(result.ok());
  }
}

TEST_CASE("scenario::ScenarioLoader: what editors and the docs add is accepted") {
  SECTION("\"$schema\" at the top level") {
    const Scenario s = loadGood(R"({"$schema": "../docs/scenario.schema.json"})");
    CHECK(s.name == "t");
  }
  SECTION("comments, as the docs' examples have them") {
    const LoadResult result = loadScenarioText(R"(// a comment before
{ "replsim": 1, /* the version */ "name": "c",
  "topology": { "kind": "ring", "leaders": ["A", "B"] }  // two leaders
})", "c.json", ".");
    INFO(rendered(result));
    REQUIRE(result.ok());
    CHECK(result.scenario->topology.leaders.size() == 2);
  }
  SECTION("comparisons spelt right, and strings that only look like them, are kept") {
    const Scenario s = loadGood(R"({"expect": {"a": "==0", "b": ">= 1", "c": "=", "d": "=x", "e": "!=0"}})");
    REQUIRE(s.expect.size() == 5);
    CHECK(s.expect[2].expected == "=");
    CHECK(s.expect[3].expected == "=x");
  }
}

// The checks that need the built topology call Topology::build, which throws
// on a broken precondition (an unknown node, a link to itself). The loader
// no longer turns such an exception into "cannot build the topology" (bad
// input, exit 1): it rejects those inputs with their paths before building,
// and an exception would be a bug reaching the internal error (exit 70).
TEST_CASE("scenario::ScenarioLoader: inputs that reach Topology::build are errors with paths, never exceptions",
          "[scenario]") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {R"({"links": {"overrides": [{"from": "Q", "to": "A"}]}})", "/links/overrides/0/from: unknown node \"Q\""},
      {R"({"links": {"overrides": [{"from": "A", "to": "A"}]}})", "/links/overrides/0"},
      {R"({"topology": {"kind": "ring"}, "links": {"overrides": [{"from": "B", "to": "A"}]}})",
       "/links/overrides/0: no link B → A in this topology"},
      {R"({"topology": {"kind": "line"}, "faults": [{"at_ms": 5, "link_down": ["A", "C"]}]})",
       "/faults/0: no link A → C in this topology at that time"},
      {R"({"topology": {"kind": "custom", "edges": [["A", "B"], ["B", "Z"]]},
           "links": {"overrides": [{"from": "A", "to": "B"}]}})",
       "/topology/edges/1/1"},
  };
  for (const auto& [patch, expected] : cases) {
    INFO(patch);
    LoadResult r;
    REQUIRE_NOTHROW(r = loadPatched(patch));
    CHECK_FALSE(r.ok());
    CHECK_THAT(rendered(r), Catch::Contains(expected));
    CHECK_THAT(rendered(r), !Catch::Contains("cannot build the topology"));
  }
}

TEST_CASE("scenario::ScenarioLoader: pareto and mixture latencies") {
  const Scenario s = loadGood(R"({"links": {"default": {"latency_ms": {"dist": "mixture", "of": [
      {"weight": 0.75, "dist": {"dist": "pareto", "xm": 2, "alpha": 1.5, "min": 1}},
      {"weight": 0.25, "dist": 40}]}}}})");
  const LatencyDistribution& d = s.links.defaults.latency;
  REQUIRE(d.kind == LatencyDistribution::Kind::Mixture);
  REQUIRE(d.parts.size() == 2);
  CHECK(d.parts[0].weight == 0.75);
  CHECK(sameLatency(d.parts[0].dist, LatencyDistribution::Kind::Pareto, 2, 1.5, 1));
  CHECK(d.parts[1].dist.kind == LatencyDistribution::Kind::Fixed);
  CHECK(d.parts[1].dist.a == 40);

  const auto bad = [](const std::string& patch, const std::string& path, const std::string& message) {
    const LoadResult r = loadPatched(patch);
    INFO(patch);
    INFO(rendered(r));
    CHECK_FALSE(r.ok());
    CHECK(std::any_of(r.errors.begin(), r.errors.end(), [&](const ScenarioError& e) {
      return e.jsonPath == path && e.message.find(message) != std::string::npos;
    }));
  };
  bad(R"({"links": {"default": {"latency_ms": {"dist": "pareto", "xm": 2, "alpha": 1}}}})",
      "/links/default/latency_ms/alpha", "");
  bad(R"({"links": {"default": {"latency_ms": {"dist": "pareto", "alpha": 2}}}})", "/links/default/latency_ms",
      "missing required key \"xm\"");
  bad(R"({"links": {"default": {"latency_ms": {"dist": "mixture", "of": [{"weight": 0.5, "dist": 1}, {"weight": 0.4, "dist": 2}]}}}})",
      "/links/default/latency_ms/of", "the weights sum to 0.9; they must sum to 1");
  bad(R"({"links": {"default": {"latency_ms": {"dist": "mixture", "of": []}}}})", "/links/default/latency_ms/of",
      "expected 1 to 64 parts");
  bad(R"({"links": {"default": {"latency_ms": {"dist": "mixture", "of": [{"weight": 1, "dist": {"dist": "pareto", "xm": 0, "alpha": 2}}]}}}})",
      "/links/default/latency_ms/of/0/dist/xm", "");
  bad(R"({"links": {"default": {"latency_ms": {"dist": "mixture", "of": [{"weight": 1, "dist": 1}], "min": 3}}}})",
      "/links/default/latency_ms/min", "unknown key");
}

TEST_CASE("scenario::ScenarioLoader: plain writes kept out of the document load exactly as the document would") {
  // loadScenarioText keeps flat write objects out of the JSON document and
  // reads them without JsonReader (FlatObjectArray); loadScenarioJson reads
  // the same writes from the document. Random write lists, good and bad,
  // must give the same errors (same words, same paths, same order) and the
  // same writes.
  const std::vector<std::string> keys = {"at_ms", "leader", "key", "value", "op", "dc", "bogus"};
  const std::vector<json> values = {0, 1.5, -1, 1e13, 3.0, 18446744073709551615ull, "A", "B", "D", "", "x",
                                    nullptr, true, json::array(), json::object(), "set", "incr", "delete", "read",
                                    "insert", "update", "Set", "7", "-2", "1.5e1", json::array({1})};
  const std::vector<std::string> ops = {"set", "insert", "update", "delete", "incr", "read"};
  Random rng(20261202);
  int loaded = 0, refused = 0;
  for (int round = 0; round < 300; ++round) {
    json doc = json::parse(kMinimal);
    json writes = json::array();
    const size_t n = 1 + rng.below(12);
    const bool noisy = rng.bernoulli(0.5);  // otherwise every write is a plain, right one
    for (size_t i = 0; i < n; ++i) {
      const uint64_t shape = noisy ? rng.below(10) : 0;
      if (shape < 6) {  // a plain write, mostly right
        json w = {{"at_ms", rng.bernoulli(0.5) ? json(rng.below(100)) : json(rng.uniform(0, 100))},
                  {"leader", std::string(1, "ABC"[rng.below(3)])},
                  {"key", "k" + std::to_string(rng.below(5))}};
        const std::string op = ops[rng.below(ops.size())];
        if (rng.bernoulli(0.5)) w["op"] = op;
        const bool takesValue = !w.contains("op") || op == "set" || op == "insert" || op == "update";
        if (takesValue || (noisy && rng.bernoulli(0.2))) w["value"] = rng.bernoulli(0.7) ? json(std::to_string(rng.below(1000))) : json(rng.below(9));
        if (noisy && rng.bernoulli(0.2)) w[keys[rng.below(keys.size())]] = values[rng.below(values.size())];
        writes.push_back(w);
      } else if (shape < 9) {  // any keys, any values
        json w = json::object();
        for (size_t k = rng.below(6); k > 0; --k) w[keys[rng.below(keys.size())]] = values[rng.below(values.size())];
        writes.push_back(w);
      } else {
        writes.push_back(values[rng.below(values.size())]);
      }
    }
    doc["writes"] = writes;
    const std::string text = doc.dump();
    const LoadResult fromText = loadScenarioText(text, "w.json", kDataDir + "/good");
    const LoadResult fromDocument = loadScenarioJson(json::parse(text), "w.json", kDataDir + "/good");
    INFO(text);
    REQUIRE(rendered(fromText) == rendered(fromDocument));
    REQUIRE(fromText.ok() == fromDocument.ok());
    if (!fromText.ok()) {
      ++refused;
      continue;
    }
    ++loaded;
    const auto& a = fromText.scenario->writes;
    const auto& b = fromDocument.scenario->writes;
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].at == b[i].at);
      CHECK(a[i].leader == b[i].leader);
      CHECK(a[i].key == b[i].key);
      CHECK(a[i].op == b[i].op);
      CHECK(a[i].value == b[i].value);
      CHECK(a[i].jsonPath == b[i].jsonPath);
      CHECK(a[i].dc == b[i].dc);
    }
  }
  // Both kinds of documents were met, so both ways were compared.
  CHECK(loaded > 100);
  CHECK(refused > 100);
}
