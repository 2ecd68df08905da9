#include "api/codec.h"

#include <gtest/gtest.h>

#include "api/core/meta.h"

namespace swell::api {
namespace {

struct Inner {
  std::string name;
  int32_t count = 0;
  friend bool operator==(const Inner&, const Inner&) = default;
};
template <class V>
void Fields(V& v, Inner& t) {
  v("name", t.name, kRequired);
  v("count", t.count);
}

struct Outer {
  std::optional<int32_t> polling_interval;
  bool enabled = false;
  double ratio = 0;
  std::vector<Inner> items;
  StringMap metadata;
  RawNode extra;
  friend bool operator==(const Outer&, const Outer&) = default;
};
template <class V>
void Fields(V& v, Outer& t) {
  v("pollingInterval", t.polling_interval);
  v("enabled", t.enabled);
  v("ratio", t.ratio);
  v("items", t.items);
  v("metadata", t.metadata);
  v("extra", t.extra);
}

Outer DecodeText(std::string_view text, Diagnostics& diags) {
  auto parsed = yaml::Parse(text);
  EXPECT_EQ(parsed.error, nullptr) << parsed.error->message;
  Outer out;
  Decoder d(&diags);
  DecodeValue(parsed.documents.at(0).root, out, d);
  return out;
}

TEST(Codec, DecodesTypedFields) {
  Diagnostics diags;
  Outer o = DecodeText(
      "pollingInterval: 15\nenabled: true\nratio: 0.5\nitems:\n- name: a\n  count: 0x10\n"
      "metadata:\n  queueURL: https://x\nextra: {a: [1, 2]}\n",
      diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(o.polling_interval, 15);
  EXPECT_TRUE(o.enabled);
  EXPECT_DOUBLE_EQ(o.ratio, 0.5);
  ASSERT_EQ(o.items.size(), 1u);
  EXPECT_EQ(o.items[0].count, 16);
  EXPECT_EQ(o.metadata.at("queueURL"), "https://x");
  ASSERT_FALSE(o.extra.empty());
  EXPECT_TRUE(o.extra.get()->Find("a")->IsSequence());
}

TEST(Codec, UnknownFieldNamesPathAndSuggests) {
  Diagnostics diags;
  DecodeText("items:\n- name: a\n  cuont: 3\npollingInteval: 3\n", diags);
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_EQ(diags.items()[0].path, "items[0].cuont");
  EXPECT_EQ(diags.items()[0].message, "unknown field \"cuont\" (did you mean \"count\"?)");
  EXPECT_EQ(diags.items()[0].mark.line, 3u);
  EXPECT_EQ(diags.items()[0].mark.column, 3u);
  EXPECT_EQ(diags.items()[1].path, "pollingInteval");
}

TEST(Codec, WrongTypeNamesExpectedAndFound) {
  Diagnostics diags;
  DecodeText("pollingInterval: \"15\"\nitems: {a: 1}\n", diags);
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_EQ(diags.items()[0].path, "pollingInterval");
  EXPECT_EQ(diags.items()[0].message, "expected integer, found string \"15\"");
  EXPECT_EQ(diags.items()[1].message, "expected list, found object");
}

TEST(Codec, RequiredFieldMissing) {
  Diagnostics diags;
  DecodeText("items:\n- count: 1\n", diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].path, "items[0].name");
  EXPECT_EQ(diags.items()[0].rule, "decode/required");
}

TEST(Codec, UnquotedNumberInStringFieldWarns) {
  Diagnostics diags;
  Outer o = DecodeText("metadata:\n  targetValue: 1\n  flag: yes\n", diags);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(diags.warning_count(), 2u);
  EXPECT_EQ(o.metadata.at("targetValue"), "1");
}

TEST(Codec, Int32OutOfRange) {
  Diagnostics diags;
  DecodeText("pollingInterval: 4294967296\n", diags);
  EXPECT_TRUE(diags.HasRule("decode/range"));
}

TEST(Codec, RoundTripThroughYamlAndJson) {
  Diagnostics diags;
  Outer o = DecodeText(
      "pollingInterval: 0\nratio: 0.1\nitems:\n- name: \"yes\"\n- name: 'a: b'\n  count: -3\n"
      "metadata:\n  k: \"\"\n  \"a.b/c\": \"x # y\"\nextra:\n  nested: [true, null, \"1\"]\n",
      diags);
  ASSERT_TRUE(diags.empty());
  for (bool json : {false, true}) {
    yaml::Node n = EncodeValue(o);
    std::string text = json ? yaml::EmitJson(n) : yaml::EmitYaml(n);
    Diagnostics d2;
    Outer back = DecodeText(text, d2);
    EXPECT_TRUE(d2.empty()) << text;
    EXPECT_EQ(back, o) << text;
  }
}

TEST(Codec, TimeRoundTrip) {
  auto parsed = yaml::Parse("t: 2024-02-29T23:59:59.5+01:00\n");
  Diagnostics diags;
  Decoder d(&diags);
  Time t;
  DecodeValue(*parsed.documents[0].root.Find("t"), t, d);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(EncodeValue(t).value(), "2024-02-29T22:59:59.5Z");
}

}  // namespace
}  // namespace swell::api
