#include "provisioning/scheduling/existing_node.h"

namespace swell::provisioning::detail {
namespace {

bool CanAdd(Context& c, const NodeState& n, PodState& pod) {
  Scratch& s = c.scratch;
  if (!c.Tolerates(pod, n.taint_class)) return false;
  // resources.Fits: a negative remaining amount never fits.
  for (size_t r = 0; r < c.nres; ++r) {
    if (n.remaining[r] < 0 || pod.requests[r] > n.remaining[r]) return false;
  }
  if (!c.topology->HostnameAllows(pod, n.host_domain)) return false;
  if (!n.reqs.Compatible(pod.reqs, /*allow_well_known=*/false, c.labels)) return false;
  s.n_delta = 0;
  for (const Req& r : pod.reqs.reqs()) {
    if (s.delta.size() <= s.n_delta) s.delta.resize(s.n_delta + 1);
    Req& e = s.delta[s.n_delta++];
    const Req* base = n.reqs.Find(r.key);
    e = base ? *base : r;
    if (base) e.IntersectWith(r, c.labels);
  }
  ReqView view{&n.reqs, s.delta.data(), s.n_delta};
  if (!c.topology->AddRequirements(pod, pod.strict, view, /*allow_well_known=*/false, s.topology)) {
    return false;
  }
  for (size_t i = 0; i < s.topology.n; ++i) {
    const Req& t = s.topology.reqs[i];
    bool found = false;
    for (size_t j = 0; j < s.n_delta && !found; ++j) {
      if (s.delta[j].key == t.key) {
        s.delta[j] = t;
        found = true;
      }
    }
    if (!found) {
      if (s.delta.size() <= s.n_delta) s.delta.resize(s.n_delta + 1);
      s.delta[s.n_delta++] = t;
    }
  }
  return true;
}

void Add(Context& c, NodeState& n, PodState& pod) {
  const Scratch& s = c.scratch;
  for (size_t i = 0; i < s.n_delta; ++i) {
    if (Req* existing = n.reqs.FindMutable(s.delta[i].key)) {
      *existing = s.delta[i];
    } else {
      n.reqs.Add(s.delta[i], c.labels);
    }
  }
  for (size_t r = 0; r < c.nres; ++r) n.remaining[r] -= pod.requests[r];
  n.pods.push_back(static_cast<uint32_t>(&pod - c.pods.data()));
  c.topology->Record(pod, n.taints, n.reqs);
}

}  // namespace

int32_t AddToExisting(Context& c, PodState& pod) {
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    if (!CanAdd(c, c.nodes[i], pod)) continue;
    Add(c, c.nodes[i], pod);
    return static_cast<int32_t>(i);
  }
  return -1;
}

}  // namespace swell::provisioning::detail
