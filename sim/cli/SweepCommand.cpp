#include "sim/cli/SweepCommand.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/Cli.h"
#include "sim/core/Status.h"
#include "sim/sweep/SweepHtmlReport.h"
#include "sim/sweep/SweepReport.h"
#include "sim/sweep/SweepError.h"
#include "sim/sweep/SweepMerge.h"

namespace replsim {
namespace {

Status writeFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) return Status::error(fmt::format("cannot write {}", path.string()));
  return Status::success();
}

// Prints the result in the chosen format and, with --out, writes every form.
int emit(const SweepResult& result, const SweepCommandOptions& o, std::ostream& out, std::ostream& err) {
  const std::string json = sweepJson(result).dump(2) + "\n";
  const std::string text = sweepText(result);
  const std::string csv = sweepCsv(result);
  out << (o.format == "json" ? json : o.format == "csv" ? csv : text);
  if (o.outDir.empty()) return kExitOk;
  std::error_code ec;
  std::filesystem::create_directories(o.outDir, ec);
  if (ec) {
    err << "replsim sweep: cannot create " << o.outDir << ": " << ec.message() << "\n";
    return kExitBadInput;
  }
  const std::filesystem::path dir(o.outDir);
  // In order, stopping at the first file that cannot be written.
  const std::pair<const char*, std::function<std::string()>> files[] = {
      {"sweep.json", [&] { return json; }},
      {"sweep.txt", [&] { return text; }},
      {"sweep.csv", [&] { return csv; }},
      {"runs.csv", [&] { return sweepRunsCsv(result); }},
      {"sweep.html", [&] { return sweepHtml(result); }}};
  for (const auto& [name, content] : files)
    if (const Status written = writeFile(dir / name, content()); !written.ok()) {
      err << "replsim sweep: " << written.message() << "\n";
      return kExitBadInput;
    }
  return kExitOk;
}

}  // namespace

CLI::App* addSweepCommand(CLI::App& app, SweepCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run a scenario over many seeds and a grid of overridden values, with statistics per cell.\n"
      "Example: replsim sweep scenarios/conflict-lww.json --set replication.conflicts.resolve=lww,merge --seeds 1..50");
  cmd->require_subcommand(0, 1);
  cmd->add_option("scenario", o.sweep.scenarioFile, "Scenario file (JSON, format v1)");
  cmd->add_option("--set", o.sweep.sets,
                  "PATH=V1,V2,... : a scenario value by its dotted path, and the values to sweep (ranges FROM..TO/STEP);\n"
                  "repeat for a grid (the cross product)")
      ->allow_extra_args(false);
  cmd->add_option("--seeds", o.sweep.seeds, "The seeds of every cell: FIRST..LAST (or one seed)")->capture_default_str();
  cmd->add_option("--metrics", o.sweep.metrics,
                  "Comma-separated report paths to measure (default: chosen for the scenario), e.g.\n"
                  "converged,convergence_ms,writes.propagation_ms.p99,failovers.*.lost_writes");
  o.sweep.jobs = std::max(1u, std::thread::hardware_concurrency());
  cmd->add_option("--jobs", o.sweep.jobs, "Runs in parallel (default: the number of cores; never changes the output)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--shard", o.sweep.shard, "Run only shard I of N: seed s goes to shard ((s - FIRST) mod N) + 1");
  cmd->add_option("--format", o.format, "Output format")->capture_default_str()->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->add_option("--out", o.outDir, "Also write sweep.json, sweep.txt, sweep.csv, runs.csv and sweep.html into this folder");

  auto* merge = cmd->add_subcommand("merge", "Join the JSON parts of a sharded sweep into the unsharded result.\n"
                                             "Example: replsim sweep merge part-*/sweep.json");
  merge->add_option("parts", o.parts, "sweep.json of each shard (--format json or --out)")->required();
  merge->add_option("--format", o.format, "Output format")->capture_default_str()->check(CLI::IsMember({"text", "json", "csv"}));
  merge->add_option("--out", o.outDir, "Also write sweep.json, sweep.txt, sweep.csv, runs.csv and sweep.html into this folder");
  return cmd;
}

int sweepCommand(const CLI::App& sweepCmd, const SweepCommandOptions& o, std::ostream& out, std::ostream& err) {
  try {
    if (sweepCmd.got_subcommand("merge")) {
      std::vector<SweepResult> parts;
      for (const std::string& file : o.parts) parts.push_back(SweepMerge::readPartFile(file));
      return emit(SweepMerge::merge(parts, o.parts), o, out, err);
    }
    if (o.sweep.scenarioFile.empty()) {
      err << "replsim sweep: a scenario file is required (or: replsim sweep merge PART.json...)\n";
      return kExitBadInput;
    }
    const SweepRunner runner(o.sweep);
    return emit(runner.run(o.progress ? &err : nullptr), o, out, err);
  } catch (const SweepError& e) {
    err << "replsim sweep: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace replsim
