#include "cli/probe.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "api/keda/types.h"
#include "api/loader.h"
#include "cli/validate.h"
#include "scalers/registry.h"
#include "scaling/auth.h"
#include "scaling/hpa.h"
#include "scaling/scale_target.h"
#include "sources/poll.h"
#include "sources/real_sources.h"
#include "state/cluster_state.h"

namespace swell::cli {
namespace {

constexpr const char* kProbeHelp =
    "Usage: swell probe -f FILE|DIR... [--current N] [--watch]\n"
    "\n"
    "Loads the ScaledObjects and ScaledJobs in the files with their TriggerAuthentications,\n"
    "Secrets, ConfigMaps and scale targets (for the containers' env), queries every trigger\n"
    "for real (SQS, Redis, Kafka, Prometheus, RabbitMQ, PostgreSQL, NATS, metrics APIs) and\n"
    "prints per trigger its metric, value, target, whether it is active, and the replicas\n"
    "KEDA and the HPA would ask for at N current replicas. Secrets are never printed.\n"
    "\n"
    "  -f, --filename PATH   manifests (repeatable; directories are searched)\n"
    "  --current N           the target's current replicas (default 1)\n"
    "  --watch               repeat every pollingInterval until interrupted\n"
    "\n"
    "Each call has a timeout (3 s unless the trigger sets one) and bounded retries.\n"
    "Exit status: 0 every trigger answered, 1 a trigger failed, 2 unusable arguments.\n";

// One trigger of one object: its scaler (or why it could not be built) and its answers.
struct TriggerRun {
  int index = 0;
  std::string type, name;
  std::unique_ptr<scalers::Scaler> scaler;
  std::vector<scalers::MetricSpec> specs;  // External ones
  Status error;                            // build error
  std::vector<StatusOr<scalers::MetricsAndActivity>> results;
};

struct ObjectRun {
  std::string kind, ns, name;
  int32_t min = 0, max = 100, polling = 30;
  std::vector<TriggerRun> triggers;
};

// Replaces every secret value (length >= 4) in `text`.
std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& s : secrets) {
    if (s.size() < 4) continue;
    for (size_t p = text.find(s); p != std::string::npos; p = text.find(s, p)) {
      text.replace(p, s.size(), "<redacted>");
    }
  }
  return text;
}

std::string Milli(int64_t m) {
  std::ostringstream o;
  o << m / 1000;
  if (int64_t frac = std::llabs(m % 1000); frac != 0) {
    std::string f = std::to_string(frac + 1000).substr(1);
    while (f.back() == '0') f.pop_back();
    o << "." << f;
  }
  return o.str();
}

bool ParseArgs(const std::vector<std::string>& args, ProbeOptions* o, std::ostream& err) {
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    if ((a == "-f" || a == "--filename") && i + 1 < args.size()) {
      o->paths.push_back(args[++i]);
    } else if (a == "--current" && i + 1 < args.size()) {
      char* end = nullptr;
      long n = std::strtol(args[++i].c_str(), &end, 10);
      if (*end != '\0' || n < 0 || n > 100000) {
        err << "swell probe: --current wants a replica count, got \"" << args[i] << "\"\n";
        return false;
      }
      o->current = static_cast<int32_t>(n);
    } else if (a == "--watch") {
      o->watch = true;
    } else if (!a.empty() && a[0] != '-') {
      o->paths.push_back(a);
    } else {
      err << "swell probe: unknown or incomplete option \"" << a << "\"\n" << kProbeHelp;
      return false;
    }
  }
  if (o->paths.empty()) {
    err << "swell probe: no files (-f FILE)\n" << kProbeHelp;
    return false;
  }
  return true;
}

std::vector<std::string> SecretValues(const state::ClusterState& cluster) {
  std::vector<std::string> out;
  for (const auto& [key, s] : cluster.store<api::Secret>()) {
    for (const auto& [k, raw] : s.data) {
      if (auto v = api::SecretValue(s, k); v.ok()) out.push_back(*v);
      out.push_back(raw);
    }
    for (const auto& [k, v] : s.string_data) out.push_back(v);
  }
  return out;
}

void BuildTriggers(const state::ClusterState& cluster, scalers::Sources& sources,
                   const std::vector<api::ScaleTriggers>& triggers, const api::PodSpec* pod,
                   const std::string& env_container, bool job, bool modifiers, ObjectRun& run,
                   std::vector<std::string>& secrets) {
  for (size_t i = 0; i < triggers.size(); i++) {
    TriggerRun t;
    t.index = static_cast<int>(i);
    t.type = triggers[i].type;
    t.name = triggers[i].name;
    auto cfg = scaling::BuildScalerConfig(cluster, run.ns, run.name, triggers[i], t.index, pod,
                                          env_container, job, modifiers);
    if (!cfg.ok()) {
      t.error = cfg.status();
    } else {
      for (const auto& [k, v] : cfg->auth_params) secrets.push_back(v);
      auto s = scalers::BuildScaler(*cfg, sources);
      if (!s.ok()) {
        t.error = s.status();
      } else {
        t.scaler = std::move(s).value();
        for (const auto& spec : t.scaler->GetMetricSpecs()) {
          if (spec.source == scalers::MetricSpec::Source::kExternal) t.specs.push_back(spec);
        }
      }
    }
    run.triggers.push_back(std::move(t));
  }
}

std::vector<ObjectRun> BuildRuns(const state::ClusterState& cluster, scalers::Sources& sources,
                                 std::vector<std::string>& secrets) {
  std::vector<ObjectRun> runs;
  for (const auto& [key, so] : cluster.store<api::ScaledObject>()) {
    ObjectRun r;
    r.kind = "ScaledObject";
    r.ns = so.metadata.namespace_;
    r.name = so.metadata.name;
    r.min = so.spec.min_replica_count.value_or(0);
    r.max = so.spec.max_replica_count.value_or(100);
    r.polling = so.spec.polling_interval.value_or(30);
    auto scale = scaling::ReadScale(cluster, scaling::TargetOf(so));
    const api::PodSpec* pod = scale.ok() ? scale->pod_template : nullptr;
    BuildTriggers(cluster, sources, so.spec.triggers, pod,
                  so.spec.scale_target_ref.env_source_container_name, false,
                  api::keda::IsUsingModifiers(so), r, secrets);
    runs.push_back(std::move(r));
  }
  for (const auto& [key, sj] : cluster.store<api::ScaledJob>()) {
    ObjectRun r;
    r.kind = "ScaledJob";
    r.ns = sj.metadata.namespace_;
    r.name = sj.metadata.name;
    r.min = sj.spec.min_replica_count.value_or(0);
    r.max = sj.spec.max_replica_count.value_or(100);
    r.polling = sj.spec.polling_interval.value_or(30);
    BuildTriggers(cluster, sources, sj.spec.triggers, &sj.spec.job_target_ref.template_.spec,
                  sj.spec.env_source_container_name, true, false, r, secrets);
    runs.push_back(std::move(r));
  }
  return runs;
}

// Queries every External metric of every trigger once, concurrently.
void QueryAll(std::vector<ObjectRun>& runs, size_t workers) {
  std::vector<std::function<void()>> tasks;
  for (ObjectRun& r : runs) {
    for (TriggerRun& t : r.triggers) {
      t.results.assign(t.specs.size(), Internal("not queried"));
      if (!t.scaler) continue;
      for (size_t m = 0; m < t.specs.size(); m++) {
        tasks.emplace_back(
            [&t, m] { t.results[m] = t.scaler->GetMetricsAndActivity(t.specs[m].name); });
      }
    }
  }
  sources::RunConcurrently(tasks, workers);
}

int64_t ValueOf(const scalers::MetricsAndActivity& r, const std::string& metric) {
  int64_t sum = 0;
  for (const auto& v : r.values) {
    if (v.name == metric) sum += v.milli;
  }
  return sum;
}

// The replicas the HPA's proposal for one metric asks at `current` (kubernetes.md §1.4).
std::string Proposal(const scalers::MetricSpec& spec, int64_t milli, int32_t current, TimePoint now,
                     int32_t* replicas) {
  scaling::HpaInput in;
  in.spec_replicas = in.status_replicas = in.ready_pods = std::max(current, 1);
  in.external.push_back({spec.name, milli});
  scaling::MetricProposal p =
      scaling::ComputeMetricProposal(spec, in, scaling::Tolerances{}, now, scaling::HpaOptions{});
  if (!p.status.ok()) return "no proposal: " + p.status.message();
  *replicas = p.replicas;
  return "HPA proposes " + std::to_string(p.replicas);
}

// Prints one object; returns the number of trigger errors.
int PrintObject(const ObjectRun& r, int32_t current, TimePoint now,
                const std::vector<std::string>& secrets, std::ostream& out) {
  out << r.kind << " " << r.ns << "/" << r.name << " (min " << r.min << ", max " << r.max
      << ", pollingInterval " << r.polling << "s, current " << current << ")\n";
  int errors = 0, proposed = -1;
  bool any_active = false, all_answered = true;
  for (const TriggerRun& t : r.triggers) {
    std::string label = "  trigger " + std::to_string(t.index) + " " + t.type +
                        (t.name.empty() ? "" : " (" + t.name + ")");
    if (!t.error.ok()) {
      out << label << ": error: " << Scrub(t.error.ToString(), secrets) << "\n";
      errors++;
      all_answered = false;
      continue;
    }
    if (t.specs.empty()) {
      out << label << ": resource metric, read from the metrics API by the HPA (not probed)\n";
      continue;
    }
    for (size_t m = 0; m < t.specs.size(); m++) {
      const scalers::MetricSpec& spec = t.specs[m];
      const auto& res = t.results[m];
      if (!res.ok()) {
        out << label << " " << spec.name << ": error: " << Scrub(res.status().ToString(), secrets)
            << "\n";
        errors++;
        all_answered = false;
        continue;
      }
      int64_t milli = ValueOf(*res, spec.name);
      any_active = any_active || res->active;
      out << label << " " << spec.name << ": value " << Milli(milli) << ", target "
          << Milli(spec.target_milli) << " (" << spec.target_type << "), "
          << (res->active ? "active" : "not active");
      if (r.kind == "ScaledJob") {
        int64_t jobs =
            spec.target_milli > 0 ? (milli + spec.target_milli - 1) / spec.target_milli : 0;
        out << ", max scale " << std::min<int64_t>(jobs, r.max) << " jobs\n";
        continue;
      }
      int32_t n = -1;
      out << ", " << Proposal(spec, milli, current, now, &n) << "\n";
      proposed = std::max(proposed, n);
    }
  }
  if (r.kind == "ScaledObject" && all_answered) {
    int32_t want = proposed < 0 ? std::max(current, std::max(r.min, 1)) : proposed;
    want = std::clamp(want, std::max(r.min, 1), std::max(r.max, 1));
    if (!any_active && r.min == 0) want = 0;
    out << "  => " << (any_active ? "active" : "not active") << ": KEDA/HPA would ask for " << want
        << " replicas"
        << (!any_active && r.min == 0 && current > 0 ? " (after cooldownPeriod)" : "") << "\n";
  }
  return errors;
}

}  // namespace

int Probe(const ProbeOptions& options, scalers::Sources& sources, std::ostream& out,
          std::ostream& err) {
  std::vector<std::string> files;
  std::string error;
  if (!CollectFiles(options.paths, &files, &error)) {
    err << "swell probe: " << error << "\n";
    return kExitUsage;
  }
  api::LoadResult loaded;
  for (const std::string& f : files) api::LoadFile(f, &loaded);
  for (const api::Finding& f : loaded.findings) {
    if (f.diag.severity == api::Severity::kError) err << api::FormatFinding(f) << "\n";
  }
  state::ClusterState cluster;
  for (const api::LoadedObject& o : loaded.objects) cluster.Add(o.object);
  if (cluster.store<api::ScaledObject>().size() + cluster.store<api::ScaledJob>().size() == 0) {
    err << "swell probe: no ScaledObject or ScaledJob in the given files\n";
    return kExitUsage;
  }
  int status = kExitOk;
  for (int round = 1;; round++) {
    std::vector<std::string> secrets = SecretValues(cluster);
    std::vector<ObjectRun> runs = BuildRuns(cluster, sources, secrets);
    QueryAll(runs, options.workers);
    int errors = 0, wait = 3600;
    if (options.watch) out << "--- " << FormatRfc3339(sources.clock().Now()) << "\n";
    for (const ObjectRun& r : runs) {
      errors += PrintObject(r, options.current, sources.clock().Now(), secrets, out);
      wait = std::min(wait, std::max(r.polling, 1));
    }
    status = errors == 0 ? kExitOk : kExitErrors;
    out.flush();
    if (!options.watch || (options.max_rounds > 0 && round >= options.max_rounds)) break;
    std::this_thread::sleep_for(std::chrono::seconds(wait));
  }
  return status;
}

int RunProbe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    out << kProbeHelp;
    return kExitOk;
  }
  ProbeOptions options;
  if (!ParseArgs(args, &options, err)) return kExitUsage;
  sources::RealSources sources;
  return Probe(options, sources, out, err);
}

}  // namespace swell::cli
