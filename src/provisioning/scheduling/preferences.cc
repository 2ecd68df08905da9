#include "provisioning/scheduling/preferences.h"

#include <algorithm>
#include <numeric>

namespace swell::provisioning::detail {
namespace {

template <class Terms>
std::vector<uint32_t> HeaviestFirst(const Terms& terms) {
  std::vector<uint32_t> order(terms.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return terms[a].weight > terms[b].weight; });
  return order;
}

const api::NodeAffinity* NodeAffinityOf(const api::PodSpec& spec) {
  return spec.affinity && spec.affinity->node_affinity ? &*spec.affinity->node_affinity : nullptr;
}

size_t RequiredTerms(const api::PodSpec& spec) {
  const api::NodeAffinity* na = NodeAffinityOf(spec);
  if (na == nullptr || !na->required_during_scheduling_ignored_during_execution) return 0;
  return na->required_during_scheduling_ignored_during_execution->node_selector_terms.size();
}

}  // namespace

void InitPodState(PodState& p, const api::Pod& pod, uint32_t index) {
  p.pod = &pod;
  p.index = index;
  const api::PodSpec& spec = pod.spec;
  if (const api::NodeAffinity* na = NodeAffinityOf(spec)) {
    p.preferred_node_affinity =
        HeaviestFirst(na->preferred_during_scheduling_ignored_during_execution);
  }
  if (spec.affinity && spec.affinity->pod_affinity) {
    p.preferred_pod_affinity = HeaviestFirst(
        spec.affinity->pod_affinity->preferred_during_scheduling_ignored_during_execution);
  }
  if (spec.affinity && spec.affinity->pod_anti_affinity) {
    p.preferred_anti_affinity = HeaviestFirst(
        spec.affinity->pod_anti_affinity->preferred_during_scheduling_ignored_during_execution);
  }
  ResetRelaxation(p);
}

void ResetRelaxation(PodState& p) {
  p.relax = Relaxation{};
  p.relax.spreads.resize(p.pod->spec.topology_spread_constraints.size());
  std::iota(p.relax.spreads.begin(), p.relax.spreads.end(), 0);
  p.tolerations = p.pod->spec.tolerations;
  std::fill(p.tolerates.begin(), p.tolerates.end(), int8_t{-1});
}

void ComputeRequirements(PodState& p, Labels& labels, bool ignore_preferences) {
  const api::PodSpec& spec = p.pod->spec;
  p.strict = FromApi(api::Requirements::FromLabels(spec.node_selector), labels);
  const api::NodeAffinity* na = NodeAffinityOf(spec);
  if (na != nullptr && p.relax.required_term < RequiredTerms(spec)) {
    const auto& term = na->required_during_scheduling_ignored_during_execution
                           ->node_selector_terms[p.relax.required_term];
    p.strict.Add(
        FromApi(api::Requirements::FromNodeSelectorRequirements(term.match_expressions), labels),
        labels);
  }
  p.has_preferred_node_affinity = p.relax.node_affinity_dropped < p.preferred_node_affinity.size();
  p.reqs = p.strict;
  if (!ignore_preferences && p.has_preferred_node_affinity) {
    const auto& pref = na->preferred_during_scheduling_ignored_during_execution
                           [p.preferred_node_affinity[p.relax.node_affinity_dropped]];
    // Upstream adds the preferred term first and the required term after; intersection is
    // commutative, so the result is the same.
    p.reqs.Add(
        FromApi(api::Requirements::FromNodeSelectorRequirements(pref.preference.match_expressions),
                labels),
        labels);
  }
}

bool Relax(PodState& p, bool tolerate_prefer_no_schedule) {
  const api::PodSpec& spec = p.pod->spec;
  Relaxation& r = p.relax;
  if (RequiredTerms(spec) - r.required_term > 1) {
    ++r.required_term;
    return true;
  }
  if (r.pod_affinity_dropped < p.preferred_pod_affinity.size()) {
    ++r.pod_affinity_dropped;
    return true;
  }
  if (r.pod_anti_affinity_dropped < p.preferred_anti_affinity.size()) {
    ++r.pod_anti_affinity_dropped;
    return true;
  }
  if (r.node_affinity_dropped < p.preferred_node_affinity.size()) {
    ++r.node_affinity_dropped;
    return true;
  }
  for (size_t i = 0; i < r.spreads.size(); ++i) {
    if (spec.topology_spread_constraints[r.spreads[i]].when_unsatisfiable == "ScheduleAnyway") {
      r.spreads[i] = r.spreads.back();
      r.spreads.pop_back();
      return true;
    }
  }
  if (tolerate_prefer_no_schedule) {
    // MatchToleration: same key, operator, value and effect.
    bool has = std::any_of(p.tolerations.begin(), p.tolerations.end(), [](const auto& t) {
      return t.key.empty() && t.op == "Exists" && t.value.empty() &&
             t.effect == api::kEffectPreferNoSchedule;
    });
    if (!has) {
      api::Toleration t;
      t.op = "Exists";
      t.effect = std::string(api::kEffectPreferNoSchedule);
      p.tolerations.push_back(t);
      r.tolerate_prefer_no_schedule = true;
      std::fill(p.tolerates.begin(), p.tolerates.end(), int8_t{-1});
      return true;
    }
  }
  return false;
}

}  // namespace swell::provisioning::detail
