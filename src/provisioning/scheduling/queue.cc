#include "provisioning/scheduling/queue.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace swell::provisioning::detail {
namespace {

const api::Quantity& Get(const api::ResourceList& r, std::string_view name) {
  static const api::Quantity kZero;
  auto it = r.find(name);
  return it == r.end() ? kZero : it->second;
}

TimePoint Created(const api::Pod& p) {
  return p.metadata.creation_timestamp ? p.metadata.creation_timestamp->value : TimePoint{};
}

}  // namespace

std::vector<uint32_t> OrderPods(const std::vector<PodState>& pods) {
  std::vector<uint32_t> order(pods.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const PodState& l = pods[a];
    const PodState& r = pods[b];
    if (auto c = Get(l.requests_list, "cpu") <=> Get(r.requests_list, "cpu"); c != 0) return c > 0;
    if (auto c = Get(l.requests_list, "memory") <=> Get(r.requests_list, "memory"); c != 0) {
      return c > 0;
    }
    TimePoint lt = Created(*l.pod), rt = Created(*r.pod);
    if (lt != rt) return lt < rt;
    if (l.pod->metadata.uid != r.pod->metadata.uid) {
      return l.pod->metadata.uid < r.pod->metadata.uid;
    }
    return l.index < r.index;  // identical UIDs (malformed input): keep input order
  });
  return order;
}

PodQueue::PodQueue(std::vector<uint32_t> order, size_t num_pods)
    : pods_(order.begin(), order.end()), last_len_(num_pods, 0) {}

bool PodQueue::Pop(uint32_t* pod) {
  if (pods_.empty()) return false;
  uint32_t p = pods_.front();
  if (last_len_[p] == pods_.size()) return false;
  pods_.pop_front();
  *pod = p;
  return true;
}

void PodQueue::Push(uint32_t pod) {
  pods_.push_back(pod);
  last_len_[pod] = pods_.size();
}

}  // namespace swell::provisioning::detail
