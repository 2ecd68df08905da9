#include "sim/queue.h"

#include <algorithm>
#include <utility>

namespace swell::sim {

Queue::Queue(std::string name, QueueOptions options)
    : name_(std::move(name)), options_(options), now_(TimePoint::min()) {}

Queue::~Queue() {
  if (dlq_ != nullptr) std::erase(dlq_->dlq_sources_, this);
  for (Queue* src : dlq_sources_) {  // their redrive policy ends with this queue
    src->dlq_ = nullptr;
    src->max_receive_count_ = 0;
  }
}

Status Queue::SetDeadLetterQueue(Queue* dlq, int32_t max_receive_count) {
  if (dlq == nullptr) return InvalidArgument("queue " + name_ + ": no dead-letter queue given");
  if (max_receive_count < 1) {
    return InvalidArgument("queue " + name_ + ": maxReceiveCount must be at least 1");
  }
  for (Queue* q = dlq; q != nullptr; q = q->dlq_) {
    if (q == this) {
      return InvalidArgument("queue " + name_ + ": dead-letter queue " + dlq->name_ +
                             " would form a redrive cycle");
    }
  }
  if (dlq_ != nullptr) std::erase(dlq_->dlq_sources_, this);
  dlq_ = dlq;
  max_receive_count_ = max_receive_count;
  dlq->dlq_sources_.push_back(this);
  return Status::Ok();
}

void Queue::Send(TimePoint now, int64_t count, std::optional<Duration> delay) {
  Advance(now);
  if (count <= 0) return;
  counters_.sent += count;
  const Duration d = delay.value_or(options_.delay);
  if (d > Duration(0)) {
    delayed_.emplace(now_ + d, DelayedRun{now_, count});
    delayed_count_ += count;
    return;
  }
  AddVisible(RunKey{now_, 0}, count);
  Notify();
}

std::vector<ReceivedMessage> Queue::Receive(TimePoint now, int64_t max) {
  Advance(now);
  std::vector<ReceivedMessage> out;
  while (static_cast<int64_t>(out.size()) < max && visible_count_ > 0) out.push_back(Take(now_));
  return out;
}

std::optional<ReceivedMessage> Queue::ReceiveOne(TimePoint now) {
  Advance(now);
  if (visible_count_ == 0) return std::nullopt;
  return Take(now_);
}

bool Queue::Delete(TimePoint now, ReceiptHandle handle) {
  Advance(now);
  auto it = in_flight_.find(handle);
  if (it == in_flight_.end()) return false;
  const Duration latency = now_ - it->second.sent;
  counters_.deleted++;
  counters_.delete_latency_sum += latency;
  counters_.delete_latency_max = std::max(counters_.delete_latency_max, latency);
  EraseReceipt(it);
  return true;
}

bool Queue::ChangeVisibility(TimePoint now, ReceiptHandle handle, Duration timeout) {
  Advance(now);
  auto it = in_flight_.find(handle);
  if (it == in_flight_.end()) return false;
  if (timeout > Duration(0)) {
    it->second.deadline = now_ + timeout;
    deadlines_.push(Deadline{it->second.deadline, handle});
    return true;
  }
  const Receipt r = it->second;
  EraseReceipt(it);
  if (Return(now_, r)) Notify();
  return true;
}

void Queue::Expire(TimePoint now) { Advance(now); }

TimePoint Queue::NextTransition() {
  PruneDeadlines();
  TimePoint next = TimePoint::max();
  if (!delayed_.empty()) next = delayed_.begin()->first;
  if (!deadlines_.empty()) next = std::min(next, deadlines_.top().at);
  for (Queue* src : dlq_sources_) next = std::min(next, src->NextTransition());
  return next;
}

int Queue::AddListener(std::function<void()> fn) {
  listeners_.emplace_back(next_listener_, std::move(fn));
  return next_listener_++;
}

void Queue::RemoveListener(int id) {
  std::erase_if(listeners_, [id](const auto& l) { return l.first == id; });
}

Duration Queue::OldestAge(TimePoint now) {
  Advance(now);
  TimePoint oldest = TimePoint::max();
  if (!visible_.empty()) oldest = visible_.begin()->first.sent;
  if (!in_flight_sent_.empty()) oldest = std::min(oldest, in_flight_sent_.begin()->first);
  if (oldest == TimePoint::max() || oldest > now_) return Duration(0);
  return now_ - oldest;
}

std::map<std::string, std::string> Queue::Attributes(TimePoint now) {
  const Duration age = OldestAge(now);
  return {
      {"ApproximateNumberOfMessages", std::to_string(visible_count_)},
      {"ApproximateNumberOfMessagesNotVisible", std::to_string(in_flight_.size())},
      {"ApproximateNumberOfMessagesDelayed", std::to_string(delayed_count_)},
      {"ApproximateAgeOfOldestMessage",
       std::to_string(std::chrono::duration_cast<std::chrono::seconds>(age).count())},
  };
}

void Queue::Advance(TimePoint now) {
  if (now > now_) now_ = now;
  for (Queue* src : dlq_sources_) src->Advance(now_);
  const bool delayed = ExpireDelayed(now_);
  const bool receipts = ExpireReceipts(now_);
  if (delayed || receipts) Notify();
}

bool Queue::ExpireDelayed(TimePoint now) {
  bool any = false;
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    const DelayedRun run = delayed_.begin()->second;
    delayed_.erase(delayed_.begin());
    delayed_count_ -= run.count;
    AddVisible(RunKey{run.sent, 0}, run.count);
    any = true;
  }
  return any;
}

bool Queue::ExpireReceipts(TimePoint now) {
  bool any = false;
  while (!deadlines_.empty() && deadlines_.top().at <= now) {
    const Deadline d = deadlines_.top();
    deadlines_.pop();
    auto it = in_flight_.find(d.handle);
    if (it == in_flight_.end() || it->second.deadline != d.at) continue;  // stale entry
    const Receipt r = it->second;
    EraseReceipt(it);
    counters_.timed_out++;
    any = Return(d.at, r) || any;
  }
  return any;
}

void Queue::PruneDeadlines() {
  while (!deadlines_.empty()) {
    auto it = in_flight_.find(deadlines_.top().handle);
    if (it != in_flight_.end() && it->second.deadline == deadlines_.top().at) return;
    deadlines_.pop();
  }
}

bool Queue::Return(TimePoint at, const Receipt& r) {
  if (dlq_ != nullptr && r.receive_count >= max_receive_count_) {
    counters_.dead_lettered++;
    dlq_->AcceptDeadLetter(at, r.sent);
    return false;
  }
  AddVisible(RunKey{r.sent, r.receive_count}, 1);
  return true;
}

void Queue::AcceptDeadLetter(TimePoint at, TimePoint sent) {
  if (at > now_) now_ = at;
  counters_.sent++;
  AddVisible(RunKey{sent, 0}, 1);
  Notify();
}

void Queue::AddVisible(RunKey key, int64_t count) {
  visible_[key] += count;
  visible_count_ += count;
}

ReceivedMessage Queue::Take(TimePoint now) {
  auto it = visible_.begin();
  const RunKey key = it->first;
  if (--it->second == 0) visible_.erase(it);
  visible_count_--;
  counters_.received++;
  if (key.receive_count > 0) counters_.redelivered++;
  const ReceiptHandle handle = next_handle_++;
  const Receipt r{key.sent, key.receive_count + 1, now + options_.visibility_timeout};
  in_flight_.emplace(handle, r);
  in_flight_sent_[key.sent]++;
  deadlines_.push(Deadline{r.deadline, handle});
  return ReceivedMessage{handle, key.sent, r.receive_count};
}

void Queue::EraseReceipt(std::unordered_map<ReceiptHandle, Receipt>::iterator it) {
  auto sent = in_flight_sent_.find(it->second.sent);
  if (--sent->second == 0) in_flight_sent_.erase(sent);
  in_flight_.erase(it);
  // Deleted receipts leave stale heap entries; rebuild when they dominate.
  if (deadlines_.size() > 2 * in_flight_.size() + 1024) {
    std::vector<Deadline> live;
    live.reserve(in_flight_.size());
    for (const auto& [h, rec] : in_flight_) live.push_back(Deadline{rec.deadline, h});
    deadlines_ = decltype(deadlines_)(std::greater<Deadline>(), std::move(live));
  }
}

void Queue::Notify() {
  for (auto& listener : listeners_) listener.second();
}

std::string_view QueueNameOf(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const size_t slash = url.rfind('/');
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

StatusOr<Queue*> SimSqs::CreateQueue(const std::string& url, QueueOptions options) {
  const std::string name(QueueNameOf(url));
  if (name.empty()) return InvalidArgument("queue URL \"" + url + "\" has no queue name");
  if (by_url_.count(url) != 0 || by_name_.count(name) != 0) {
    return Status(StatusCode::kAlreadyExists, "queue " + name + " already exists");
  }
  auto q = std::make_unique<Queue>(name, options);
  Queue* raw = q.get();
  by_url_.emplace(url, std::move(q));
  by_name_.emplace(name, raw);
  return raw;
}

Queue* SimSqs::Find(std::string_view url_or_name) const {
  auto it = by_url_.find(std::string(url_or_name));
  if (it != by_url_.end()) return it->second.get();
  auto named = by_name_.find(QueueNameOf(url_or_name));
  return named == by_name_.end() ? nullptr : named->second;
}

StatusOr<std::map<std::string, std::string>> SimSqs::GetQueueAttributes(
    const scalers::SqsRequest& r) {
  Queue* q = Find(r.queue_url);
  if (q == nullptr) {
    return NotFound(
        "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist: " +
        r.queue_url);
  }
  std::map<std::string, std::string> all = q->Attributes(clock_.Now());
  const auto& names = r.attribute_names;
  if (names.empty() || std::find(names.begin(), names.end(), "All") != names.end()) return all;
  std::map<std::string, std::string> out;
  for (const std::string& n : names) {
    auto it = all.find(n);
    if (it == all.end()) return InvalidArgument("InvalidAttributeName: Unknown Attribute " + n);
    out.emplace(n, it->second);
  }
  return out;
}

}  // namespace swell::sim
