// A simulated SQS standard queue, cheap at hundreds of thousands of messages.
//
// A message is delayed (sent with DelaySeconds, not yet receivable), visible (receivable) or
// in flight (received; invisible until its receipt is deleted or its visibility timeout
// passes). Each message keeps its send time (for ApproximateAgeOfOldestMessage) and its
// receive count. With a redrive policy, a message received `max_receive_count` times is moved
// to the dead-letter queue the next time it would become visible (NumberOfMessagesMovedToDLQ).
//
// Representation: delayed and visible messages are runs of identical messages
// (send time, receive count, count), so a burst of 200,000 messages sent at once is one run;
// each in-flight message has its receipt, with a min-heap of visibility deadlines.
//
// Time only moves through the `now` arguments (non-decreasing across calls): every call that
// takes `now` first applies what fell due up to `now` (delays ending, visibility timeouts
// passing). The queue owns no events; a consumer that waits for messages asks
// NextTransition() when to look again, and AddListener() tells it when messages became
// visible.
//
// Receive order: oldest send time first (SQS standard queues promise no order; this choice is
// deterministic and makes a redelivered message the next one received).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scalers/sources.h"
#include "util/clock.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::sim {

// Identifies one receipt of one message (SQS's ReceiptHandle). Never reused within a queue.
using ReceiptHandle = uint64_t;

struct QueueOptions {
  Duration visibility_timeout = Seconds(30);  // SQS VisibilityTimeout. Default: 30s
  Duration delay = Seconds(0);                // SQS DelaySeconds (queue default). Default: 0s
};

struct ReceivedMessage {
  ReceiptHandle handle = 0;
  TimePoint sent;             // when the message entered the queue
  int32_t receive_count = 0;  // including this receive (ApproximateReceiveCount)
};

// Totals since the queue was created. Two runs with the same inputs have equal counters.
struct QueueCounters {
  int64_t sent = 0;           // messages accepted by Send (and moved in as a dead-letter queue)
  int64_t received = 0;       // receives, redeliveries included
  int64_t redelivered = 0;    // receives of a message that had been received before
  int64_t deleted = 0;        // successful deletes
  int64_t timed_out = 0;      // receipts whose visibility timeout passed (message visible again)
  int64_t dead_lettered = 0;  // moved to the dead-letter queue (NumberOfMessagesMovedToDLQ)
  Duration delete_latency_sum{0};  // sum over deleted messages of (delete time - send time)
  Duration delete_latency_max{0};  // the largest of those
  friend bool operator==(const QueueCounters&, const QueueCounters&) = default;
};

class Queue {
 public:
  explicit Queue(std::string name, QueueOptions options = {});
  ~Queue();
  Queue(const Queue&) = delete;
  Queue& operator=(const Queue&) = delete;

  const std::string& name() const { return name_; }
  const QueueOptions& options() const { return options_; }

  // Sets the redrive policy: a message received `max_receive_count` (>= 1) times moves to
  // `dlq` instead of becoming visible again. Destroying `dlq` first removes the policy.
  // InvalidArgument for a count < 1, `dlq` == this, or a redrive cycle.
  Status SetDeadLetterQueue(Queue* dlq, int32_t max_receive_count);

  // Adds `count` (>= 0) messages sent at `now`, receivable after `delay` (the queue's
  // DelaySeconds when unset).
  void Send(TimePoint now, int64_t count, std::optional<Duration> delay = std::nullopt);
  // Receives up to `max` visible messages, oldest first; each gets a receipt invisible until
  // now + visibility_timeout.
  std::vector<ReceivedMessage> Receive(TimePoint now, int64_t max);
  // Receives one message, or nullopt if none is visible.
  std::optional<ReceivedMessage> ReceiveOne(TimePoint now);
  // Deletes the message of a live receipt: true if deleted; false if the receipt is unknown,
  // already deleted, or its visibility timeout passed (the message is visible again and will
  // be redelivered: a worker slower than the timeout processes the message twice).
  bool Delete(TimePoint now, ReceiptHandle handle);
  // Makes a live receipt invisible until now + `timeout`; a zero timeout releases the message
  // now (it becomes visible, or moves to the dead-letter queue). False if the receipt is not
  // live.
  bool ChangeVisibility(TimePoint now, ReceiptHandle handle, Duration timeout);
  // Applies everything due at or before `now`: delayed messages become visible, timed-out
  // receipts' messages become visible again (redelivered when next received).
  void Expire(TimePoint now);

  // The earliest time after the last `now` at which a delayed message becomes visible or a
  // receipt times out (here or in a queue that dead-letters into this one); TimePoint::max()
  // if none.
  TimePoint NextTransition();

  // Calls `fn` whenever messages became visible (sent, delay ended, timed out, released).
  // `fn` runs inside the queue's call: it may schedule work but must not call the queue.
  // Returns an id for RemoveListener.
  int AddListener(std::function<void()> fn);
  void RemoveListener(int id);

  // Counts as of the last call that took `now`.
  int64_t visible() const { return visible_count_; }
  int64_t in_flight() const { return static_cast<int64_t>(in_flight_.size()); }
  int64_t delayed() const { return delayed_count_; }
  const QueueCounters& counters() const { return counters_; }
  // The age of the oldest message that is visible or in flight at `now` (zero if none).
  Duration OldestAge(TimePoint now);

  // The attributes GetQueueAttributes returns, as decimal strings:
  // ApproximateNumberOfMessages (visible), ApproximateNumberOfMessagesNotVisible (in flight),
  // ApproximateNumberOfMessagesDelayed, and ApproximateAgeOfOldestMessage (whole seconds;
  // a CloudWatch metric in AWS, offered here beside the attributes).
  std::map<std::string, std::string> Attributes(TimePoint now);

 private:
  struct RunKey {
    TimePoint sent;
    int32_t receive_count = 0;
    friend auto operator<=>(const RunKey&, const RunKey&) = default;
  };
  struct Receipt {
    TimePoint sent;
    int32_t receive_count = 0;
    TimePoint deadline;
  };
  struct Deadline {
    TimePoint at;
    ReceiptHandle handle;
    bool operator>(const Deadline& o) const { return at != o.at ? at > o.at : handle > o.handle; }
  };

  void Advance(TimePoint now);
  bool ExpireDelayed(TimePoint now);
  bool ExpireReceipts(TimePoint now);
  void PruneDeadlines();
  // Puts one message back: visible, or into the dead-letter queue. True if it became visible.
  bool Return(TimePoint at, const Receipt& r);
  // Takes in one message dead-lettered at `at` by a source queue.
  void AcceptDeadLetter(TimePoint at, TimePoint sent);
  void AddVisible(RunKey key, int64_t count);
  ReceivedMessage Take(TimePoint now);
  void EraseReceipt(std::unordered_map<ReceiptHandle, Receipt>::iterator it);
  void Notify();

  std::string name_;
  QueueOptions options_;
  Queue* dlq_ = nullptr;
  int32_t max_receive_count_ = 0;
  std::vector<Queue*> dlq_sources_;  // queues whose dead-letter queue this is

  struct DelayedRun {
    TimePoint sent;
    int64_t count = 0;
  };

  std::map<RunKey, int64_t> visible_;             // oldest first
  std::multimap<TimePoint, DelayedRun> delayed_;  // visible-at -> run, in send order
  std::unordered_map<ReceiptHandle, Receipt> in_flight_;
  std::map<TimePoint, int64_t> in_flight_sent_;  // send time -> receipts (for the oldest age)
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<Deadline>> deadlines_;
  int64_t visible_count_ = 0;
  int64_t delayed_count_ = 0;
  ReceiptHandle next_handle_ = 1;
  TimePoint now_;
  QueueCounters counters_;
  std::vector<std::pair<int, std::function<void()>>> listeners_;
  int next_listener_ = 1;
};

// The simulated SQS service scalers read: queue URLs (and bare queue names) -> queues.
// Credentials are not checked (fault injection is the scenario's job).
class SimSqs final : public scalers::SqsClient {
 public:
  explicit SimSqs(const Clock& clock) : clock_(clock) {}

  // Creates the queue reachable at `url` and by its name, the last path segment of `url`
  // ("https://sqs.us-east-1.amazonaws.com/123456/orders" -> "orders"; a bare name is its own
  // name). AlreadyExists if the URL or the name is taken. The queue lives as long as this.
  StatusOr<Queue*> CreateQueue(const std::string& url, QueueOptions options = {});
  // The queue at `url_or_name`: an exact URL, else the request's last path segment as a
  // name. nullptr if none.
  Queue* Find(std::string_view url_or_name) const;

  // GetQueueAttributes at clock.Now(): the requested names ("All" or none = every attribute
  // Queue::Attributes offers). NotFound "AWS.SimpleQueueService.NonExistentQueue" for an
  // unknown queue; InvalidArgument "InvalidAttributeName" for an unknown attribute.
  StatusOr<std::map<std::string, std::string>> GetQueueAttributes(
      const scalers::SqsRequest& r) override;

 private:
  const Clock& clock_;
  std::map<std::string, std::unique_ptr<Queue>> by_url_;
  std::map<std::string, Queue*, std::less<>> by_name_;
};

// The last path segment of a queue URL ("https://host/123/orders" -> "orders"); the whole
// text when it has no '/'.
std::string_view QueueNameOf(std::string_view url);

}  // namespace swell::sim
