// `swell simulate SCENARIO`: plays a scenario in the embedded, deterministic simulator and
// reports what the KEDA/Karpenter configuration does with it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace swell::cli {

// Returns 0 after a run, 2 for unusable arguments or a scenario that cannot be loaded (one
// clear message per problem on `err`).
int RunSimulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace swell::cli
