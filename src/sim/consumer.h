// Consumers: the worker pods that drain a queue.
//
// A ConsumerPool is bound to one Queue. Each Ready pod adds N workers. An idle worker
// receives one message, processes it for a time drawn from `processing_time`, then either
// deletes it or, with probability `failure_probability`, fails: the message is not deleted
// and becomes visible again when its visibility timeout passes. A worker that finds the queue
// empty waits (long polling): the pool is woken when messages become visible, or at the
// queue's next transition (a delay ending, a receipt timing out); it never polls on a timer.
//
// Stopping a pod (SIGTERM): its workers take no new message; a message whose processing ends
// within the grace period is finished, the others are abandoned when the grace period ends
// (left in flight, so they reappear after the visibility timeout and are redelivered). The
// pod exits when its last message is done or at the end of the grace period, whichever is
// first. Removing a pod (kill) abandons its messages at once.
//
// Cost: one event per processed message, plus one per wake-up of idle workers.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/event_loop.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::sim {

struct ConsumerOptions {
  DurationDist processing_time = DurationDist::Constant(Milliseconds(100));  // Default: 100ms
  double failure_probability = 0;  // in [0, 1]. Default: 0
};

struct ConsumerCounters {
  int64_t processed = 0;  // messages processed and deleted
  int64_t failed = 0;     // processing failures (message left to time out)
  int64_t late = 0;       // processed after the receipt timed out: the delete failed
  int64_t abandoned = 0;  // in progress when the pod was killed or its grace period ended
  friend bool operator==(const ConsumerCounters&, const ConsumerCounters&) = default;
};

// A pod's use of its workers, for a CPU-usage model.
struct PodUsage {
  int32_t workers = 0;
  int32_t busy = 0;
  bool stopping = false;
  Duration busy_time{0};  // worker-time spent busy since AddPod (sum over workers)
  // busy / workers at the moment asked (0 for a pod without workers).
  double busy_fraction() const {
    return workers == 0 ? 0 : static_cast<double>(busy) / static_cast<double>(workers);
  }
};

class ConsumerPool {
 public:
  // `loop` and `queue` must outlive the pool; destroying the pool cancels its pending
  // events. `rng` is the pool's own stream. failure_probability is clamped to [0, 1].
  ConsumerPool(EventLoop& loop, Queue& queue, Rng rng, ConsumerOptions options = {});
  ~ConsumerPool();
  ConsumerPool(const ConsumerPool&) = delete;
  ConsumerPool& operator=(const ConsumerPool&) = delete;

  // Adds a Ready pod with `workers` (>= 0) workers, which start receiving at once.
  // AlreadyExists if the pod is present (running or stopping); InvalidArgument for workers < 0.
  Status AddPod(const std::string& pod_id, int32_t workers);
  // Starts a graceful stop (see above). NotFound if absent; FailedPrecondition if stopping.
  Status StopPod(const std::string& pod_id, Duration grace);
  // Kills the pod now: in-progress messages are abandoned. NotFound if absent.
  Status RemovePod(const std::string& pod_id);
  // Called (from an event) with the pod's id when a stopping pod exits.
  void SetOnPodExit(std::function<void(const std::string& pod_id)> fn) { on_exit_ = std::move(fn); }

  const ConsumerCounters& counters() const { return counters_; }
  // Pods present (running or stopping).
  size_t pods() const { return by_name_.size(); }
  // Workers of running pods, and workers busy (stopping pods included).
  int32_t workers() const { return workers_; }
  int32_t busy() const { return busy_; }
  // The pod's usage at the loop's current time; nullopt if absent.
  std::optional<PodUsage> Usage(const std::string& pod_id) const;

 private:
  struct Worker {
    uint32_t token = 0;  // bumped to cancel the pending completion
    bool busy = false;
    bool queued = false;  // in idle_
    bool fail = false;
    ReceiptHandle handle = 0;
    TimePoint done_at;
  };
  struct Pod {
    std::string name;
    std::vector<Worker> workers;
    bool stopping = false;
    int32_t busy = 0;
    Duration busy_time{0};
    TimePoint last_change;
  };
  struct WorkerRef {
    uint64_t pod = 0;
    uint32_t worker = 0;
  };

  void OnVisible();
  void Dispatch();
  bool PopIdle(WorkerRef* out);
  void Begin(uint64_t pod_id, Pod& pod, uint32_t w, const ReceivedMessage& m);
  void Complete(uint64_t pod_id, uint32_t w, uint32_t token);
  void Finish(Pod& pod, Worker& worker);
  void MakeIdle(uint64_t pod_id, Pod& pod, uint32_t w);
  void SetBusy(Pod& pod, Worker& worker, bool busy);
  void ScheduleWake();
  void Kill(uint64_t pod_id, bool notify = true);
  void Exit(uint64_t pod_id, bool notify);
  Pod* Find(uint64_t pod_id);

  EventLoop& loop_;
  Queue& queue_;
  Rng rng_;
  ConsumerOptions options_;
  int listener_ = 0;
  std::shared_ptr<bool> alive_;
  std::function<void(const std::string&)> on_exit_;

  std::unordered_map<uint64_t, Pod> pods_;
  std::map<std::string, uint64_t> by_name_;
  uint64_t next_pod_ = 1;
  std::deque<WorkerRef> idle_;  // longest idle first; may hold stale entries
  int32_t workers_ = 0;
  int32_t busy_ = 0;
  int32_t idle_count_ = 0;  // idle workers of running pods
  bool dispatch_pending_ = false;
  TimePoint wake_at_ = TimePoint::max();  // the pending wake-up, max() if none
  ConsumerCounters counters_;
};

}  // namespace swell::sim
