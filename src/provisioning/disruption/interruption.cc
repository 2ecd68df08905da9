#include "provisioning/disruption/interruption.h"

#include <string>
#include <vector>

namespace swell::provisioning::disruption {
namespace {

using Kind = cloud::InterruptionMessage::Kind;

struct Notice {
  std::string_view reason;  // the event on Node and NodeClaim
  std::string_view type;
  std::string_view message;
  bool drain = false;  // CordonAndDrain; else NoAction
};

// notifyForMessage + actionForMessage. nullopt: a state the parser drops.
std::optional<Notice> NoticeFor(const cloud::InterruptionMessage& msg) {
  switch (msg.kind) {
    case Kind::kSpotInterruption:
      return Notice{"SpotInterrupted", "Warning", "Spot interruption warning was triggered", true};
    case Kind::kScheduledChange:
      return Notice{"InstanceUnhealthy", "Warning",
                    "An unhealthy warning was triggered for the instance", true};
    case Kind::kRebalanceRecommendation:
      return Notice{"SpotRebalanceRecommendation", "Normal",
                    "Spot rebalance recommendation was triggered", false};
    case Kind::kStateChange:
      if (msg.state == "stopping" || msg.state == "stopped") {
        return Notice{"InstanceStopping", "Warning", "Instance is stopping", true};
      }
      if (msg.state == "shutting-down" || msg.state == "terminated") {
        return Notice{"InstanceTerminating", "Warning", "Instance is terminating", true};
      }
      return std::nullopt;
  }
  return std::nullopt;
}

const api::NodeClaim* FindByProviderID(const state::ClusterState& cluster,
                                       std::string_view provider_id) {
  for (const auto& [key, claim] : cluster.store<api::NodeClaim>()) {
    if (!provider_id.empty() && claim.status.provider_id == provider_id) return &claim;
  }
  return nullptr;
}

const api::Node* FindNode(const state::ClusterState& cluster, std::string_view provider_id) {
  for (const auto& [key, node] : cluster.store<api::Node>()) {
    if (node.spec.provider_id == provider_id) return &node;
  }
  return nullptr;
}

}  // namespace

std::string_view InterruptionKindName(Kind kind) {
  switch (kind) {
    case Kind::kSpotInterruption:
      return "SpotInterruption";
    case Kind::kScheduledChange:
      return "ScheduledChange";
    case Kind::kRebalanceRecommendation:
      return "RebalanceRecommendation";
    case Kind::kStateChange:
      return "StateChange";
  }
  return "Unknown";
}

void Interruption::Reconcile(TimePoint now) {
  for (const cloud::InterruptionMessage& msg : queue_.Receive()) Handle(msg, now);
}

void Interruption::Handle(const cloud::InterruptionMessage& msg, TimePoint now) {
  const std::string kind(InterruptionKindName(msg.kind));
  stats_.received[kind]++;
  std::optional<Notice> notice = NoticeFor(msg);
  if (!notice) return;
  const api::NodeClaim* claim = FindByProviderID(cluster_, msg.provider_id);
  if (claim == nullptr) {
    stats_.unknown_instance++;
    return;
  }
  const std::string claim_name = claim->metadata.name;
  const api::Node* node = FindNode(cluster_, msg.provider_id);
  const std::string node_name = node != nullptr ? node->metadata.name : "";
  // The notice itself goes on the Node (if registered) and the NodeClaim.
  auto publish = [&](std::string_view reason, std::string_view type, std::string_view message) {
    if (!node_name.empty()) {
      actuator_.RecordEvent({now, "Node", "", node_name, std::string(type), std::string(reason),
                             std::string(message)});
    }
    actuator_.RecordEvent({now, "NodeClaim", "", claim_name, std::string(type), std::string(reason),
                           std::string(message)});
  };
  publish(notice->reason, notice->type, notice->message);
  if (!notice->drain || claim->metadata.deletion_timestamp) return;
  if (!actuator_.DeleteNodeClaim(claim_name).ok()) return;
  stats_.deleted[kind]++;
  if (!node_name.empty()) {
    actuator_.RecordEvent({now, "Node", "", node_name, "Warning", "TerminatingOnInterruption",
                           "Interruption triggered termination for the Node"});
  }
  actuator_.RecordEvent({now, "NodeClaim", "", claim_name, "Warning", "TerminatingOnInterruption",
                         "Interruption triggered termination for the NodeClaim"});
}

}  // namespace swell::provisioning::disruption
