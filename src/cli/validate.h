// `swell validate FILE|DIR...`: decode, validate and lint KEDA, Karpenter and Kubernetes
// objects; one line per object or problem.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace swell::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitErrors = 1;  // the input has errors
inline constexpr int kExitUsage = 2;   // unusable arguments

// Runs `swell validate` with `args` (the words after "validate"). Writes results to `out` and
// usage problems to `err`. Returns 0 when every object is valid (warnings allowed), 1 when
// any error was found, 2 when the arguments are unusable (unknown flag, missing path).
int RunValidate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Expands files and directories (recursively: *.yaml, *.yml, *.json, sorted) into files.
// Returns false with a message in `error` if a path does not exist.
bool CollectFiles(const std::vector<std::string>& paths, std::vector<std::string>* files,
                  std::string* error);

}  // namespace swell::cli
