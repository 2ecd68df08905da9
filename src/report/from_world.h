// The report's view of a finished simulation: a World's timeline, the article's milestones and
// its summary, as one run of a ReportInput.
#pragma once

#include <string>

#include "report/html.h"
#include "sim/world.h"

namespace swell::report {

// One run of the report from a World that has Run(): every timeline column and sample (times
// since the run's start), sim::FlowMilestones of its summary, and summary rows (per queue: peak
// depth, drained, peak oldest-message age, sent, redelivered, dead-lettered; per workload:
// replicas and activations; pods created; Kubernetes events).
RunData RunFromWorld(const sim::World& world, std::string label);

// A one-run report titled after the scenario, with its seed and simulated interval as subtitle.
ReportInput ReportFromWorld(const sim::World& world);

}  // namespace swell::report
