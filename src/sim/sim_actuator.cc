#include "sim/sim_actuator.h"

namespace swell::sim {
namespace {

template <class W>
Status SetReplicas(state::Store<W>& store, const scaling::ScaleTargetRef& t, int32_t n) {
  W* w = store.GetMutable(t.ns, t.name);
  if (w == nullptr) return NotFound(t.kind + " " + t.ns + "/" + t.name + " not found");
  w->spec.replicas = n;
  return Status();
}

}  // namespace

Status SimActuator::Scale(const scaling::ScaleTargetRef& target, int32_t replicas) {
  Status s;
  if (target.kind == "Deployment") {
    s = SetReplicas(cluster_.store<api::Deployment>(), target, replicas);
  } else if (target.kind == "StatefulSet") {
    s = SetReplicas(cluster_.store<api::StatefulSet>(), target, replicas);
  } else {
    s = FailedPrecondition("cannot scale " + target.kind);
  }
  if (!s.ok()) return s;
  cluster_.Touch();
  scale_calls_.push_back(
      {loop_.Now(), target.kind + " " + target.ns + "/" + target.name, replicas});
  kube_.WorkloadChanged(target.kind, target.ns, target.name);
  return s;
}

StatusOr<std::string> SimActuator::CreateJob(api::Job job) {
  if (job.metadata.name.empty()) {
    // The API server's generateName suffix; a counter keeps runs reproducible.
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    int64_t n = jobs_created_;
    std::string suffix;
    for (int i = 0; i < 5; i++) {
      suffix.insert(suffix.begin(), kDigits[n % 36]);
      n /= 36;
    }
    job.metadata.name = job.metadata.generate_name + suffix;
  }
  jobs_created_++;
  job.metadata.uid = job.metadata.namespace_ + "/" + job.metadata.name;
  job.metadata.creation_timestamp = api::Time{loop_.Now()};
  std::string name = job.metadata.name;
  std::string ns = job.metadata.namespace_;
  cluster_.store<api::Job>().Put(std::move(job));
  cluster_.Touch();
  kube_.WorkloadChanged("Job", ns, name);
  return name;
}

Status SimActuator::DeleteJob(const std::string& ns, const std::string& name) {
  if (cluster_.store<api::Job>().Get(ns, name) == nullptr) {
    return NotFound("Job " + ns + "/" + name + " not found");
  }
  cluster_.store<api::Job>().Erase(ns, name);
  kube_.DeleteOwnedPods("Job", ns, name);
  cluster_.Touch();
  return Status();
}

Status SimActuator::UpdateStatus(const api::ScaledObject& so) {
  auto* stored =
      cluster_.store<api::ScaledObject>().GetMutable(so.metadata.namespace_, so.metadata.name);
  if (stored == nullptr) return NotFound("ScaledObject " + so.metadata.name + " not found");
  stored->status = so.status;
  return Status();
}

Status SimActuator::UpdateStatus(const api::ScaledJob& sj) {
  auto* stored =
      cluster_.store<api::ScaledJob>().GetMutable(sj.metadata.namespace_, sj.metadata.name);
  if (stored == nullptr) return NotFound("ScaledJob " + sj.metadata.name + " not found");
  stored->status = sj.status;
  return Status();
}

void SimActuator::RecordEvent(scaling::Event e) { events_.push_back(std::move(e)); }

}  // namespace swell::sim
