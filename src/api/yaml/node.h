// A YAML/JSON document tree with source positions. Parsing is done by libyaml (parse.cc);
// this tree is what the typed decoder (api/codec.h) walks, and what the encoder builds before
// emitting YAML or JSON text (emit.cc).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace swell::yaml {

// A 1-based position in the source text; line 0 means "unknown" (e.g. a node built in code).
struct Mark {
  uint32_t line = 0;
  uint32_t column = 0;
  friend bool operator==(const Mark&, const Mark&) = default;
};

enum class NodeKind : uint8_t { kScalar, kSequence, kMapping };

// How a scalar was written. Only kPlain scalars are subject to type resolution (null, bool,
// int, float); every other style is a string.
enum class ScalarStyle : uint8_t { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral, kFolded };

// The type a scalar resolves to, following go-yaml v2 (which sigs.k8s.io/yaml and therefore
// kubectl use): YAML 1.1 booleans (true/yes/on/y ...), ints in decimal, 0x, 0o and 0b forms,
// floats including .inf/.nan, and null/~/empty.
enum class ScalarType : uint8_t { kNull, kBool, kInt, kFloat, kString };

// An explicit tag on a scalar. Standard tags (!!str, !!int, ...) decide the type; the
// non-specific "!" makes a string; any other tag (e.g. !Ref) is kept only as "other" and the
// text resolves as if untagged.
enum class Tag : uint8_t { kNone, kStr, kNull, kBool, kInt, kFloat, kNonSpecific, kOther };

// Maps a tag as libyaml reports it ("tag:yaml.org,2002:str", "!", "!Ref") to a Tag.
Tag ParseTag(std::string_view tag);

class Node {
 public:
  Node() = default;
  static Node Scalar(std::string value, ScalarStyle style = ScalarStyle::kPlain, Mark mark = {});
  static Node Sequence(Mark mark = {});
  static Node Mapping(Mark mark = {});

  NodeKind kind() const { return kind_; }
  bool IsScalar() const { return kind_ == NodeKind::kScalar; }
  bool IsSequence() const { return kind_ == NodeKind::kSequence; }
  bool IsMapping() const { return kind_ == NodeKind::kMapping; }
  Mark mark() const { return mark_; }
  void set_mark(Mark m) { mark_ = m; }

  // Scalars. value() is the text after unescaping; tag() is the explicit tag, if any.
  const std::string& value() const { return value_; }
  ScalarStyle style() const { return style_; }
  Tag tag() const { return tag_; }
  void set_tag(Tag tag) { tag_ = tag; }
  // The resolved type of a scalar (explicit standard tags win over the text).
  ScalarType Resolve() const;
  bool IsNull() const { return IsScalar() && Resolve() == ScalarType::kNull; }

  // Sequences.
  size_t size() const {
    return kind_ == NodeKind::kMapping ? children_.size() / 2 : children_.size();
  }
  const Node& item(size_t i) const { return children_[i]; }
  void Append(Node n) { children_.push_back(std::move(n)); }

  // Mappings: keys are scalars (the parser rejects anything else), kept in source order.
  const Node& key(size_t i) const { return children_[2 * i]; }
  const Node& val(size_t i) const { return children_[2 * i + 1]; }
  Node& mutable_val(size_t i) { return children_[2 * i + 1]; }
  // Returns the value for `key`, or nullptr.
  const Node* Find(std::string_view key) const;
  // Returns the index of `key`, or -1.
  int FindIndex(std::string_view key) const;
  void Add(std::string key, Node value);
  void Add(Node key, Node value);

  // Structural equality: kind, scalar value, resolved type and children; marks, styles that
  // resolve the same, and tags that resolve the same are ignored.
  bool Equals(const Node& other) const;
  // Number of nodes in this subtree (1 for a scalar).
  size_t CountNodes() const;

 private:
  NodeKind kind_ = NodeKind::kScalar;
  ScalarStyle style_ = ScalarStyle::kPlain;
  Tag tag_ = Tag::kNone;
  Mark mark_;
  std::string value_;
  std::vector<Node> children_;  // sequence items, or mapping key/value pairs interleaved
};

// Resolves plain scalar text the way go-yaml v2 does (see ScalarType).
ScalarType ResolvePlain(std::string_view text);

// Parses the text of a kInt scalar as go-yaml does (underscores dropped; decimal, 0x, 0o, 0b,
// leading-0 octal; optional sign). False on syntax error or int64 overflow.
bool ParseIntScalar(std::string_view text, int64_t* out);
// The boolean value of a kBool scalar (true for y/yes/on/true in any of their spellings).
bool BoolScalarValue(std::string_view text);

// A problem the parser recovered from (e.g. a duplicate key: the last value wins, as in
// go-yaml v2).
struct ParseWarning {
  Mark mark;
  std::string message;
};

// One document of a multi-document stream.
struct Document {
  int index = 0;      // 1-based position in the stream, counting empty documents
  Mark start;         // where the document starts
  bool empty = true;  // a document with no content (e.g. only comments)
  Node root;
  std::vector<ParseWarning> warnings;
};

// Parser limits; inputs beyond them are rejected with a clear error, never a crash.
struct ParseOptions {
  size_t max_depth = 200;               // nesting of sequences/mappings. Default: 200
  size_t max_nodes = 4'000'000;         // nodes after alias expansion. Default: 4M
  size_t max_input_bytes = 256u << 20;  // Default: 256 MiB
};

// A syntax error with the position libyaml reported.
struct ParseError {
  Mark mark;
  std::string message;
  int document = 0;  // 1-based document the error is in (0 if before any)
};

// Parses a YAML stream (JSON is accepted: it is YAML flow style). Anchors and aliases are
// expanded; `<<` merge keys are applied; non-scalar keys are errors; a duplicate key keeps
// the last value and adds a warning to its document.
// On failure returns the ParseError; the successfully parsed documents before it are lost.
struct ParseResult {
  std::vector<Document> documents;
  std::unique_ptr<ParseError> error;  // null on success
};
ParseResult Parse(std::string_view text, const ParseOptions& options = {});

// Emits a node as block-style YAML (strings quoted only when needed), ending in '\n'.
std::string EmitYaml(const Node& node);
// Emits a node as JSON. indent < 0 gives compact output.
std::string EmitJson(const Node& node, int indent = 2);
// Appends s as a JSON string literal (with quotes and escapes) to out.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace swell::yaml
