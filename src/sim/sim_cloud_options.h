// The simulated cloud's scenario section (`spec.cloud`), its defaults, and its resolution into
// typed values. Written as YAML (every field optional; defaults shown, except under
// insufficientCapacity and spotInterruptions, which are examples: by default there are none):
//
//   cloud:
//     catalog: aws                  # aws: the embedded EC2 catalog | kwok: the kwok provider's
//     region: us-east-1             # aws only: topology.kubernetes.io/region
//     zones: []                     # default: us-east-1a..c (aws), test-zone-a..d (kwok)
//     # spotPriceRatio: 0.7         # spot = ratio x on-demand. Unset (default): aws draws a
//     spotRatioMin: 0.3             # ratio per (type, zone) in [spotRatioMin, spotRatioMax)
//     spotRatioMax: 0.7             # (cloud/instance_types.h SpotPrice); kwok uses 0.7
//     launchLatency: uniform(5s, 10s)   # Create (CreateFleet) -> instance running
//     bootTime: uniform(20s, 35s)       # running -> kubelet registers the Node
//     terminationTime: 5s               # Delete -> instance terminated (gone from Get/List)
//     unavailableOfferingsTTL: 3m       # the ICE cache TTL (karpenter.md §5, §9)
//     nodeOverheadPerHour: 0.0072       # billed per node: public IPv4 + 20 GiB gp3 root volume
//     insufficientCapacity:             # windows with no capacity, from the scenario start
//     - {instanceType: m5.large, zone: "*", capacityType: spot, from: 5m, until: 20m}
//     - {instanceType: "*", zone: us-east-1a, capacityType: "*", from: 0s}   # no until: forever
//     spotInterruptions:
//       ratePerInstanceHour: 0.05       # Poisson rate of 2-minute warnings per spot instance
//
// How the timings add up (karpenter.md §6.3; the seed article: "30-60 seconds" to a node): a
// Node registers launchLatency + bootTime = 25-45 s (mean 35 s) after Create; KubeSim then
// makes it Ready after its own node-ready delay (a few seconds to 15 s of CNI start-up), which
// gives 30-60 s from Create to a Ready node, around the maintainers' "30-40 s" (aws #6165).
// A KWOKNodeClass with spec.nodeRegistrationDelay replaces launchLatency + bootTime with it.
//
// Durations are Go durations ("90s", "1m30s"); distributions are sim/rng.h DurationDists.
// Documented for users in docs/scenario.md ("cloud").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "cloud/instance_types.h"
#include "sim/rng.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::sim {

// A window during which matching offerings have no capacity (EC2's InsufficientInstanceCapacity).
struct IceWindowSpec {
  std::string instance_type = "*";  // a catalog type name or "*". Default: "*"
  std::string zone = "*";           // a zone or "*". Default: "*"
  std::string capacity_type = "*";  // spot | on-demand | "*". Default: "*"
  std::string from = "0s";          // offset from the scenario start. Default: 0s
  std::string until;                // offset; empty: until the end. Default: ""
  friend bool operator==(const IceWindowSpec&, const IceWindowSpec&) = default;
};
template <class V>
void Fields(V& v, IceWindowSpec& w) {
  v("instanceType", w.instance_type);
  v("zone", w.zone);
  v("capacityType", w.capacity_type);
  v("from", w.from);
  v("until", w.until);
}

struct SpotInterruptionSpec {
  // Expected spot interruption warnings per spot instance per hour (a Poisson process drawn
  // per instance). Default: 0 (none)
  double rate_per_instance_hour = 0;
  friend bool operator==(const SpotInterruptionSpec&, const SpotInterruptionSpec&) = default;
};
template <class V>
void Fields(V& v, SpotInterruptionSpec& s) {
  v("ratePerInstanceHour", s.rate_per_instance_hour);
}

struct SimCloudOptions {
  std::string catalog = "aws";                      // aws | kwok. Default: aws
  std::string region = "us-east-1";                 // Default: us-east-1
  std::vector<std::string> zones;                   // Default: {} (the catalog's zones)
  std::optional<double> spot_price_ratio;           // Default: unset (aws: drawn; kwok: 0.7)
  double spot_ratio_min = 0.30;                     // Default: 0.30
  double spot_ratio_max = 0.70;                     // Default: 0.70
  std::string launch_latency = "uniform(5s, 10s)";  // Default: uniform(5s, 10s)
  std::string boot_time = "uniform(20s, 35s)";      // Default: uniform(20s, 35s)
  std::string termination_time = "5s";              // Default: 5s
  std::string unavailable_offerings_ttl = "3m";     // Default: 3m (AWS UnavailableOfferingsTTL)
  // Billed per node on top of the instance price: a public IPv4 address ($0.005/h) and a 20 GiB
  // gp3 root volume (about $0.0022/h). Default: 0.0072
  double node_overhead_per_hour = 0.0072;
  std::vector<IceWindowSpec> insufficient_capacity;  // Default: {}
  SpotInterruptionSpec spot_interruptions;           // Default: none
  friend bool operator==(const SimCloudOptions&, const SimCloudOptions&) = default;
};
template <class V>
void Fields(V& v, SimCloudOptions& o) {
  v("catalog", o.catalog);
  v("region", o.region);
  v("zones", o.zones);
  v("spotPriceRatio", o.spot_price_ratio);
  v("spotRatioMin", o.spot_ratio_min);
  v("spotRatioMax", o.spot_ratio_max);
  v("launchLatency", o.launch_latency);
  v("bootTime", o.boot_time);
  v("terminationTime", o.termination_time);
  v("unavailableOfferingsTTL", o.unavailable_offerings_ttl);
  v("nodeOverheadPerHour", o.node_overhead_per_hour);
  v("insufficientCapacity", o.insufficient_capacity);
  v("spotInterruptions", o.spot_interruptions);
}

// An insufficient-capacity window, resolved.
struct IceWindow {
  std::string instance_type;  // "*" matches any
  std::string zone;
  std::string capacity_type;
  Duration from{0};
  std::optional<Duration> until;  // nullopt: open-ended

  // True if the window covers (type, zone, capacity type) at `since_start`.
  bool Covers(std::string_view type, std::string_view zone, std::string_view capacity_type,
              Duration since_start) const;
};

// SimCloudOptions with every string parsed.
struct ResolvedCloudOptions {
  bool kwok = false;
  cloud::CatalogOptions catalog;  // aws: region, zones, spot model (kubelet: per node class)
  cloud::KwokOptions kwok_catalog;
  DurationDist launch_latency;
  DurationDist boot_time;
  DurationDist termination_time;
  Duration unavailable_offerings_ttl = Minutes(3);
  double node_overhead_per_hour = 0.0072;
  double spot_interruptions_per_instance_hour = 0;
  std::vector<IceWindow> insufficient_capacity;
};

// Parses and checks `options`. InvalidArgument lists every problem, one per line, each naming
// its field under `path`, e.g. "spec.cloud.insufficientCapacity[1].from: \"5x\" is not a
// duration (e.g. 30s, 5m, 1h30m)". Instance type names and zones in insufficientCapacity are
// checked against the catalog by SimCloud (see SimCloud::status()).
StatusOr<ResolvedCloudOptions> ResolveCloudOptions(const SimCloudOptions& options,
                                                   std::string_view path = "spec.cloud");

}  // namespace swell::sim
