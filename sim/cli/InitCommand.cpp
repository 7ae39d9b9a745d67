#include "sim/cli/InitCommand.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "sim/cli/Cli.h"

namespace replsim {
namespace {

constexpr int kMinLeaders = 2;
constexpr int kMaxLeaders = 1000;
constexpr int kLetters = 26;

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

const char* initKindsList() { return "all-to-all, ring, bidirectional-ring, star, line, tree, single-leader"; }

std::string starterScenario(const InitOptions& o, std::string& error) {
  static const std::vector<std::string> kKinds = {"all-to-all", "ring", "bidirectional-ring", "star",
                                                  "line",       "tree", "single-leader"};
  bool known = false;
  for (const auto& k : kKinds) known = known || k == o.kind;
  if (!known) {
    error = "--kind: unknown kind \"" + o.kind + "\"; init knows " + initKindsList();
    return "";
  }
  if (o.leaders < kMinLeaders || o.leaders > kMaxLeaders) {
    error = "--leaders: expected a number between " + std::to_string(kMinLeaders) + " and " +
            std::to_string(kMaxLeaders) + ", got " + std::to_string(o.leaders);
    return "";
  }
  // A..Z as a list, more as {"count": n} (L1..Ln).
  const bool letters = o.leaders <= kLetters;
  const auto nameOf = [&](int i) {
    return letters ? std::string(1, static_cast<char>('A' + i)) : std::string("L").append(std::to_string(i + 1));
  };
  std::string leaders;
  if (letters) {
    leaders = "[";
    for (int i = 0; i < o.leaders; ++i) leaders += (i ? ", " : "") + quoted(nameOf(i));
    leaders += "]";
  } else {
    leaders = "{\"count\": " + std::to_string(o.leaders) + "}";
  }
  const std::string first = nameOf(0), second = nameOf(1), last = nameOf(o.leaders - 1);
  const bool single = o.kind == "single-leader";
  const std::string name =
      o.outFile.empty() ? "my-" + o.kind : std::filesystem::path(o.outFile).stem().string();

  // Code, then its comment aligned in one column.
  std::ostringstream s;
  const auto line = [&s](const std::string& code, const std::string& comment = "") {
    constexpr std::size_t kCommentColumn = 40;
    s << code;
    if (!comment.empty()) s << std::string(code.size() < kCommentColumn ? kCommentColumn - code.size() : 1, ' ') << "// " << comment;
    s << "\n";
  };
  const std::string file = o.outFile.empty() ? "my-scenario.json" : o.outFile;
  line("// A starter scenario, written by `replsim init --kind " + o.kind + " --leaders " + std::to_string(o.leaders) + "`.");
  line("// Run it:    replsim run " + file + " --trace");
  line("// Check it:  replsim validate " + file);
  line("// Every field: docs/scenario-format.md; editor completion: `replsim schema` (docs/scenario.schema.json).");
  line("// Comments like these are allowed anywhere in a scenario.");
  line("{");
  line("  \"replsim\": 1,", "the format version: always 1");
  line("  \"name\": " + quoted(name) + ",");
  line("  \"description\": \"" +
       std::string(single ? "One leader replicates to its followers; a client writes x twice."
                          : "Two clients write x at two leaders 1 ms apart: the writes conflict and lww keeps one.") +
       "\",");
  line("  \"seed\": 1,", "latency samples and generated workloads follow it");
  line("  \"topology\": {");
  line("    \"kind\": " + quoted(o.kind) + ",", std::string(initKindsList()) + ", custom, file");
  const bool extra = o.kind == "star" || o.kind == "tree" || single;
  line("    \"leaders\": " + leaders + (extra ? "," : ""), letters ? "" : "L1 ... L" + std::to_string(o.leaders));
  if (o.kind == "star") line("    \"hub\": " + quoted(first), "every other leader <-> the hub");
  if (o.kind == "tree") line("    \"fanout\": 2", "children per node");
  if (single) line("    \"leader\": " + quoted(first), "the others are followers");
  line("  },");
  line("  \"links\": {");
  line("    \"default\": { \"latency_ms\": 10 }", "every link; or {\"dist\": \"uniform\", \"min\": 5, \"max\": 20}");
  line("  },");
  line("  \"replication\": {");
  line("    \"loop_prevention\": \"path\",", "path | origin | seen | none");
  line("    \"ordering\": \"none\",", "none | causal");
  line("    \"conflicts\": { \"resolve\": \"lww\" }",
       "lww | first-update-wins | apply-remote | keep-local | replica-priority | merge | siblings | error");
  line("  },");
  line("  \"writes\": [", "op: set (default) | insert | update | delete | incr | read");
  line("    { \"at_ms\": 0, \"leader\": " + quoted(first) + ", \"key\": \"x\", \"value\": \"1\" },");
  line("    { \"at_ms\": 1, \"leader\": " + quoted(single ? first : second) + ", \"key\": \"x\", \"value\": \"2\" }");
  line("  ],");
  line("  \"faults\": [");
  line("    // { \"at_ms\": 5, \"crash\": " + quoted(last) + " }, { \"at_ms\": 200, \"recover\": " + quoted(last) + " }");
  line("  ],");
  line("  \"expect\": {", "checked after the run; a miss exits with status 3");
  line("    \"converged\": true,");
  line("    \"writes.total\": 2");
  line("  }");
  line("}");
  return s.str();
}

int initCommand(const InitOptions& options, std::ostream& out, std::ostream& err) {
  std::string error;
  const std::string text = starterScenario(options, error);
  if (text.empty()) {
    err << "replsim init: " << error << "\n";
    return kExitBadInput;
  }
  if (options.outFile.empty()) {
    out << text;
    return kExitOk;
  }
  std::error_code ec;
  if (std::filesystem::exists(options.outFile, ec)) {
    err << "replsim init: " << options.outFile << " exists already; choose another name or remove it\n";
    return kExitBadInput;
  }
  std::ofstream f(options.outFile, std::ios::binary);
  f << text;
  f.close();
  if (!f) {
    err << "replsim init: cannot write " << options.outFile << "\n";
    return kExitBadInput;
  }
  err << "replsim init: wrote " << options.outFile << "; run it with: replsim run " << options.outFile << " --trace\n";
  return kExitOk;
}

}  // namespace replsim
