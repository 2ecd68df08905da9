#include "sim/consumer.h"

#include <algorithm>
#include <utility>

namespace swell::sim {
namespace {

// Runs `fn` at `t` unless the owner of `alive` is gone by then.
void Schedule(EventLoop& loop, const std::shared_ptr<bool>& alive, TimePoint t,
              std::function<void()> fn) {
  std::weak_ptr<bool> weak = alive;
  loop.At(t, [weak, fn = std::move(fn)]() {
    if (!weak.expired()) fn();
  });
}

}  // namespace

ConsumerPool::ConsumerPool(EventLoop& loop, Queue& queue, Rng rng, ConsumerOptions options)
    : loop_(loop),
      queue_(queue),
      rng_(rng),
      options_(std::move(options)),
      alive_(std::make_shared<bool>(true)) {
  options_.failure_probability = std::clamp(options_.failure_probability, 0.0, 1.0);
  listener_ = queue_.AddListener([this]() { OnVisible(); });
}

ConsumerPool::~ConsumerPool() { queue_.RemoveListener(listener_); }

Status ConsumerPool::AddPod(const std::string& pod_id, int32_t workers) {
  if (workers < 0) return InvalidArgument("pod " + pod_id + ": workers must be >= 0");
  if (by_name_.count(pod_id) != 0) {
    return Status(StatusCode::kAlreadyExists, "pod " + pod_id + " already consumes");
  }
  const uint64_t id = next_pod_++;
  Pod& pod = pods_[id];
  pod.name = pod_id;
  pod.workers.resize(static_cast<size_t>(workers));
  pod.last_change = loop_.Now();
  by_name_.emplace(pod_id, id);
  workers_ += workers;
  for (uint32_t w = 0; w < pod.workers.size(); w++) MakeIdle(id, pod, w);
  OnVisible();  // messages may be waiting already
  return Status::Ok();
}

Status ConsumerPool::StopPod(const std::string& pod_id, Duration grace) {
  auto it = by_name_.find(pod_id);
  if (it == by_name_.end()) return NotFound("pod " + pod_id + " is not consuming");
  const uint64_t id = it->second;
  Pod& pod = pods_.at(id);
  if (pod.stopping) return FailedPrecondition("pod " + pod_id + " is already stopping");
  pod.stopping = true;
  workers_ -= static_cast<int32_t>(pod.workers.size());
  for (Worker& w : pod.workers) {
    if (w.queued) idle_count_--;
    w.queued = false;  // its idle_ entry is now stale
  }
  if (pod.busy == 0) {
    Schedule(loop_, alive_, loop_.Now(), [this, id]() { Exit(id, true); });
  } else {
    Schedule(loop_, alive_, loop_.Now() + std::max(grace, Duration(0)), [this, id]() { Kill(id); });
  }
  return Status::Ok();
}

Status ConsumerPool::RemovePod(const std::string& pod_id) {
  auto it = by_name_.find(pod_id);
  if (it == by_name_.end()) return NotFound("pod " + pod_id + " is not consuming");
  const uint64_t id = it->second;
  Pod& pod = pods_.at(id);
  if (!pod.stopping) {
    workers_ -= static_cast<int32_t>(pod.workers.size());
    for (const Worker& w : pod.workers) idle_count_ -= w.queued ? 1 : 0;
  }
  Kill(id, false);
  return Status::Ok();
}

std::optional<PodUsage> ConsumerPool::Usage(const std::string& pod_id) const {
  auto it = by_name_.find(pod_id);
  if (it == by_name_.end()) return std::nullopt;
  const Pod& pod = pods_.at(it->second);
  PodUsage u;
  u.workers = static_cast<int32_t>(pod.workers.size());
  u.busy = pod.busy;
  u.stopping = pod.stopping;
  u.busy_time = pod.busy_time + pod.busy * (loop_.Now() - pod.last_change);
  return u;
}

void ConsumerPool::OnVisible() {
  if (dispatch_pending_ || idle_count_ == 0) return;
  dispatch_pending_ = true;
  Schedule(loop_, alive_, loop_.Now(), [this]() { Dispatch(); });
}

void ConsumerPool::Dispatch() {
  dispatch_pending_ = true;  // our own queue calls below need no further dispatch
  const TimePoint now = loop_.Now();
  queue_.Expire(now);
  WorkerRef ref;
  while (queue_.visible() > 0 && PopIdle(&ref)) {
    std::optional<ReceivedMessage> m = queue_.ReceiveOne(now);
    Begin(ref.pod, pods_.at(ref.pod), ref.worker, *m);
  }
  dispatch_pending_ = false;
  if (idle_count_ > 0) ScheduleWake();
}

bool ConsumerPool::PopIdle(WorkerRef* out) {
  while (!idle_.empty()) {
    const WorkerRef ref = idle_.front();
    idle_.pop_front();
    Pod* pod = Find(ref.pod);
    if (pod == nullptr || !pod->workers[ref.worker].queued) continue;  // stale entry
    pod->workers[ref.worker].queued = false;
    idle_count_--;
    *out = ref;
    return true;
  }
  return false;
}

void ConsumerPool::Begin(uint64_t pod_id, Pod& pod, uint32_t w, const ReceivedMessage& m) {
  Worker& worker = pod.workers[w];
  const Duration took = options_.processing_time.Sample(rng_);
  worker.fail = options_.failure_probability > 0 && rng_.Bernoulli(options_.failure_probability);
  worker.handle = m.handle;
  worker.done_at = loop_.Now() + took;
  const uint32_t token = ++worker.token;
  SetBusy(pod, worker, true);
  Schedule(loop_, alive_, worker.done_at,
           [this, pod_id, w, token]() { Complete(pod_id, w, token); });
}

void ConsumerPool::Complete(uint64_t pod_id, uint32_t w, uint32_t token) {
  Pod* pod = Find(pod_id);
  if (pod == nullptr || pod->workers[w].token != token || !pod->workers[w].busy) return;
  Finish(*pod, pod->workers[w]);
  if (pod->stopping) {
    if (pod->busy == 0) Exit(pod_id, true);
    return;
  }
  std::optional<ReceivedMessage> m = queue_.ReceiveOne(loop_.Now());
  if (m) {
    Begin(pod_id, *pod, w, *m);
  } else {
    MakeIdle(pod_id, *pod, w);
  }
}

void ConsumerPool::Finish(Pod& pod, Worker& worker) {
  SetBusy(pod, worker, false);
  if (worker.fail) {
    counters_.failed++;
  } else if (queue_.Delete(loop_.Now(), worker.handle)) {
    counters_.processed++;
  } else {
    counters_.late++;
  }
}

void ConsumerPool::MakeIdle(uint64_t pod_id, Pod& pod, uint32_t w) {
  pod.workers[w].queued = true;
  idle_.push_back(WorkerRef{pod_id, w});
  idle_count_++;
  ScheduleWake();
}

void ConsumerPool::SetBusy(Pod& pod, Worker& worker, bool busy) {
  const TimePoint now = loop_.Now();
  pod.busy_time += pod.busy * (now - pod.last_change);
  pod.last_change = now;
  const int32_t delta = busy ? 1 : -1;
  pod.busy += delta;
  busy_ += delta;
  worker.busy = busy;
}

void ConsumerPool::ScheduleWake() {
  TimePoint t = queue_.NextTransition();
  if (t == TimePoint::max()) return;
  t = std::max(t, loop_.Now());
  if (wake_at_ <= t) return;
  wake_at_ = t;
  Schedule(loop_, alive_, t, [this, t]() {
    if (wake_at_ != t) return;  // superseded by an earlier wake-up
    wake_at_ = TimePoint::max();
    Dispatch();
  });
}

void ConsumerPool::Kill(uint64_t pod_id, bool notify) {
  Pod* pod = Find(pod_id);
  if (pod == nullptr) return;
  for (Worker& w : pod->workers) {
    if (!w.busy) continue;
    counters_.abandoned++;
    w.token++;
    SetBusy(*pod, w, false);
  }
  Exit(pod_id, notify);
}

void ConsumerPool::Exit(uint64_t pod_id, bool notify) {
  Pod* pod = Find(pod_id);
  if (pod == nullptr) return;
  const std::string name = pod->name;
  by_name_.erase(name);
  pods_.erase(pod_id);
  if (notify && on_exit_) on_exit_(name);
}

ConsumerPool::Pod* ConsumerPool::Find(uint64_t pod_id) {
  auto it = pods_.find(pod_id);
  return it == pods_.end() ? nullptr : &it->second;
}

}  // namespace swell::sim
