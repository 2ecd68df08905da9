#include "api/core/workloads.h"

#include "api/labels.h"

namespace swell::api {
namespace {

void ValidateReplicas(const std::optional<int32_t>& replicas, Diagnostics& diags) {
  if (replicas && *replicas < 0) {
    diags.Error("spec.replicas", std::to_string(*replicas) + " must be >= 0", "apps/replicas");
  }
}

// apps/v1: the selector is required, non-empty and must select the template's labels.
void ValidateSelector(const std::optional<LabelSelector>& selector, const PodTemplateSpec& tmpl,
                      Diagnostics& diags) {
  if (!selector) {
    // Documentation snippets often omit it; kubectl would reject the object. swell can still
    // use the pod template, so this is a warning and defaulting fills in the labels.
    diags.Warning("spec.selector",
                  "selector is required by apps/v1 (kubectl rejects this object); swell assumes "
                  "the template's labels",
                  "apps/selector");
    return;
  }
  if (selector->match_labels.empty() && selector->match_expressions.empty()) {
    diags.Error("spec.selector", "empty selector is invalid for apps/v1 workloads",
                "apps/selector");
    return;
  }
  if (!SelectorMatches(*selector, tmpl.metadata.labels)) {
    diags.Error("spec.template.metadata.labels",
                "`selector` does not match template `labels`: pods created from the template "
                "would not be owned by this workload",
                "apps/selector");
  }
}

void ValidateNonNegative(const std::optional<int32_t>& v, const char* path, Diagnostics& diags) {
  if (v && *v < 0) diags.Error(path, std::to_string(*v) + " must be >= 0", "batch/job-counts");
}

void DefaultSelector(std::optional<LabelSelector>& selector, const PodTemplateSpec& tmpl) {
  if (!selector) selector = LabelSelector{tmpl.metadata.labels, {}};
}

}  // namespace

void ApplyDefaults(Deployment& o) {
  DefaultSelector(o.spec.selector, o.spec.template_);
  if (!o.spec.replicas) o.spec.replicas = 1;
  if (!o.spec.revision_history_limit) o.spec.revision_history_limit = 10;
  if (!o.spec.progress_deadline_seconds) o.spec.progress_deadline_seconds = 600;
  ApplyPodSpecDefaults(o.spec.template_.spec);
}

void ApplyDefaults(StatefulSet& o) {
  DefaultSelector(o.spec.selector, o.spec.template_);
  if (!o.spec.replicas) o.spec.replicas = 1;
  if (!o.spec.revision_history_limit) o.spec.revision_history_limit = 10;
  if (o.spec.pod_management_policy.empty()) o.spec.pod_management_policy = "OrderedReady";
  ApplyPodSpecDefaults(o.spec.template_.spec);
}

void ApplyDefaults(DaemonSet& o) {
  DefaultSelector(o.spec.selector, o.spec.template_);
  if (!o.spec.revision_history_limit) o.spec.revision_history_limit = 10;
  ApplyPodSpecDefaults(o.spec.template_.spec);
}

void ApplyJobSpecDefaults(JobSpec& s) {
  // batch/v1 defaults.go SetDefaults_Job.
  if (!s.completions && !s.parallelism) s.completions = 1;
  if (!s.parallelism) s.parallelism = 1;
  if (!s.backoff_limit) s.backoff_limit = s.backoff_limit_per_index ? 2147483647 : 6;
  if (s.completion_mode.empty()) s.completion_mode = "NonIndexed";
  if (!s.suspend) s.suspend = false;
  if (s.pod_replacement_policy.empty()) {
    s.pod_replacement_policy = s.pod_failure_policy.empty() ? "TerminatingOrFailed" : "Failed";
  }
  ApplyPodSpecDefaults(s.template_.spec);
}

void ApplyDefaults(Job& o) { ApplyJobSpecDefaults(o.spec); }

void Validate(const Deployment& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateReplicas(o.spec.replicas, diags);
  ValidateSelector(o.spec.selector, o.spec.template_, diags);
  ValidatePodSpec(o.spec.template_.spec, "spec.template.spec", diags);
  if (!o.spec.template_.spec.restart_policy.empty() &&
      o.spec.template_.spec.restart_policy != "Always") {
    diags.Error("spec.template.spec.restartPolicy", "Deployments require restartPolicy Always",
                "apps/restart-policy");
  }
}

void Validate(const StatefulSet& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateReplicas(o.spec.replicas, diags);
  ValidateSelector(o.spec.selector, o.spec.template_, diags);
  ValidatePodSpec(o.spec.template_.spec, "spec.template.spec", diags);
  const std::string& p = o.spec.pod_management_policy;
  if (!p.empty() && p != "OrderedReady" && p != "Parallel") {
    diags.Error("spec.podManagementPolicy", "\"" + p + "\" must be OrderedReady or Parallel",
                "apps/pod-management-policy");
  }
}

void Validate(const DaemonSet& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateSelector(o.spec.selector, o.spec.template_, diags);
  ValidatePodSpec(o.spec.template_.spec, "spec.template.spec", diags);
}

void ValidateJobSpec(const JobSpec& s, std::string_view path_view, Diagnostics& diags) {
  std::string path(path_view);
  ValidateNonNegative(s.parallelism, (path + ".parallelism").c_str(), diags);
  ValidateNonNegative(s.completions, (path + ".completions").c_str(), diags);
  ValidateNonNegative(s.backoff_limit, (path + ".backoffLimit").c_str(), diags);
  if (s.active_deadline_seconds && *s.active_deadline_seconds <= 0) {
    diags.Error(path + ".activeDeadlineSeconds", "must be > 0", "batch/job-counts");
  }
  if (!s.completion_mode.empty() && s.completion_mode != "NonIndexed" &&
      s.completion_mode != "Indexed") {
    diags.Error(path + ".completionMode", "must be NonIndexed or Indexed", "batch/completion-mode");
  }
  ValidatePodSpec(s.template_.spec, path + ".template.spec", diags);
  const std::string& rp = s.template_.spec.restart_policy;
  if (rp != "Never" && rp != "OnFailure") {
    diags.Error(path + ".template.spec.restartPolicy",
                rp.empty() ? "is required for Jobs: Never or OnFailure"
                           : "\"" + rp + "\" is not allowed for Jobs: use Never or OnFailure",
                "batch/restart-policy");
  }
}

void Validate(const Job& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateJobSpec(o.spec, "spec", diags);
}

}  // namespace swell::api
