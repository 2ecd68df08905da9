// swell: the composition root. Each command wires the same libraries to one world.
#include <iostream>
#include <string>
#include <vector>

#include "cli/probe.h"
#include "cli/simulate.h"
#include "cli/validate.h"

namespace {

constexpr const char* kHelp =
    "swell: one event-driven autoscaler for Kubernetes. It scales workloads on events as KEDA\n"
    "does and provisions right-sized nodes as Karpenter does, from their YAML unchanged.\n"
    "\n"
    "Usage: swell COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  simulate SCENARIO      play a scenario in the embedded, deterministic simulator\n"
    "  validate FILE|DIR...   check KEDA, Karpenter and Kubernetes YAML; lint across objects\n"
    "  version                print the version\n"
    "  help [COMMAND]         show help\n"
    "\n"
    "Run 'swell COMMAND --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() >= 2 && args[0] == "help" && args[1] == "validate") {
      return swell::cli::RunValidate({"--help"}, std::cout, std::cerr);
    }
    if (args.size() >= 2 && args[0] == "help" && args[1] == "simulate") {
      return swell::cli::RunSimulate({"--help"}, std::cout, std::cerr);
    }
    if (args.size() >= 2 && args[0] == "help" && args[1] == "probe") {
      return swell::cli::RunProbe({"--help"}, std::cout, std::cerr);
    }
    std::cout << kHelp;
    return args.empty() ? swell::cli::kExitUsage : swell::cli::kExitOk;
  }
  const std::string cmd = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "version" || cmd == "--version") {
    std::cout << "swell " << SWELL_VERSION << "\n";
    return swell::cli::kExitOk;
  }
  if (cmd == "validate") return swell::cli::RunValidate(rest, std::cout, std::cerr);
  if (cmd == "simulate") return swell::cli::RunSimulate(rest, std::cout, std::cerr);
  if (cmd == "probe") return swell::cli::RunProbe(rest, std::cout, std::cerr);
  std::cerr << "swell: unknown command \"" << cmd << "\"\n\n" << kHelp;
  return swell::cli::kExitUsage;
}
