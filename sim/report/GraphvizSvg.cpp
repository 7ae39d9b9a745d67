#include "sim/report/GraphvizSvg.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fmt/format.h>

extern char** environ;

namespace replsim {

GraphvizLayout topologyLayout(size_t nodes, size_t links) {
  if (nodes <= kDotMaxNodes && links <= kDotMaxLinks) return GraphvizLayout::Dot;
  if (nodes <= kSfdpMaxNodes && links <= kSfdpMaxLinks) return GraphvizLayout::Sfdp;
  return GraphvizLayout::None;
}

const char* toString(GraphvizLayout layout) {
  switch (layout) {
    case GraphvizLayout::Dot: return "dot";
    case GraphvizLayout::Sfdp: return "sfdp";
    case GraphvizLayout::None: break;
  }
  return "none";
}

Expected<DotOutcome> renderDotSvg(const std::string& dotFile, const std::string& svgFile, GraphvizLayout layout) {
  std::string program = layout == GraphvizLayout::Sfdp ? "sfdp" : "dot", format = "-Tsvg", outFlag = "-o", out = svgFile, in = dotFile;
  char* argv[] = {program.data(), format.data(), outFlag.data(), out.data(), in.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned == ENOENT) return DotOutcome::NotInstalled;
  if (spawned != 0) return Status::error(fmt::format("cannot run {}: {}", program, std::strerror(spawned)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::error(fmt::format("waiting for {}: {}", program, std::strerror(errno)));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return DotOutcome::Rendered;
  // glibc reports a program that could not be executed as exit status 127.
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return DotOutcome::NotInstalled;
  return Status::error(WIFEXITED(status) ? fmt::format("{} failed (exit status {})", program, WEXITSTATUS(status))
                                         : fmt::format("{} failed (killed)", program));
}

}  // namespace replsim
