#include "sim/queue.h"

#include <gtest/gtest.h>

#include "sim/test_util.h"

namespace swell::sim {
namespace {

using testing::T0;

TEST(QueueTest, SendReceiveDelete) {
  Queue q("orders");
  q.Send(T0(), 3);
  EXPECT_EQ(q.visible(), 3);
  std::vector<ReceivedMessage> got = q.Receive(T0(), 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].handle, got[1].handle);
  EXPECT_EQ(got[0].receive_count, 1);
  EXPECT_EQ(got[0].sent, T0());
  EXPECT_EQ(q.visible(), 1);
  EXPECT_EQ(q.in_flight(), 2);
  EXPECT_TRUE(q.Delete(T0() + Seconds(1), got[0].handle));
  EXPECT_FALSE(q.Delete(T0() + Seconds(1), got[0].handle));  // already deleted
  EXPECT_FALSE(q.Delete(T0() + Seconds(1), 999));            // never issued
  EXPECT_EQ(q.in_flight(), 1);
  const QueueCounters& c = q.counters();
  EXPECT_EQ(c.sent, 3);
  EXPECT_EQ(c.received, 2);
  EXPECT_EQ(c.deleted, 1);
  EXPECT_EQ(c.redelivered, 0);
  EXPECT_EQ(c.delete_latency_max, Seconds(1));
}

TEST(QueueTest, ReceiveMoreThanVisibleReturnsWhatThereIs) {
  Queue q("orders");
  q.Send(T0(), 2);
  EXPECT_EQ(q.Receive(T0(), 10).size(), 2u);
  EXPECT_TRUE(q.Receive(T0(), 10).empty());
  EXPECT_FALSE(q.ReceiveOne(T0()).has_value());
}

TEST(QueueTest, VisibilityTimeoutRedelivers) {
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  q.Send(T0(), 1);
  ReceivedMessage first = *q.ReceiveOne(T0());
  q.Expire(T0() + Seconds(29));
  EXPECT_EQ(q.visible(), 0);
  EXPECT_EQ(q.in_flight(), 1);
  q.Expire(T0() + Seconds(30));  // the deadline itself: visible again
  EXPECT_EQ(q.visible(), 1);
  EXPECT_EQ(q.in_flight(), 0);
  EXPECT_EQ(q.counters().timed_out, 1);
  ReceivedMessage second = *q.ReceiveOne(T0() + Seconds(31));
  EXPECT_EQ(second.receive_count, 2);
  EXPECT_EQ(second.sent, T0());
  EXPECT_EQ(q.counters().redelivered, 1);
  // The first receipt is dead: a slow worker's delete fails.
  EXPECT_FALSE(q.Delete(T0() + Seconds(32), first.handle));
  EXPECT_TRUE(q.Delete(T0() + Seconds(32), second.handle));
}

TEST(QueueTest, DeleteAfterDeadlineFailsEvenWithoutExpire) {
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(10)});
  q.Send(T0(), 1);
  ReceivedMessage m = *q.ReceiveOne(T0());
  EXPECT_FALSE(q.Delete(T0() + Seconds(10), m.handle));
  EXPECT_EQ(q.visible(), 1);
}

TEST(QueueTest, ChangeVisibilityExtendsAndReleases) {
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  q.Send(T0(), 2);
  ReceivedMessage a = *q.ReceiveOne(T0());
  ReceivedMessage b = *q.ReceiveOne(T0());
  EXPECT_TRUE(q.ChangeVisibility(T0() + Seconds(20), a.handle, Seconds(60)));
  q.Expire(T0() + Seconds(40));
  EXPECT_EQ(q.in_flight(), 1);  // a extended to 80s; b timed out at 30s
  EXPECT_EQ(q.visible(), 1);
  EXPECT_TRUE(q.ChangeVisibility(T0() + Seconds(41), a.handle, Duration(0)));
  EXPECT_EQ(q.visible(), 2);
  EXPECT_EQ(q.in_flight(), 0);
  EXPECT_FALSE(q.ChangeVisibility(T0() + Seconds(42), b.handle, Seconds(5)));
  q.Expire(T0() + Seconds(100));  // the stale 80s deadline changes nothing
  EXPECT_EQ(q.visible(), 2);
  EXPECT_EQ(q.counters().timed_out, 1);
}

TEST(QueueTest, RedeliveredMessagesAreReceivedFirst) {
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(5)});
  q.Send(T0(), 1);
  q.ReceiveOne(T0());
  q.Send(T0() + Seconds(1), 10);
  ReceivedMessage m = *q.ReceiveOne(T0() + Seconds(6));
  EXPECT_EQ(m.sent, T0());
  EXPECT_EQ(m.receive_count, 2);
}

// Article: "ensure a Dead Letter Queue is configured to catch messages that fail repeatedly".
TEST(QueueTest, DeadLetterAfterMaxReceiveCount) {
  Queue dlq("orders-dlq");
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(10)});
  ASSERT_TRUE(q.SetDeadLetterQueue(&dlq, 3).ok());
  q.Send(T0(), 1);
  TimePoint t = T0();
  for (int i = 1; i <= 3; i++) {
    std::optional<ReceivedMessage> m = q.ReceiveOne(t);
    ASSERT_TRUE(m.has_value()) << "receive " << i;
    EXPECT_EQ(m->receive_count, i);
    t += Seconds(10);
  }
  // The third receipt timed out at 30s: the message moves instead of becoming visible.
  q.Expire(t);
  EXPECT_EQ(q.visible(), 0);
  EXPECT_EQ(q.in_flight(), 0);
  EXPECT_EQ(q.counters().dead_lettered, 1);
  EXPECT_EQ(dlq.visible(), 1);
  EXPECT_EQ(dlq.counters().sent, 1);
  EXPECT_EQ(dlq.OldestAge(t), Seconds(30));  // the age counts from the original send
}

TEST(QueueTest, ReadingTheDeadLetterQueueAppliesTheSourceTimeouts) {
  Queue dlq("orders-dlq");
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(10)});
  ASSERT_TRUE(q.SetDeadLetterQueue(&dlq, 1).ok());
  q.Send(T0(), 5);
  q.Receive(T0(), 5);
  EXPECT_EQ(dlq.NextTransition(), T0() + Seconds(10));
  EXPECT_EQ(dlq.Attributes(T0() + Seconds(10))["ApproximateNumberOfMessages"], "5");
  EXPECT_EQ(q.counters().dead_lettered, 5);
}

TEST(QueueTest, ReleasedMessagePastMaxReceiveCountIsDeadLettered) {
  Queue dlq("dlq");
  Queue q("orders");
  ASSERT_TRUE(q.SetDeadLetterQueue(&dlq, 1).ok());
  q.Send(T0(), 1);
  ReceivedMessage m = *q.ReceiveOne(T0());
  EXPECT_TRUE(q.ChangeVisibility(T0(), m.handle, Duration(0)));
  EXPECT_EQ(q.visible(), 0);
  EXPECT_EQ(dlq.visible(), 1);
}

TEST(QueueTest, RedrivePolicyIsChecked) {
  Queue a("a"), b("b");
  EXPECT_FALSE(a.SetDeadLetterQueue(&a, 3).ok());
  EXPECT_FALSE(a.SetDeadLetterQueue(&b, 0).ok());
  EXPECT_FALSE(a.SetDeadLetterQueue(nullptr, 3).ok());
  ASSERT_TRUE(a.SetDeadLetterQueue(&b, 3).ok());
  Status cycle = b.SetDeadLetterQueue(&a, 3);
  EXPECT_EQ(cycle.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(cycle.message().find("cycle"), std::string::npos);
}

TEST(QueueTest, DelayedMessagesBecomeVisibleAfterTheirDelay) {
  Queue q("orders", QueueOptions{.delay = Seconds(5)});
  q.Send(T0(), 4);               // the queue's DelaySeconds
  q.Send(T0(), 2, Seconds(20));  // per-message delay
  q.Send(T0(), 1, Duration(0));  // no delay
  EXPECT_EQ(q.visible(), 1);
  EXPECT_EQ(q.delayed(), 6);
  EXPECT_EQ(q.NextTransition(), T0() + Seconds(5));
  q.Expire(T0() + Seconds(5));
  EXPECT_EQ(q.visible(), 5);
  EXPECT_EQ(q.delayed(), 2);
  auto attrs = q.Attributes(T0() + Seconds(20));
  EXPECT_EQ(attrs["ApproximateNumberOfMessages"], "7");
  EXPECT_EQ(attrs["ApproximateNumberOfMessagesDelayed"], "0");
  EXPECT_EQ(q.NextTransition(), TimePoint::max());
}

TEST(QueueTest, OldestAgeCoversVisibleAndInFlight) {
  Queue q("orders", QueueOptions{.visibility_timeout = Minutes(5)});
  EXPECT_EQ(q.OldestAge(T0()), Duration(0));
  q.Send(T0(), 1);
  q.Send(T0() + Seconds(5), 1);
  EXPECT_EQ(q.OldestAge(T0() + Seconds(20)), Seconds(20));
  ReceivedMessage oldest = *q.ReceiveOne(T0() + Seconds(20));
  EXPECT_EQ(oldest.sent, T0());
  EXPECT_EQ(q.OldestAge(T0() + Seconds(20)), Seconds(20));  // in flight still counts
  EXPECT_TRUE(q.Delete(T0() + Seconds(20), oldest.handle));
  EXPECT_EQ(q.OldestAge(T0() + Seconds(20)), Seconds(15));
  EXPECT_EQ(q.Attributes(T0() + Seconds(20) + Milliseconds(999))["ApproximateAgeOfOldestMessage"],
            "15");
}

TEST(QueueTest, AttributesAreDecimalStrings) {
  Queue q("orders");
  q.Send(T0(), 200000);
  q.Send(T0(), 50, Seconds(60));
  q.Receive(T0() + Seconds(3), 100);
  std::map<std::string, std::string> want = {
      {"ApproximateNumberOfMessages", "199900"},
      {"ApproximateNumberOfMessagesNotVisible", "100"},
      {"ApproximateNumberOfMessagesDelayed", "50"},
      {"ApproximateAgeOfOldestMessage", "3"},
  };
  EXPECT_EQ(q.Attributes(T0() + Seconds(3)), want);
}

TEST(QueueTest, ListenersHearWhenMessagesBecomeVisible) {
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(10)});
  int calls = 0;
  int id = q.AddListener([&calls]() { calls++; });
  q.Send(T0(), 1, Seconds(5));
  EXPECT_EQ(calls, 0);  // delayed: not visible yet
  q.Expire(T0() + Seconds(5));
  EXPECT_EQ(calls, 1);
  q.ReceiveOne(T0() + Seconds(5));
  q.Expire(T0() + Seconds(15));  // timed out
  EXPECT_EQ(calls, 2);
  q.RemoveListener(id);
  q.Send(T0() + Seconds(16), 1);
  EXPECT_EQ(calls, 2);
}

TEST(QueueTest, ManyMessagesStayCheap) {
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  for (int i = 0; i < 200; i++) q.Send(T0() + Milliseconds(100 * i), 1000);
  EXPECT_EQ(q.visible(), 200000);
  TimePoint t = T0() + Minutes(1);
  int64_t deleted = 0;
  while (auto m = q.ReceiveOne(t)) {
    deleted += q.Delete(t, m->handle) ? 1 : 0;
  }
  EXPECT_EQ(deleted, 200000);
  EXPECT_EQ(q.visible(), 0);
  EXPECT_EQ(q.in_flight(), 0);
  EXPECT_EQ(q.counters().delete_latency_max, Minutes(1));
}

TEST(QueueTest, StaleDeadlinesDoNotLeakIntoNextTransition) {
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  q.Send(T0(), 2);
  ReceivedMessage a = *q.ReceiveOne(T0());
  q.ReceiveOne(T0() + Seconds(1));
  q.Delete(T0() + Seconds(2), a.handle);
  EXPECT_EQ(q.NextTransition(), T0() + Seconds(31));
}

TEST(SimSqsTest, FindsQueuesByUrlAndName) {
  FakeClock clock(T0());
  SimSqs sqs(clock);
  StatusOr<Queue*> q = sqs.CreateQueue("https://sqs.us-east-1.amazonaws.com/123456/orders");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)->name(), "orders");
  EXPECT_EQ(sqs.Find("https://sqs.us-east-1.amazonaws.com/123456/orders"), *q);
  EXPECT_EQ(sqs.Find("orders"), *q);
  EXPECT_EQ(sqs.Find("http://localhost:4566/000000000000/orders"), *q);
  EXPECT_EQ(sqs.Find("payments"), nullptr);
  EXPECT_EQ(sqs.CreateQueue("orders").status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(sqs.CreateQueue("").status().code(), StatusCode::kInvalidArgument);
}

// keda.md §5.1: the scaler asks for ApproximateNumberOfMessages (+NotVisible, +Delayed).
TEST(SimSqsTest, GetQueueAttributesReturnsTheRequestedNames) {
  FakeClock clock(T0());
  SimSqs sqs(clock);
  Queue* q = *sqs.CreateQueue("https://sqs.us-east-1.amazonaws.com/123456/orders");
  q->Send(T0(), 200);
  q->Receive(T0(), 100);
  q->Send(T0(), 50, Seconds(30));
  clock.Advance(Seconds(2));
  scalers::SqsRequest r;
  r.queue_url = "https://sqs.us-east-1.amazonaws.com/123456/orders";
  r.attribute_names = {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"};
  auto got = sqs.GetQueueAttributes(r);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::map<std::string, std::string> want = {{"ApproximateNumberOfMessages", "100"},
                                             {"ApproximateNumberOfMessagesNotVisible", "100"}};
  EXPECT_EQ(*got, want);
  r.attribute_names = {"All"};
  EXPECT_EQ(sqs.GetQueueAttributes(r)->size(), 4u);
  r.attribute_names = {"ApproximateNumberOfMessagez"};
  EXPECT_EQ(sqs.GetQueueAttributes(r).status().code(), StatusCode::kInvalidArgument);
}

TEST(SimSqsTest, UnknownQueueIsNotFound) {
  FakeClock clock(T0());
  SimSqs sqs(clock);
  scalers::SqsRequest r;
  r.queue_url = "https://sqs.us-east-1.amazonaws.com/123456/missing";
  r.credentials.secret_access_key = "do-not-print-me";
  Status s = sqs.GetQueueAttributes(r).status();
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_NE(s.message().find("AWS.SimpleQueueService.NonExistentQueue"), std::string::npos);
  EXPECT_EQ(s.message().find("do-not-print-me"), std::string::npos);
}

TEST(QueueNameOfTest, LastPathSegment) {
  EXPECT_EQ(QueueNameOf("https://sqs.us-east-1.amazonaws.com/123456/orders"), "orders");
  EXPECT_EQ(QueueNameOf("https://sqs.us-east-1.amazonaws.com/123456/orders/"), "orders");
  EXPECT_EQ(QueueNameOf("orders"), "orders");
}

}  // namespace
}  // namespace swell::sim
