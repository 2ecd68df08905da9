// Go's time.ParseDuration (cases from Go's time_test.go parseDurationTests and
// parseDurationErrorTests) and Karpenter's NillableDuration (../shared/reference/karpenter.md
// §1.1 expireAfter / consolidateAfter).
#include "api/duration.h"

#include <gtest/gtest.h>

namespace swell::api {
namespace {

constexpr int64_t kMaxUs = 9223372036854776;  // (2^63-1) ns, rounded to microseconds

struct ParseCase {
  const char* in;
  int64_t want_us;
};

class GoDurationParse : public testing::TestWithParam<ParseCase> {};

TEST_P(GoDurationParse, Value) {
  StatusOr<Duration> d = ParseGoDuration(GetParam().in);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->count(), GetParam().want_us);
}

INSTANTIATE_TEST_SUITE_P(
    GoTable, GoDurationParse,
    testing::Values(
        // simple
        ParseCase{"0", 0}, ParseCase{"5s", 5000000}, ParseCase{"30s", 30000000},
        ParseCase{"1478s", 1478000000},
        // sign
        ParseCase{"-5s", -5000000}, ParseCase{"+5s", 5000000}, ParseCase{"-0", 0},
        ParseCase{"+0", 0},
        // decimal
        ParseCase{"5.0s", 5000000}, ParseCase{"5.6s", 5600000}, ParseCase{"5.s", 5000000},
        ParseCase{".5s", 500000}, ParseCase{"1.0s", 1000000}, ParseCase{"1.00s", 1000000},
        ParseCase{"1.004s", 1004000}, ParseCase{"1.0040s", 1004000},
        ParseCase{"100.00100s", 100001000},
        // different units
        ParseCase{"10ns", 0}, ParseCase{"11us", 11}, ParseCase{"12\xC2\xB5s", 12},  // U+00B5
        ParseCase{"12\xCE\xBCs", 12},                                               // U+03BC
        ParseCase{"13ms", 13000}, ParseCase{"14s", 14000000}, ParseCase{"15m", 900000000},
        ParseCase{"16h", 57600000000},
        // composite durations
        ParseCase{"3h30m", 12600000000}, ParseCase{"10.5s4m", 250500000},
        ParseCase{"-2m3.4s", -123400000}, ParseCase{"1h2m3s4ms5us6ns", 3723004005},
        ParseCase{"39h9m14.425s", 140954425000},
        // large value
        ParseCase{"52763797000ns", 52763797},
        // more than 9 digits after decimal point
        ParseCase{"0.3333333333333333333h", 1200000000},
        // 1<<53+1 cannot be stored precisely in a float64
        ParseCase{"9007199254740993ns", 9007199254741},
        // largest and most negative durations
        ParseCase{"9223372036854775807ns", kMaxUs}, ParseCase{"9223372036854775.807us", kMaxUs},
        ParseCase{"9223372036s854ms775us807ns", kMaxUs},
        ParseCase{"-9223372036854775808ns", -kMaxUs}, ParseCase{"-9223372036854775.808us", -kMaxUs},
        ParseCase{"-9223372036s854ms775us808ns", -kMaxUs},
        ParseCase{"-2562047h47m16.854775808s", -kMaxUs},
        // huge string
        ParseCase{"0.100000000000000000000h", 360000000},
        // the first overflow check in leadingFraction
        ParseCase{"0.830103483285477580700h", 2988372540}));

INSTANTIATE_TEST_SUITE_P(
    Swell, GoDurationParse,
    testing::Values(ParseCase{"1.5h", 5400000000}, ParseCase{"720h", 2592000000000},
                    ParseCase{"-1m", -60000000}, ParseCase{"1h0m0s", 3600000000},
                    ParseCase{"0s", 0}, ParseCase{"0h0m", 0}, ParseCase{"300ms", 300000},
                    ParseCase{"1m30s", 90000000}, ParseCase{"90m", 5400000000},
                    ParseCase{"0.000001s", 1},
                    // nanoseconds round to microseconds, half away from zero
                    ParseCase{"1500ns", 2}, ParseCase{"-1500ns", -2}, ParseCase{"1499ns", 1},
                    ParseCase{"500ns", 1}, ParseCase{"499ns", 0}, ParseCase{"-499ns", 0},
                    ParseCase{"1.0000005s", 1000001}, ParseCase{"1us500ns", 2}));

struct ErrorCase {
  const char* in;
  const char* message;
};

class GoDurationParseError : public testing::TestWithParam<ErrorCase> {};

TEST_P(GoDurationParseError, Message) {
  StatusOr<Duration> d = ParseGoDuration(GetParam().in);
  ASSERT_FALSE(d.ok()) << d->count();
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(d.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    GoTable, GoDurationParseError,
    testing::Values(
        ErrorCase{"", "time: invalid duration \"\""},
        ErrorCase{"3", "time: missing unit in duration \"3\""},
        ErrorCase{"-", "time: invalid duration \"-\""},
        ErrorCase{"s", "time: invalid duration \"s\""},
        ErrorCase{".", "time: invalid duration \".\""},
        ErrorCase{"-.", "time: invalid duration \"-.\""},
        ErrorCase{".s", "time: invalid duration \".s\""},
        ErrorCase{"+.s", "time: invalid duration \"+.s\""},
        ErrorCase{"1d", "time: unknown unit \"d\" in duration \"1d\""},
        ErrorCase{"\x85\x85", "time: invalid duration \"\x85\x85\""},
        ErrorCase{"\xff"
                  "ff",
                  "time: invalid duration \"\xff"
                  "ff\""},
        ErrorCase{"hello \xff"
                  "ff world",
                  "time: invalid duration \"hello \xff"
                  "ff world\""},
        ErrorCase{"9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""},
        ErrorCase{"9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\""},
        ErrorCase{"9223372036854ms775us808ns",
                  "time: invalid duration \"9223372036854ms775us808ns\""},
        ErrorCase{"-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\""},
        ErrorCase{"99999999999999999999s", "time: invalid duration \"99999999999999999999s\""},
        ErrorCase{"2562048h", "time: invalid duration \"2562048h\""}));

INSTANTIATE_TEST_SUITE_P(
    Swell, GoDurationParseError,
    testing::Values(ErrorCase{"1", "time: missing unit in duration \"1\""},
                    ErrorCase{"1x", "time: unknown unit \"x\" in duration \"1x\""},
                    ErrorCase{"h", "time: invalid duration \"h\""},
                    ErrorCase{"1h30", "time: missing unit in duration \"1h30\""},
                    ErrorCase{"1hh", "time: unknown unit \"hh\" in duration \"1hh\""},
                    ErrorCase{"1 h", "time: unknown unit \" h\" in duration \"1 h\""},
                    ErrorCase{"1H", "time: unknown unit \"H\" in duration \"1H\""},
                    ErrorCase{"1.5.5h", "time: missing unit in duration \"1.5.5h\""},
                    ErrorCase{"--1s", "time: invalid duration \"--1s\""},
                    ErrorCase{" 1s", "time: invalid duration \" 1s\""},
                    ErrorCase{"Never", "time: invalid duration \"Never\""}));

// ---- NillableDuration ------------------------------------------------------------------------

TEST(NillableDuration, ParseNeverAndDurations) {
  StatusOr<NillableDuration> never = ParseNillableDuration("Never");
  ASSERT_TRUE(never.ok());
  EXPECT_TRUE(never->IsNever());
  EXPECT_EQ(never->raw, "Never");
  StatusOr<NillableDuration> d = ParseNillableDuration("720h");
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->IsNever());
  EXPECT_EQ(d->value, Hours(720));
  EXPECT_EQ(d->raw, "720h");
  EXPECT_EQ(*d, NillableDuration::Of(Hours(720)));
  EXPECT_EQ(NillableDuration::Of(Hours(720)).raw, "720h0m0s");
  EXPECT_NE(*d, *never);
}

TEST(NillableDuration, ParseErrorsNameValueAndExpectedForms) {
  for (const char* s : {"never", "NEVER", "", "forever", "1d", "Never "}) {
    StatusOr<NillableDuration> d = ParseNillableDuration(s);
    ASSERT_FALSE(d.ok()) << s;
    EXPECT_NE(d.status().message().find("\"" + std::string(s) + "\""), std::string::npos)
        << d.status().message();
    EXPECT_NE(d.status().message().find("expected \"Never\" or a Go duration"), std::string::npos)
        << d.status().message();
  }
}

// ---- YAML decode / encode --------------------------------------------------------------------

struct Disruption {
  NillableDuration consolidate_after;
  std::optional<NillableDuration> expire_after;
  GoDuration grace;
  std::optional<GoDuration> duration;
  friend bool operator==(const Disruption&, const Disruption&) = default;
};
template <class V>
void Fields(V& v, Disruption& t) {
  v("consolidateAfter", t.consolidate_after);
  v("expireAfter", t.expire_after);
  v("terminationGracePeriod", t.grace);
  v("duration", t.duration);
}

Disruption DecodeText(std::string_view text, Diagnostics& diags) {
  auto parsed = yaml::Parse(text);
  EXPECT_EQ(parsed.error, nullptr) << text;
  Disruption out;
  if (parsed.error) return out;
  Decoder d(&diags);
  DecodeValue(parsed.documents.at(0).root, out, d);
  return out;
}

TEST(DurationDecode, KeepsRawAndValue) {
  Diagnostics diags;
  Disruption t = DecodeText(
      "consolidateAfter: 30s\nexpireAfter: Never\nterminationGracePeriod: \"1h30m\"\n"
      "duration: 1.5h\n",
      diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(t.consolidate_after.raw, "30s");
  EXPECT_EQ(t.consolidate_after.value, Seconds(30));
  ASSERT_TRUE(t.expire_after.has_value());
  EXPECT_TRUE(t.expire_after->IsNever());
  EXPECT_EQ(t.grace.raw, "1h30m");
  EXPECT_EQ(t.grace.value, Minutes(90));
  ASSERT_TRUE(t.duration.has_value());
  EXPECT_EQ(t.duration->raw, "1.5h");
  EXPECT_EQ(t.duration->value, Minutes(90));
}

TEST(DurationDecode, NullLeavesDefaults) {
  Diagnostics diags;
  Disruption t = DecodeText("consolidateAfter: null\nterminationGracePeriod: ~\n", diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(t, Disruption{});
  EXPECT_TRUE(IsZero(t.consolidate_after));
  EXPECT_TRUE(IsZero(t.grace));
}

TEST(DurationDecode, UnquotedNumberWarnsAndParses) {
  Diagnostics diags;
  Disruption t = DecodeText("consolidateAfter: 0\nterminationGracePeriod: 0\n", diags);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(diags.warning_count(), 2u);
  EXPECT_TRUE(diags.HasRule("decode/unquoted-string"));
  EXPECT_EQ(t.consolidate_after.value, Duration(0));
  EXPECT_EQ(t.grace.raw, "0");
}

struct DecodeErrorCase {
  const char* yaml;
  const char* path;
  const char* rule;
  const char* message;  // substring
};

class DurationDecodeError : public testing::TestWithParam<DecodeErrorCase> {};

TEST_P(DurationDecodeError, Reports) {
  Diagnostics diags;
  DecodeText(GetParam().yaml, diags);
  ASSERT_EQ(diags.error_count(), 1u);
  const Diagnostic& d = diags.items().back();
  EXPECT_EQ(d.path, GetParam().path);
  EXPECT_EQ(d.rule, GetParam().rule);
  EXPECT_NE(d.message.find(GetParam().message), std::string::npos) << d.message;
}

INSTANTIATE_TEST_SUITE_P(
    All, DurationDecodeError,
    testing::Values(
        DecodeErrorCase{"consolidateAfter: never\n", "consolidateAfter", "decode/duration",
                        "time: invalid duration \"never\"; expected \"Never\" or a Go duration"},
        DecodeErrorCase{"expireAfter: 30d\n", "expireAfter", "decode/duration",
                        "unknown unit \"d\" in duration \"30d\"; expected \"Never\""},
        DecodeErrorCase{"terminationGracePeriod: 1x\n", "terminationGracePeriod", "decode/duration",
                        "time: unknown unit \"x\" in duration \"1x\"; expected a Go duration"},
        DecodeErrorCase{"duration: \"\"\n", "duration", "decode/duration",
                        "time: invalid duration \"\""},
        DecodeErrorCase{"terminationGracePeriod: 10\n", "terminationGracePeriod", "decode/duration",
                        "missing unit in duration \"10\""},
        DecodeErrorCase{"terminationGracePeriod: Never\n", "terminationGracePeriod",
                        "decode/duration", "invalid duration \"Never\""},
        DecodeErrorCase{"consolidateAfter: [30s]\n", "consolidateAfter", "decode/type",
                        "expected duration string or \"Never\", found list"},
        DecodeErrorCase{"terminationGracePeriod: {a: 1}\n", "terminationGracePeriod", "decode/type",
                        "expected duration string, found object"}));

TEST(DurationEncode, ReEmitsRaw) {
  EXPECT_EQ(EncodeValue(GoDuration{"90m", Minutes(90)}).value(), "90m");
  EXPECT_EQ(EncodeValue(GoDuration{"", Seconds(90)}).value(), "1m30s");
  EXPECT_EQ(EncodeValue(NillableDuration::Never()).value(), "Never");
  EXPECT_EQ(EncodeValue(NillableDuration{"720h", Hours(720)}).value(), "720h");
  EXPECT_EQ(EncodeValue(NillableDuration{"", Hours(1)}).value(), "1h0m0s");
  EXPECT_EQ(EncodeValue(NillableDuration{}).value(), "Never");  // Karpenter MarshalJSON
  EXPECT_EQ(EncodeValue(NillableDuration::Never()).style(), yaml::ScalarStyle::kDoubleQuoted);
}

TEST(DurationEncode, RoundTripThroughYamlAndJson) {
  Diagnostics diags;
  Disruption t = DecodeText(
      "consolidateAfter: 0s\nexpireAfter: 720h\nterminationGracePeriod: 48h\n"
      "duration: 10m\n",
      diags);
  ASSERT_TRUE(diags.empty());
  for (bool json : {false, true}) {
    yaml::Node n = EncodeValue(t);
    std::string text = json ? yaml::EmitJson(n) : yaml::EmitYaml(n);
    Diagnostics d2;
    Disruption back = DecodeText(text, d2);
    EXPECT_TRUE(d2.empty()) << text;
    EXPECT_EQ(back, t) << text;
    EXPECT_EQ(back.expire_after->raw, "720h") << text;
    EXPECT_EQ(back.consolidate_after.raw, "0s") << text;
    EXPECT_EQ(back.grace.raw, "48h") << text;
  }
}

}  // namespace
}  // namespace swell::api
