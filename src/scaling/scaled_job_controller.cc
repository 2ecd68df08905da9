#include "scaling/scaled_job_controller.h"

#include "scaling/conditions.h"

namespace swell::scaling {
namespace {

constexpr std::string_view kJobNameLabel = "job-name";

std::vector<const api::Job*> JobsOf(const state::ClusterState& cluster, const api::ScaledJob& sj) {
  std::vector<const api::Job*> out;
  for (const auto& [key, job] : cluster.store<api::Job>()) {
    if (job.metadata.namespace_ != sj.metadata.namespace_) continue;
    auto it = job.metadata.labels.find(api::keda::kLabelScaledJobName);
    if (it != job.metadata.labels.end() && it->second == sj.metadata.name) out.push_back(&job);
  }
  return out;
}

std::vector<const api::Pod*> JobPods(const state::ClusterState& cluster, const api::Job& job) {
  std::vector<const api::Pod*> out;
  for (const auto& [key, pod] : cluster.pods()) {
    if (pod.metadata.namespace_ != job.metadata.namespace_) continue;
    auto it = pod.metadata.labels.find(kJobNameLabel);
    if (it != pod.metadata.labels.end() && it->second == job.metadata.name) out.push_back(&pod);
  }
  return out;
}

}  // namespace

ScaledJobController::ScaledJobController(const Clock& clock, const state::ClusterState& cluster,
                                         Actuator& actuator, scalers::Sources& sources)
    : clock_(clock), cluster_(cluster), actuator_(actuator), sources_(sources) {}

ScaledJobController::~ScaledJobController() = default;

const ScaledJobDecision* ScaledJobController::LastDecision(const std::string& ns,
                                                           const std::string& name) const {
  auto it = runtimes_.find(state::Key(ns, name));
  return (it == runtimes_.end() || !it->second.last) ? nullptr : &*it->second.last;
}

api::Job ScaledJobController::MakeJob(const api::ScaledJob& sj) const {
  // keda.md §3.5: generateName <sj>-, KEDA's labels on the job and its pod template, the SJ's
  // annotations plus its generation, a controller owner reference, spec = jobTargetRef.
  api::Job job;
  job.api_version = "batch/v1";
  job.kind = "Job";
  job.metadata.generate_name = sj.metadata.name + "-";
  job.metadata.namespace_ = sj.metadata.namespace_;
  job.metadata.labels = sj.metadata.labels;
  for (auto& [k, v] : std::initializer_list<std::pair<std::string, std::string>>{
           {"app.kubernetes.io/name", sj.metadata.name},
           {"app.kubernetes.io/part-of", sj.metadata.name},
           {"app.kubernetes.io/managed-by", "keda-operator"},
           {std::string(api::keda::kLabelScaledJobName), sj.metadata.name}}) {
    job.metadata.labels[k] = v;
  }
  job.metadata.annotations = sj.metadata.annotations;
  job.metadata.annotations[std::string(api::keda::kAnnotationScaledJobGeneration)] =
      std::to_string(sj.metadata.generation);
  api::OwnerReference owner;
  owner.api_version = "keda.sh/v1alpha1";
  owner.kind = "ScaledJob";
  owner.name = sj.metadata.name;
  owner.uid = sj.metadata.uid;
  owner.controller = true;
  job.metadata.owner_references.push_back(owner);
  job.spec = sj.spec.job_target_ref;
  job.spec.template_.metadata.labels[std::string(api::keda::kLabelScaledJobName)] =
      sj.metadata.name;
  if (job.spec.template_.spec.restart_policy.empty()) {
    job.spec.template_.spec.restart_policy = "OnFailure";
  }
  return job;
}

std::optional<Duration> ScaledJobController::Poll(const std::string& ns, const std::string& name) {
  const api::ScaledJob* current = cluster_.store<api::ScaledJob>().Get(ns, name);
  if (current == nullptr) {
    runtimes_.erase(state::Key(ns, name));
    return std::nullopt;
  }
  const api::ScaledJob& sj = *current;
  Runtime& rt = runtimes_[state::Key(ns, name)];
  api::ScaledJob out = sj;
  auto& st = out.status;
  InitConditions(st.conditions);
  const Duration interval = Seconds(sj.spec.polling_interval.value_or(30));
  const TimePoint now = clock_.Now();
  if (IsPaused(sj.metadata)) {
    SetCondition(st.conditions, "Paused", "True", "ScaledJobPaused", "ScaledJob is paused");
    st.paused = "true";
    (void)actuator_.UpdateStatus(out);
    return interval;
  }
  if (!rt.cache) {
    auto built = ScalersCache::Build(cluster_, sources_, {"ScaledJob", ns, name}, sj.spec.triggers,
                                     &sj.spec.job_target_ref.template_.spec,
                                     sj.spec.env_source_container_name, false);
    if (!built.ok()) {
      SetCondition(st.conditions, "Ready", "False", "ScaledJobCheckFailed",
                   built.status().message());
      (void)actuator_.UpdateStatus(out);
      return interval;
    }
    rt.cache = std::move(built).value();
  }
  // keda.md §3.2: every trigger's External metrics.
  std::vector<TriggerPoll> polls;
  for (auto& e : rt.cache->entries()) {
    TriggerPoll p;
    p.specs = e.specs;
    for (const auto& s : e.specs) {
      if (s.source == scalers::MetricSpec::Source::kExternal) {
        p.results.push_back(e.scaler->GetMetricsAndActivity(s.name));
      }
    }
    polls.push_back(std::move(p));
  }
  TriggerMetrics tm = ScalerMetricsForTriggers(polls, MaxReplicaCount(sj));
  std::vector<const api::Job*> jobs = JobsOf(cluster_, sj);
  JobCounts counts = CountJobs(
      jobs, [this](const api::Job& j) { return JobPods(cluster_, j); },
      sj.spec.scaling_strategy.pending_pod_conditions);
  ScaledJobDecision d = DecideScaledJob(sj.spec, tm.metrics, counts);
  rt.last = d;

  if (d.active) {
    st.last_active_time = api::Time{now};
    SetCondition(st.conditions, "Active", "True", "ScalerActive",
                 "Scaling is performed because triggers are active");
    for (int64_t i = 0; i < d.jobs_to_create; i++) (void)actuator_.CreateJob(MakeJob(sj));
    if (d.jobs_to_create > 0) {
      actuator_.RecordEvent({now, "ScaledJob", ns, name, "Normal", "KEDAJobsCreated",
                             "Created " + std::to_string(d.jobs_to_create) + " jobs"});
    }
  } else {
    SetCondition(st.conditions, "Active", "False", "ScalerNotActive",
                 "Scaling is not performed because triggers are not active");
  }
  if (tm.error) {
    SetCondition(st.conditions, "Ready", d.active ? "Unknown" : "False",
                 d.active ? "PartialTriggerError" : "TriggerError",
                 "some triggers could not be read");
    rt.cache.reset();
  } else {
    SetCondition(st.conditions, "Ready", "True", "ScaledJobReady",
                 "ScaledJob is defined correctly and is ready for scaling");
  }
  for (const api::Job* old : JobsBeyondHistoryLimits(jobs, sj.spec)) {
    (void)actuator_.DeleteJob(old->metadata.namespace_, old->metadata.name);
  }
  (void)actuator_.UpdateStatus(out);
  return interval;
}

}  // namespace swell::scaling
