#include "sim/cli/Cli.h"
#include "sim/cli/SeedOption.h"

#include <iostream>
#include <sstream>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include "sim/cli/CompareCommand.h"
#include "sim/cli/InitCommand.h"
#include "sim/cli/RunCommand.h"
#include "sim/cli/SchemaCommand.h"
#include "sim/cli/SweepCommand.h"
#include "sim/cli/TopologyCommand.h"
#include "sim/cli/ValidateCommand.h"
#include "sim/cli/VisibilityCommand.h"

namespace replsim {

const char* replsimVersion() { return REPLSIM_VERSION; }

int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  return runCli(argc, argv, std::cin, out, err);
}

int runCli(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"replsim: a deterministic simulator of multi-leader database replication.\n"
               "Example: replsim run scenarios/overtaking-none.json --trace"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");
  app.set_version_flag("--version", std::string("replsim ") + replsimVersion());

  RunOptions run;
  auto* runCmd = app.add_subcommand("run", "Run one scenario and print its report.\n"
                                           "Example: replsim run scenarios/ring-path-tags.json --trace");
  runCmd->add_option("scenario", run.scenarioFile, "Scenario file (JSON, format v1; - reads standard input)")
      ->required();
  runCmd->add_option("--seed", run.seed, "Seed for the random engine (overrides the scenario's), 0 to 2^64-1")
      ->check(seedValidator());
  runCmd->add_option("--until", run.untilMs, "Stop at this simulated time, in ms (overrides until_ms)");
  runCmd->add_option("--format", run.format, "Report format")->check(CLI::IsMember({"text", "json"}));
  runCmd->add_flag("--trace", run.trace,
                   "Print the timeline, one event a line, before the report (on stderr with --format json)");
  runCmd->add_option("--out", run.outDir,
                     "Also write into this folder: report.json, report.txt, timeline.svg, topology.dot/.svg, "
                     "report.html, trace.json (Perfetto), shiviz.log, timeseries.csv; the list of files written "
                     "goes to stderr");
  runCmd
      ->add_option_function<std::string>(
          "--out-events",
          [&run](const std::string& text) {
            run.outEvents = text == "all" ? UINT64_MAX : std::stoull(text);
          },
          "With --out: how many of the run's events trace.json and shiviz.log hold, the first N (default "
          "100000), or all; the rest are counted in the list of files written and in trace.json")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            const bool digits = !text.empty() && text.size() <= 18 &&
                                text.find_first_not_of("0123456789") == std::string::npos;
            return text == "all" || digits ? "" : fmt::format("expected a whole number of events or all, got {}", text);
          },
          ""))
      ->type_name("N|all");
  runCmd->add_option("--check-invariants", run.checkInvariants,
                     "When to check the run's invariants: at the end (default) or after each event (slow); a "
                     "violation is a bug in replsim and exits with status 4")
      ->check(CLI::IsMember({"end", "each"}));
  runCmd->add_option("--set", run.sets,
                     "PATH=VALUE: override a scenario value by its dotted path before validation (repeatable),\n"
                     "e.g. --set links.default.loss=0.05 (how `replsim sweep` lists a run to replay)")
      ->allow_extra_args(false);
  runCmd->add_option("--window", run.window,
                     "With --out: the part of the run timeline.svg shows, FROM_MS:TO_MS (default: all of it, or "
                     "the first 2000 messages)");

  std::vector<std::string> validateFiles;
  auto* validateCmd = app.add_subcommand("validate", "Check scenario files without running them.\n"
                                                     "Example: replsim validate scenarios/*.json");
  validateCmd->add_option("scenarios", validateFiles, "Scenario files (- reads standard input)")->required();

  auto* schemaCmd = app.add_subcommand("schema", "Print the JSON Schema (draft 2020-12) of scenario files, for editors.\n"
                                                 "Example: replsim schema");

  InitOptions init;
  auto* initCmd = app.add_subcommand("init", "Write a small, commented starter scenario that runs as it is.\n"
                                             "Example: replsim init --kind ring --leaders 4");
  initCmd->add_option("--kind", init.kind, fmt::format("Topology kind: {} (default all-to-all)", initKindsList()));
  initCmd->add_option("--leaders", init.leaders, "Number of leaders, 2 to 1000 (default 3)");
  initCmd->add_option("-o,--output", init.outFile, "Write to this file (never overwritten) instead of stdout");

  TopologyOptions topo;
  auto* topologyCmd = app.add_subcommand(
      "topology", "Analyse a topology: connectivity, articulation points, diameter, and which leader pairs\n"
                  "each single node or link failure cuts.\n"
                  "Example: replsim topology --kind ring --leaders 5   or   replsim topology scenarios/ring-path-tags.json");
  topologyCmd->add_option("scenario", topo.scenarioFile, "Scenario whose topology to analyse");
  topologyCmd->add_option("--kind", topo.kind, "A built-in kind: all-to-all, ring, bidirectional-ring, star, line, tree, single-leader");
  topologyCmd->add_option("--leaders", topo.leaders, "Number of leaders L1..Ln for --kind");
  topologyCmd->add_option("--hub", topo.hub, "Hub of a star (default L1)");
  topologyCmd->add_option("--fanout", topo.fanout, "Fanout of a tree (default 2)");
  topologyCmd->add_option("--forward", topo.forward, "Whether leaders forward what they receive (default: per kind)")
      ->check(CLI::IsMember({"on", "off"}));
  topologyCmd->add_option("--format", topo.format, "Output format")->check(CLI::IsMember({"text", "json", "dot"}));

  CompareCommandOptions compare;
  auto* compareCmd = addCompareCommand(app, compare);

  SweepCommandOptions sweep;
  auto* sweepCmd = addSweepCommand(app, sweep);
  // Progress lines only for a person watching a terminal.
  sweep.progress = &err == &std::cerr && isatty(STDERR_FILENO);

  VisibilityCommandOptions visibility;
  auto* visibilityCmd = addVisibilityCommand(app, visibility);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Subcommand help is reported as CallForHelp from the subcommand.
    std::ostringstream o, er;
    const int code = app.exit(e, o, er);
    out << o.str();
    err << er.str();
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (*runCmd) return runCommand(run, in, out, err);
  if (*validateCmd) return validateCommand(validateFiles, in, out, err);
  if (*schemaCmd) return schemaCommand(out);
  if (*initCmd) return initCommand(init, out, err);
  if (*topologyCmd) return topologyCommand(topo, out, err);
  if (*compareCmd) return compareCommand(compare, out, err);
  if (*sweepCmd) return sweepCommand(*sweepCmd, sweep, out, err);
  if (*visibilityCmd) return visibilityCommand(visibility, in, out, err);
  return kExitBadInput;
}

}  // namespace replsim
