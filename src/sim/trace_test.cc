#include "sim/trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim/rng.h"
#include "sim/test_util.h"

namespace swell::sim {
namespace {

using testing::TracePath;

TEST(TraceTest, LoadsTheAzureLlmCodeTrace) {
  StatusOr<Trace> t = LoadTrace(TracePath("azure-llm-2023-code.csv"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->kind, TraceKind::kRequests);
  EXPECT_EQ(t->total(), 8819);
  EXPECT_EQ(t->times[0], Duration(0));
  // Rows 2 and 3: 18:17:03.9799600 then 18:17:04.0319600.
  EXPECT_EQ(t->times[1], Milliseconds(52));
  EXPECT_TRUE(std::is_sorted(t->times.begin(), t->times.end()));
  EXPECT_GT(t->span(), Minutes(55));
  EXPECT_LT(t->span(), Minutes(60));
}

TEST(TraceTest, LoadsTheAzureLlmConversationTrace) {
  StatusOr<Trace> t = LoadTrace(TracePath("azure-llm-2023-conv.csv"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->total(), 19366);
  EXPECT_GT(t->span(), Minutes(55));
}

TEST(TraceTest, LoadsTheBusiestQueueTriggeredFunction) {
  StatusOr<Trace> t = LoadTrace(TracePath("azure-functions-2019-sample-invocations.csv"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->kind, TraceKind::kCounts);
  EXPECT_EQ(t->counts.size(), 1440u);
  EXPECT_EQ(t->bin, Minutes(1));
  EXPECT_EQ(t->total(), 1150);  // row 0, the busiest of the three queue rows
  EXPECT_EQ(t->span(), Hours(24));
}

TEST(TraceTest, SelectsRowsOfTheCountsTrace) {
  const std::string path = TracePath("azure-functions-2019-sample-invocations.csv");
  struct Case {
    TraceOptions options;
    int64_t total;
  } cases[] = {
      {TraceOptions{.row = 1}, 1125},
      {TraceOptions{.row = 3}, 1125},  // an index ignores the trigger filter
      {TraceOptions{.sum_rows = true}, 3400},
      {TraceOptions{.sum_rows = true, .trigger = ""}, 4525},
      {TraceOptions{.trigger = "timer"}, 1125},
  };
  for (const Case& c : cases) {
    StatusOr<Trace> t = LoadTrace(path, c.options);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_EQ(t->total(), c.total) << "row " << c.options.row << " trigger " << c.options.trigger;
  }
  EXPECT_FALSE(LoadTrace(path, TraceOptions{.row = 4}).ok());
  Status none = LoadTrace(path, TraceOptions{.trigger = "http"}).status();
  EXPECT_NE(none.message().find("no row with Trigger \"http\""), std::string::npos);
}

TEST(TraceTest, MissingFileIsNotFound) {
  EXPECT_TRUE(LoadTrace("/nonexistent/trace.csv").status().IsNotFound());
}

TEST(TraceTest, AcceptsCrlfAndSortsRequests) {
  StatusOr<Trace> t = ParseTrace(
      "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
      "2023-11-16 18:00:02,1,1\r\n"
      "2023-11-16 18:00:00.5,1,1\r\n"
      "\r\n"
      "2023-11-16T18:00:01Z,1,1",
      "t.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::vector<Duration> want = {Duration(0), Milliseconds(500), Milliseconds(1500)};
  EXPECT_EQ(t->times, want);
}

TEST(TraceTest, MalformedInputNamesFileLineAndColumn) {
  const std::string counts_header = "HashOwner,HashApp,HashFunction,Trigger,1,2\n";
  struct Case {
    const char* name;
    std::string text;
    const char* want;  // substring of the message
  } cases[] = {
      {"empty", "", "t.csv: empty file"},
      {"unknown header", "time,count\n1,2\n", "t.csv:1:1: unknown trace format"},
      {"no rows", "TIMESTAMP,ContextTokens,GeneratedTokens\n", "t.csv: no data rows"},
      {"bad timestamp",
       "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,1,1\n2023-13-01 "
       "00:00:00,1,1\n",
       "t.csv:3:1: bad timestamp \"2023-13-01 00:00:00\""},
      {"bad day", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-02-30 00:00:00,1,1\n",
       "t.csv:2:1: bad timestamp"},
      {"bad tokens", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,12,x7\n",
       "t.csv:2:24: GeneratedTokens \"x7\""},
      {"negative tokens", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,-1,7\n",
       "t.csv:2:21: ContextTokens \"-1\""},
      {"short row", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00,1\n",
       "t.csv:2:1: expected 3 columns, found 2"},
      {"bad minute header", "HashOwner,HashApp,HashFunction,Trigger,1,3\na,b,c,queue,1,2\n",
       "t.csv:1:42: expected minute column \"2\""},
      {"bad fixed header", "HashOwner,App,HashFunction,Trigger,1\n", "t.csv:1:11: expected column"},
      {"no minutes", "HashOwner,HashApp,HashFunction,Trigger\n",
       "t.csv:1:1: expected at least one"},
      {"bad count", counts_header + "a,b,c,queue,1,2.5\n", "t.csv:2:15: minute 2 count \"2.5\""},
      {"huge count", counts_header + "a,b,c,queue,99999999999999999999,1\n", "t.csv:2:13:"},
      {"long row", counts_header + "a,b,c,queue,1,2,3\n", "t.csv:2:1: expected 6 columns"},
  };
  for (const Case& c : cases) {
    StatusOr<Trace> t = ParseTrace(c.text, "t.csv");
    ASSERT_FALSE(t.ok()) << c.name;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(t.status().message().find(c.want), std::string::npos)
        << c.name << ": " << t.status().message();
  }
}

// Random byte edits of both formats: every result is a trace or an InvalidArgument.
TEST(TraceTest, MutatedInputNeverCrashes) {
  const std::string seeds[] = {
      "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 18:17:03.9799600,4808,10\r\n"
      "2023-11-16 18:17:04.0319600,3180,8",
      "HashOwner,HashApp,HashFunction,Trigger,1,2,3\nab,cd,ef,queue,5,0,7\nab,cd,eg,timer,1,1,1\n",
  };
  const char alphabet[] = "0123456789,.:- \r\nTZ-x";
  Rng rng(7, "trace-fuzz");
  for (int i = 0; i < 4000; i++) {
    std::string text = seeds[i % 2];
    for (int edits = static_cast<int>(rng.UniformInt(1, 4)); edits > 0; edits--) {
      const size_t at = static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(text.size())));
      const char c = alphabet[rng.UniformInt(0, sizeof(alphabet) - 2)];
      switch (rng.UniformInt(0, 2)) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = c;
      }
    }
    StatusOr<Trace> t = ParseTrace(text, "fuzz.csv");
    if (!t.ok()) {
      EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << text;
      EXPECT_EQ(t.status().message().rfind("fuzz.csv", 0), 0u) << t.status().message();
    }
  }
}

TEST(TraceTest, ParsesTimestamps) {
  TimePoint a, b;
  ASSERT_TRUE(ParseTraceTimestamp("2023-11-16 18:17:03.9799600", &a));
  ASSERT_TRUE(ParseTraceTimestamp("2023-11-16T18:17:03Z", &b));
  EXPECT_EQ(a - b, Duration(979960));  // the seventh fraction digit is dropped
  for (const char* bad : {"2023-11-16", "2023-11-16 24:00:00", "2023-11-16 18:17:03.",
                          "2023-11-16 18:17:03x", "23-11-16 18:17:03", "2023-11-16  18:17:03"}) {
    EXPECT_FALSE(ParseTraceTimestamp(bad, &a)) << bad;
  }
}

TEST(GaugeProfileTest, LinearAndStep) {
  std::vector<GaugePoint> points = {{Seconds(0), 0}, {Seconds(10), 100}, {Seconds(20), 50}};
  StatusOr<GaugeProfile> linear = GaugeProfile::Create(points);
  ASSERT_TRUE(linear.ok());
  EXPECT_DOUBLE_EQ(linear->ValueAt(Seconds(5)), 50);
  EXPECT_DOUBLE_EQ(linear->ValueAt(Seconds(15)), 75);
  EXPECT_DOUBLE_EQ(linear->ValueAt(Seconds(60)), 50);
  StatusOr<GaugeProfile> step = GaugeProfile::Create(points, GaugeShape::kStep);
  ASSERT_TRUE(step.ok());
  EXPECT_DOUBLE_EQ(step->ValueAt(Seconds(5)), 0);
  EXPECT_DOUBLE_EQ(step->ValueAt(Seconds(10)), 100);
  EXPECT_DOUBLE_EQ(step->ValueAt(Seconds(19)), 100);
  EXPECT_DOUBLE_EQ(GaugeProfile::Constant(7).ValueAt(Hours(3)), 7);
}

TEST(GaugeProfileTest, HoldsTheFirstValueBeforeTheFirstPoint) {
  StatusOr<GaugeProfile> g = GaugeProfile::Create({{Seconds(30), 80}, {Seconds(60), 20}});
  ASSERT_TRUE(g.ok());
  EXPECT_DOUBLE_EQ(g->ValueAt(Duration(0)), 80);
}

TEST(GaugeProfileTest, RejectsBadPoints) {
  EXPECT_FALSE(GaugeProfile::Create({}).ok());
  EXPECT_FALSE(GaugeProfile::Create({{Seconds(10), 1}, {Seconds(10), 2}}).ok());
  EXPECT_FALSE(GaugeProfile::Create({{Seconds(-1), 1}}).ok());
  EXPECT_FALSE(GaugeProfile::Create({{Seconds(0), std::nan("")}}).ok());
}

TEST(GaugeProfileTest, FromCountsIsAPerSecondRate) {
  Trace t;
  t.kind = TraceKind::kCounts;
  t.counts = {60, 120, 0};
  StatusOr<GaugeProfile> g = GaugeProfile::FromCounts(t, 0.5, 2);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_DOUBLE_EQ(g->ValueAt(Seconds(10)), 4);  // 60 per 30s, doubled
  EXPECT_DOUBLE_EQ(g->ValueAt(Seconds(30)), 8);
  EXPECT_DOUBLE_EQ(g->ValueAt(Seconds(61)), 0);
  Trace requests;
  EXPECT_FALSE(GaugeProfile::FromCounts(requests).ok());
}

}  // namespace
}  // namespace swell::sim
