// The pod queue of a scheduling run (queue.go; karpenter.md §2.3): pods in bin-packing order,
// failed pods go to the back, and the run stops once a pod comes up again with the queue as
// long as when it was pushed (a full cycle without progress).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "provisioning/scheduling/model.h"

namespace swell::provisioning::detail {

// byCPUAndMemoryDescending: cpu request descending, then memory descending, then creation
// time ascending, then UID ascending. `pods` are PodState indices; returns them sorted.
std::vector<uint32_t> OrderPods(const std::vector<PodState>& pods);

class PodQueue {
 public:
  // `order` from OrderPods; `num_pods` bounds the PodState indices.
  PodQueue(std::vector<uint32_t> order, size_t num_pods);
  // The next pod, or false when empty or when no progress was made over a full cycle.
  bool Pop(uint32_t* pod);
  // Requeues a pod that failed, remembering the queue length (staleness detection).
  void Push(uint32_t pod);
  size_t size() const { return pods_.size(); }

 private:
  std::deque<uint32_t> pods_;
  std::vector<size_t> last_len_;
};

}  // namespace swell::provisioning::detail
