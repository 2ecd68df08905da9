// `swell probe -f FILE... [--current N] [--watch]`: asks every trigger of the given
// ScaledObjects and ScaledJobs for its metric, for real, and prints what KEDA and the HPA would
// make of it. The tool to run before trusting swell with production: it shows that each
// TriggerAuthentication, Secret and queue URL works, and what each trigger would ask for.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "scalers/sources.h"

namespace swell::cli {

struct ProbeOptions {
  std::vector<std::string> paths;  // -f: files or directories of manifests
  int32_t current = 1;             // --current: the target's replicas now. Default: 1
  bool watch = false;              // --watch: repeat every pollingInterval until interrupted
  int max_rounds = 0;              // --watch rounds; 0 = until interrupted (tests set it)
  size_t workers = 16;             // triggers queried at once. Default: 16
};

// Runs `swell probe` with `args` (the words after "probe") against the real world
// (sources::RealSources). Exit status: 0 when every trigger answered, 1 when any trigger
// could not be built or queried (one line per error, with its cause), 2 for unusable
// arguments or files without a ScaledObject/ScaledJob.
int RunProbe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The probe over `sources` (RunProbe's core; tests pass fake sources). Prints per object a
// header, per External metric "value, target, active, and the replicas KEDA/HPA semantics ask
// for at options.current replicas" (ScaledJobs: the jobs KEDA's default strategy would run),
// and per error one line. Never prints a Secret or TriggerAuthentication value: every message
// is also scrubbed of them.
int Probe(const ProbeOptions& options, scalers::Sources& sources, std::ostream& out,
          std::ostream& err);

}  // namespace swell::cli
