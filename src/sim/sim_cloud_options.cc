#include "sim/sim_cloud_options.h"

#include <set>

#include "api/duration.h"

namespace swell::sim {
namespace {

// Collects "path: message" lines.
class Problems {
 public:
  explicit Problems(std::string_view root) : root_(root) {}

  void Add(std::string_view field, std::string_view message) {
    if (!text_.empty()) text_ += "\n";
    text_ += root_ + "." + std::string(field) + ": " + std::string(message);
  }
  std::optional<swell::Duration> ParseDuration(std::string_view field, const std::string& text) {
    auto d = api::ParseGoDuration(text);
    if (!d.ok()) {
      Add(field, "\"" + text + "\" is not a duration (e.g. 30s, 5m, 1h30m)");
      return std::nullopt;
    }
    if (*d < swell::Duration(0)) {
      Add(field, "must be >= 0");
      return std::nullopt;
    }
    return *d;
  }
  DurationDist ParseDist(std::string_view field, const std::string& text) {
    auto d = DurationDist::Parse(text);
    if (!d.ok()) {
      Add(field, d.status().message());
      return {};
    }
    return *d;
  }
  bool ok() const { return text_.empty(); }
  const std::string& text() const { return text_; }

 private:
  std::string root_;
  std::string text_;
};

void ResolveCatalog(const SimCloudOptions& o, Problems& p, ResolvedCloudOptions& r) {
  if (o.catalog != "aws" && o.catalog != "kwok") p.Add("catalog", "must be aws or kwok");
  r.kwok = o.catalog == "kwok";
  if (o.region.empty()) p.Add("region", "must not be empty");
  std::set<std::string> seen;
  for (size_t i = 0; i < o.zones.size(); i++) {
    std::string f = "zones[" + std::to_string(i) + "]";
    if (o.zones[i].empty()) p.Add(f, "must not be empty");
    if (!seen.insert(o.zones[i]).second) p.Add(f, "duplicate zone \"" + o.zones[i] + "\"");
  }
  if (o.spot_price_ratio && !(*o.spot_price_ratio > 0 && *o.spot_price_ratio <= 1)) {
    p.Add("spotPriceRatio", "must be in (0, 1]");
  }
  if (!(o.spot_ratio_min > 0 && o.spot_ratio_min <= o.spot_ratio_max && o.spot_ratio_max < 1)) {
    p.Add("spotRatioMin", "need 0 < spotRatioMin <= spotRatioMax < 1");
  }
  r.catalog.region = o.region;
  r.catalog.spot_price_ratio = o.spot_price_ratio;
  r.catalog.spot_ratio_min = o.spot_ratio_min;
  r.catalog.spot_ratio_max = o.spot_ratio_max;
  if (o.spot_price_ratio) r.kwok_catalog.spot_price_ratio = *o.spot_price_ratio;
  if (!o.zones.empty()) {
    r.catalog.zones = o.zones;
    r.kwok_catalog.zones = o.zones;
  }
}

void ResolveIce(const SimCloudOptions& o, Problems& p, ResolvedCloudOptions& r) {
  for (size_t i = 0; i < o.insufficient_capacity.size(); i++) {
    const IceWindowSpec& w = o.insufficient_capacity[i];
    std::string f = "insufficientCapacity[" + std::to_string(i) + "]";
    IceWindow win{w.instance_type, w.zone, w.capacity_type, {}, std::nullopt};
    if (w.instance_type.empty()) p.Add(f + ".instanceType", "must be a type name or \"*\"");
    if (w.zone.empty()) p.Add(f + ".zone", "must be a zone or \"*\"");
    if (w.capacity_type != "*" && w.capacity_type != "spot" && w.capacity_type != "on-demand") {
      p.Add(f + ".capacityType", "must be spot, on-demand or \"*\"");
    }
    win.from = p.ParseDuration(f + ".from", w.from).value_or(Duration(0));
    if (!w.until.empty()) {
      win.until = p.ParseDuration(f + ".until", w.until);
      if (win.until && *win.until <= win.from) p.Add(f + ".until", "must be after from");
    }
    r.insufficient_capacity.push_back(std::move(win));
  }
}

}  // namespace

bool IceWindow::Covers(std::string_view type, std::string_view z, std::string_view ct,
                       Duration since_start) const {
  auto match = [](const std::string& pattern, std::string_view v) {
    return pattern == "*" || pattern == v;
  };
  return match(instance_type, type) && match(zone, z) && match(capacity_type, ct) &&
         since_start >= from && (!until || since_start < *until);
}

StatusOr<ResolvedCloudOptions> ResolveCloudOptions(const SimCloudOptions& o,
                                                   std::string_view path) {
  Problems p(path);
  ResolvedCloudOptions r;
  ResolveCatalog(o, p, r);
  r.launch_latency = p.ParseDist("launchLatency", o.launch_latency);
  r.boot_time = p.ParseDist("bootTime", o.boot_time);
  r.termination_time = p.ParseDist("terminationTime", o.termination_time);
  auto ttl = p.ParseDuration("unavailableOfferingsTTL", o.unavailable_offerings_ttl);
  if (ttl) r.unavailable_offerings_ttl = *ttl;
  if (!(o.node_overhead_per_hour >= 0)) p.Add("nodeOverheadPerHour", "must be >= 0");
  r.node_overhead_per_hour = o.node_overhead_per_hour;
  double rate = o.spot_interruptions.rate_per_instance_hour;
  if (!(rate >= 0)) p.Add("spotInterruptions.ratePerInstanceHour", "must be >= 0");
  r.spot_interruptions_per_instance_hour = rate;
  ResolveIce(o, p, r);
  if (!p.ok()) return InvalidArgument(p.text());
  return r;
}

}  // namespace swell::sim
