#include "sim/sim_node_actuator.h"

namespace swell::sim {
namespace {

// The API server's generateName suffix: 5 characters of its alphabet. A counter is spread over
// the 27^5 suffixes by a fixed bijection, so names look random but runs stay reproducible.
std::string Suffix(int64_t n) {
  static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  constexpr int64_t kSpace = 27LL * 27 * 27 * 27 * 27;
  int64_t v = (n * 7919 + 4409) % kSpace;  // 7919 is prime to 27: a permutation
  std::string s(5, 'b');
  for (int i = 4; i >= 0; --i) {
    s[static_cast<size_t>(i)] = kAlphabet[v % 27];
    v /= 27;
  }
  return s;
}

}  // namespace

void SimNodeActuator::Changed() {
  cluster_.Touch();
  if (on_change_) on_change_();
}

StatusOr<std::string> SimNodeActuator::CreateNodeClaim(api::NodeClaim claim) {
  auto& store = cluster_.store<api::NodeClaim>();
  if (claim.metadata.name.empty()) {
    do {
      claim.metadata.name = claim.metadata.generate_name + Suffix(created_++);
    } while (store.Get("", claim.metadata.name) != nullptr);
  } else if (store.Get("", claim.metadata.name) != nullptr) {
    return Status(StatusCode::kAlreadyExists,
                  "nodeclaims.karpenter.sh \"" + claim.metadata.name + "\" already exists");
  }
  claim.api_version = "karpenter.sh/v1";
  claim.kind = "NodeClaim";
  claim.metadata.namespace_.clear();
  claim.metadata.uid = "nodeclaim/" + claim.metadata.name;
  claim.metadata.creation_timestamp = api::Time{loop_.Now()};
  claim.metadata.deletion_timestamp.reset();
  claim.metadata.generation = 1;
  std::string name = claim.metadata.name;
  const api::NodeClaim& stored = store.Put(std::move(claim));
  if (on_created_) on_created_(stored);
  Changed();
  return name;
}

Status SimNodeActuator::UpdateNodeClaim(const api::NodeClaim& claim) {
  api::NodeClaim* stored = cluster_.store<api::NodeClaim>().GetMutable("", claim.metadata.name);
  if (stored == nullptr) {
    return NotFound("nodeclaims.karpenter.sh \"" + claim.metadata.name + "\" not found");
  }
  // Server-owned metadata stays; deletionTimestamp cannot be set or cleared by an update.
  api::ObjectMeta meta = stored->metadata;
  meta.labels = claim.metadata.labels;
  meta.annotations = claim.metadata.annotations;
  meta.finalizers = claim.metadata.finalizers;
  meta.owner_references = claim.metadata.owner_references;
  stored->spec = claim.spec;
  stored->status = claim.status;
  stored->metadata = std::move(meta);
  if (stored->metadata.deletion_timestamp && stored->metadata.finalizers.empty()) {
    EraseClaimLater(claim.metadata.name);
  }
  Changed();
  return Status();
}

Status SimNodeActuator::DeleteNodeClaim(std::string_view name) {
  api::NodeClaim* stored = cluster_.store<api::NodeClaim>().GetMutable("", name);
  if (stored == nullptr) {
    return NotFound("nodeclaims.karpenter.sh \"" + std::string(name) + "\" not found");
  }
  if (!stored->metadata.deletion_timestamp) {
    stored->metadata.deletion_timestamp = api::Time{loop_.Now()};
  }
  if (stored->metadata.finalizers.empty()) EraseClaimLater(std::string(name));
  Changed();
  return Status();
}

Status SimNodeActuator::UpdateNode(const api::Node& node) {
  api::Node* stored = cluster_.store<api::Node>().GetMutable("", node.metadata.name);
  if (stored == nullptr) return NotFound("nodes \"" + node.metadata.name + "\" not found");
  stored->metadata.labels = node.metadata.labels;
  stored->metadata.annotations = node.metadata.annotations;
  stored->metadata.finalizers = node.metadata.finalizers;
  stored->metadata.owner_references = node.metadata.owner_references;
  stored->spec.taints = node.spec.taints;
  stored->spec.unschedulable = node.spec.unschedulable;
  if (stored->metadata.deletion_timestamp && stored->metadata.finalizers.empty()) {
    RemoveNodeLater(node.metadata.name);
  }
  kube_.NodesChanged();  // taints and labels decide where pods go
  Changed();
  return Status();
}

Status SimNodeActuator::DeleteNode(std::string_view name) {
  api::Node* stored = cluster_.store<api::Node>().GetMutable("", name);
  if (stored == nullptr) return NotFound("nodes \"" + std::string(name) + "\" not found");
  if (!stored->metadata.deletion_timestamp) {
    stored->metadata.deletion_timestamp = api::Time{loop_.Now()};
  }
  if (stored->metadata.finalizers.empty()) RemoveNodeLater(std::string(name));
  Changed();
  return Status();
}

Status SimNodeActuator::EvictPod(std::string_view ns, std::string_view name) {
  return kube_.EvictPod(std::string(ns), std::string(name));
}

Status SimNodeActuator::DeletePod(std::string_view ns, std::string_view name) {
  return kube_.DeletePodByClient(std::string(ns), std::string(name));
}

void SimNodeActuator::EraseClaimLater(const std::string& name) {
  loop_.After(Duration(0), [this, name]() {
    const api::NodeClaim* c = cluster_.store<api::NodeClaim>().Get("", name);
    if (c == nullptr || !c->metadata.deletion_timestamp || !c->metadata.finalizers.empty()) return;
    cluster_.store<api::NodeClaim>().Erase("", name);
    Changed();
  });
}

void SimNodeActuator::RemoveNodeLater(const std::string& name) {
  loop_.After(Duration(0), [this, name]() {
    const api::Node* n = cluster_.store<api::Node>().Get("", name);
    if (n == nullptr || !n->metadata.deletion_timestamp || !n->metadata.finalizers.empty()) return;
    kube_.RemoveNode(name);
    Changed();
  });
}

}  // namespace swell::sim
