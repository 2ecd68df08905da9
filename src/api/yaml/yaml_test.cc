#include <gtest/gtest.h>

#include "api/yaml/node.h"

namespace swell::yaml {
namespace {

TEST(Yaml, ResolvesLikeGoYamlV2) {
  EXPECT_EQ(ResolvePlain(""), ScalarType::kNull);
  EXPECT_EQ(ResolvePlain("~"), ScalarType::kNull);
  EXPECT_EQ(ResolvePlain("yes"), ScalarType::kBool);
  EXPECT_EQ(ResolvePlain("Off"), ScalarType::kBool);
  EXPECT_EQ(ResolvePlain("y"), ScalarType::kBool);
  EXPECT_EQ(ResolvePlain("10"), ScalarType::kInt);
  EXPECT_EQ(ResolvePlain("-0x1F"), ScalarType::kInt);
  EXPECT_EQ(ResolvePlain("1_000"), ScalarType::kInt);
  EXPECT_EQ(ResolvePlain("0777"), ScalarType::kInt);
  EXPECT_EQ(ResolvePlain("08"), ScalarType::kFloat);
  EXPECT_EQ(ResolvePlain("1.5e3"), ScalarType::kFloat);
  EXPECT_EQ(ResolvePlain(".inf"), ScalarType::kFloat);
  EXPECT_EQ(ResolvePlain("100m"), ScalarType::kString);
  EXPECT_EQ(ResolvePlain("1Gi"), ScalarType::kString);
  EXPECT_EQ(ResolvePlain("30s"), ScalarType::kString);
  EXPECT_EQ(ResolvePlain("1e"), ScalarType::kString);
}

TEST(Yaml, MultiDocumentWithPositions) {
  auto r = Parse("a: 1\n---\n# only a comment\n---\nb:\n  - x\n  - y\n");
  ASSERT_EQ(r.error, nullptr);
  ASSERT_EQ(r.documents.size(), 3u);
  EXPECT_FALSE(r.documents[0].empty);
  EXPECT_TRUE(r.documents[1].empty);
  EXPECT_EQ(r.documents[2].index, 3);
  const Node* b = r.documents[2].root.Find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->item(1).value(), "y");
  EXPECT_EQ(b->item(1).mark().line, 7u);
  EXPECT_EQ(b->item(1).mark().column, 5u);
}

TEST(Yaml, SyntaxErrorHasLineAndColumn) {
  auto r = Parse("spec:\n  a: 1\n   b: 2\n");
  ASSERT_NE(r.error, nullptr);
  EXPECT_EQ(r.error->mark.line, 3u);
  EXPECT_NE(r.error->message.find("mapping values are not allowed"), std::string::npos)
      << r.error->message;
}

TEST(Yaml, NonScalarKeyIsAnError) {
  auto r = Parse("metadata:\n  name: {{.Name}}\n");
  ASSERT_NE(r.error, nullptr);
  EXPECT_EQ(r.error->mark.line, 2u);
  EXPECT_EQ(r.error->mark.column, 10u);
}

TEST(Yaml, DuplicateKeyKeepsLastValueAndWarns) {
  auto r = Parse("a: 1\nb: 2\na: 3\n");
  ASSERT_EQ(r.error, nullptr);
  const Document& d = r.documents[0];
  EXPECT_EQ(d.root.size(), 2u);
  EXPECT_EQ(d.root.Find("a")->value(), "3");
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_EQ(d.warnings[0].mark.line, 3u);
  EXPECT_NE(d.warnings[0].message.find("replaces the one at line 1"), std::string::npos);
}

TEST(Yaml, DuplicateKeyInLargeMapping) {
  std::string text;
  for (int i = 0; i < 40; i++) text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "k7: x\n";
  auto r = Parse(text);
  ASSERT_EQ(r.error, nullptr);
  EXPECT_EQ(r.documents[0].root.size(), 40u);
  EXPECT_EQ(r.documents[0].root.Find("k7")->value(), "x");
  EXPECT_EQ(r.documents[0].warnings.size(), 1u);
}

TEST(Yaml, AnchorsAliasesAndMergeKeys) {
  auto r = Parse("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\nlist: [*b]\n");
  ASSERT_EQ(r.error, nullptr);
  const Node& root = r.documents[0].root;
  EXPECT_EQ(root.Find("child")->Find("x")->value(), "1");
  EXPECT_EQ(root.Find("child")->Find("y")->value(), "3");
  EXPECT_EQ(root.Find("list")->item(0).Find("y")->value(), "2");
}

TEST(Yaml, AliasBombIsRejected) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; c++) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; i++) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
    prev = c;
  }
  auto r = Parse(text);
  ASSERT_NE(r.error, nullptr);
  EXPECT_NE(r.error->message.find("too many aliases"), std::string::npos);
}

TEST(Yaml, DeepNestingIsRejected) {
  std::string text(1000, '[');
  auto r = Parse(text);
  ASSERT_NE(r.error, nullptr);
}

TEST(Yaml, JsonInput) {
  auto r = Parse("{\"a\":1,\"b\":[true,null,\"x\\u00e9\"]}");
  ASSERT_EQ(r.error, nullptr);
  const Node& root = r.documents[0].root;
  EXPECT_EQ(root.Find("a")->Resolve(), ScalarType::kInt);
  EXPECT_EQ(root.Find("b")->item(2).value(), "x\xc3\xa9");
}

TEST(Yaml, EmitRoundTrips) {
  const char* text =
      "a: \"1\"\nb: [\"yes\", 'x: y', \"#c\", \"line\\nbreak\", -1, 2.5, null, true]\n"
      "c: {}\nd: []\ne:\n  - {k: v, l: [1]}\n  - [[a]]\n";
  auto r = Parse(text);
  ASSERT_EQ(r.error, nullptr);
  for (bool json : {false, true}) {
    std::string out = json ? EmitJson(r.documents[0].root) : EmitYaml(r.documents[0].root);
    auto again = Parse(out);
    ASSERT_EQ(again.error, nullptr) << out;
    EXPECT_TRUE(again.documents[0].root.Equals(r.documents[0].root)) << out;
  }
}

}  // namespace
}  // namespace swell::yaml

namespace swell::yaml {
namespace {

// Regression (found by the fuzzer): a YAML 1.1 octal int inside an opaque subtree was emitted
// to JSON as decimal and then compared unequal by spelling.
TEST(Yaml, EqualsComparesValuesNotSpellings) {
  auto a = Parse("{u: 0112, b: yes, f: 1e3, h: 0x1F}");
  auto b = Parse("{u: 74, b: true, f: 1000.0, h: 31}");
  ASSERT_EQ(a.error, nullptr);
  ASSERT_EQ(b.error, nullptr);
  EXPECT_TRUE(a.documents[0].root.Equals(b.documents[0].root));
  auto c = Parse("{u: 75, b: true, f: 1000.0, h: 31}");
  EXPECT_FALSE(a.documents[0].root.Equals(c.documents[0].root));
  std::string json = EmitJson(a.documents[0].root, -1);
  EXPECT_EQ(json, "{\"u\":74,\"b\":true,\"f\":1000.0,\"h\":31}");
}

// Regression (fuzzer): 0999 is not octal, so go-yaml reads it as the float 999; JSON must
// keep it a float.
TEST(Yaml, FloatThatLooksLikeAnIntStaysAFloat) {
  auto a = Parse("{u: 0999}");
  ASSERT_EQ(a.error, nullptr);
  EXPECT_EQ(a.documents[0].root.Find("u")->Resolve(), ScalarType::kFloat);
  std::string json = EmitJson(a.documents[0].root, -1);
  EXPECT_EQ(json, "{\"u\":999.0}");
  auto b = Parse(json);
  EXPECT_TRUE(b.documents[0].root.Equals(a.documents[0].root));
}

}  // namespace
}  // namespace swell::yaml

namespace swell::yaml {
namespace {

// Regression (found by the fuzzer in CI): libyaml reads YAML 1.1, where NEL (U+0085), LS
// (U+2028) and PS (U+2029) are line breaks. A "\N" escape decoded to a raw NEL, the emitter
// wrote it unescaped, and the re-parse folded it into a space.
TEST(Yaml, UnicodeLineBreaksSurviveEmit) {
  auto r = Parse("a: \"x\\Ny\\Lz\\Pw\"\nb: \"p\xc2\x85q\"\n");
  ASSERT_EQ(r.error, nullptr);
  EXPECT_EQ(r.documents[0].root.Find("a")->value(), "x\xc2\x85y\xe2\x80\xa8z\xe2\x80\xa9w");
  Node plain = Node::Mapping();
  plain.Add("k", Node::Scalar("m\xe2\x80\xa8n"));
  for (const Node* root :
       {static_cast<const Node*>(&r.documents[0].root), static_cast<const Node*>(&plain)}) {
    for (bool json : {false, true}) {
      std::string out = json ? EmitJson(*root) : EmitYaml(*root);
      auto again = Parse(out);
      ASSERT_EQ(again.error, nullptr) << out;
      EXPECT_TRUE(again.documents[0].root.Equals(*root)) << out;
    }
  }
}

}  // namespace
}  // namespace swell::yaml
