// YAML stream -> Node trees, on top of libyaml's event parser.
#include <yaml.h>

#include <cstring>
#include <map>
#include <unordered_set>

#include "api/yaml/node.h"

namespace swell::yaml {
namespace {

Mark ToMark(const yaml_mark_t& m) {
  return Mark{static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1)};
}

std::string ToString(const yaml_char_t* s) {
  return s == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(s));
}

ScalarStyle ToStyle(yaml_scalar_style_t s) {
  switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      return ScalarStyle::kSingleQuoted;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      return ScalarStyle::kDoubleQuoted;
    case YAML_LITERAL_SCALAR_STYLE:
      return ScalarStyle::kLiteral;
    case YAML_FOLDED_SCALAR_STYLE:
      return ScalarStyle::kFolded;
    default:
      return ScalarStyle::kPlain;
  }
}

// One open collection while building the tree.
struct Frame {
  Node node;
  std::string anchor;
  bool have_key = false;  // mappings: a key is waiting for its value
  Node pending_key;
  std::vector<Node> merges;                 // values of `<<` keys, applied at the end
  std::unordered_set<std::string> key_set;  // built lazily for large mappings
};

class Builder {
 public:
  Builder(std::string_view text, const ParseOptions& options) : text_(text), options_(options) {}

  ParseResult Run();

 private:
  // Hands a completed node to the open collection (or makes it the document root).
  bool Emit(Node node, const std::string& anchor);
  bool AddToMapping(Frame& f, Node node);
  bool ApplyMerges(Frame& f);
  bool Fail(Mark mark, std::string message);
  bool CountAndCheck(size_t n, Mark mark);

  std::string_view text_;
  const ParseOptions& options_;
  std::vector<Frame> stack_;
  struct Anchored {
    Node node;
    size_t count = 0;  // nodes in the subtree
  };
  std::map<std::string, Anchored, std::less<>> anchors_;
  std::vector<Document> docs_;
  Document current_;
  bool have_root_ = false;
  size_t node_count_ = 0;   // nodes in the tree, aliases expanded
  size_t alias_nodes_ = 0;  // of which came from aliases
  std::unique_ptr<ParseError> error_;
};

bool Builder::Fail(Mark mark, std::string message) {
  if (!error_) {
    error_ = std::make_unique<ParseError>();
    error_->mark = mark;
    error_->message = std::move(message);
    error_->document = current_.index;
  }
  return false;
}

bool Builder::CountAndCheck(size_t n, Mark mark) {
  node_count_ += n;
  if (node_count_ > options_.max_nodes) {
    return Fail(mark, "document expands to more than " + std::to_string(options_.max_nodes) +
                          " nodes (too many aliases?)");
  }
  return true;
}

bool Builder::AddToMapping(Frame& f, Node node) {
  if (!f.have_key) {
    if (!node.IsScalar()) {
      return Fail(node.mark(), "mapping key must be a scalar, found a " +
                                   std::string(node.IsMapping() ? "mapping" : "sequence") +
                                   " (an unquoted {placeholder} is a YAML mapping: quote it)");
    }
    f.pending_key = std::move(node);
    f.have_key = true;
    return true;
  }
  f.have_key = false;
  Node key = std::move(f.pending_key);
  if (key.style() == ScalarStyle::kPlain && key.value() == "<<" && key.tag() == Tag::kNone) {
    if (node.IsMapping()) {
      f.merges.push_back(std::move(node));
    } else if (node.IsSequence()) {
      for (size_t i = 0; i < node.size(); i++) {
        if (!node.item(i).IsMapping()) {
          return Fail(node.item(i).mark(), "merge key '<<' needs a mapping or a list of mappings");
        }
        f.merges.push_back(node.item(i));
      }
    } else {
      return Fail(node.mark(), "merge key '<<' needs a mapping or a list of mappings");
    }
    return true;
  }
  const size_t n = f.node.size();
  bool dup = false;
  if (n < 16) {
    dup = f.node.FindIndex(key.value()) >= 0;
  } else {
    if (f.key_set.empty()) {
      for (size_t i = 0; i < n; i++) f.key_set.insert(f.node.key(i).value());
    }
    dup = !f.key_set.insert(key.value()).second;
  }
  if (dup) {
    // go-yaml v2 (under kubectl) keeps the last value; strict decoding rejects the file.
    size_t i = static_cast<size_t>(f.node.FindIndex(key.value()));
    current_.warnings.push_back(
        {key.mark(), "duplicate key \"" + key.value() + "\": this value replaces the one at line " +
                         std::to_string(f.node.key(i).mark().line) +
                         " (kubectl --validate=strict rejects duplicate keys)"});
    f.node.mutable_val(i) = std::move(node);
    return true;
  }
  f.node.Add(std::move(key), std::move(node));
  return true;
}

bool Builder::ApplyMerges(Frame& f) {
  // Explicit keys win over merged ones; among merged mappings the first one wins.
  for (const Node& m : f.merges) {
    for (size_t i = 0; i < m.size(); i++) {
      if (f.node.FindIndex(m.key(i).value()) >= 0) continue;
      f.node.Add(m.key(i), m.val(i));
    }
  }
  f.merges.clear();
  return true;
}

bool Builder::Emit(Node node, const std::string& anchor) {
  if (!anchor.empty()) anchors_.insert_or_assign(anchor, Anchored{node, node.CountNodes()});
  if (stack_.empty()) {
    current_.root = std::move(node);
    have_root_ = true;
    return true;
  }
  Frame& top = stack_.back();
  if (top.node.IsSequence()) {
    top.node.Append(std::move(node));
    return true;
  }
  return AddToMapping(top, std::move(node));
}

ParseResult Builder::Run() {
  ParseResult result;
  if (text_.size() > options_.max_input_bytes) {
    Fail(Mark{1, 1}, "input is larger than " + std::to_string(options_.max_input_bytes) + " bytes");
    result.error = std::move(error_);
    return result;
  }
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()),
                               text_.size());
  bool done = false;
  int doc_index = 0;
  while (!done && !error_) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      std::string msg = parser.problem ? parser.problem : "syntax error";
      if (parser.context) {
        msg += " (";
        msg += parser.context;
        Mark c = ToMark(parser.context_mark);
        msg += " that starts at line " + std::to_string(c.line) + ", column " +
               std::to_string(c.column) + ")";
      }
      Fail(ToMark(parser.problem_mark), msg);
      break;
    }
    Mark mark = ToMark(ev.start_mark);
    switch (ev.type) {
      case YAML_STREAM_END_EVENT:
        done = true;
        break;
      case YAML_DOCUMENT_START_EVENT:
        current_ = Document();
        current_.index = ++doc_index;
        current_.start = mark;
        have_root_ = false;
        anchors_.clear();
        break;
      case YAML_DOCUMENT_END_EVENT:
        current_.empty = !have_root_ || current_.root.IsNull();
        docs_.push_back(std::move(current_));
        current_ = Document();
        break;
      case YAML_ALIAS_EVENT: {
        std::string name = ToString(ev.data.alias.anchor);
        auto it = anchors_.find(name);
        if (it == anchors_.end()) {
          Fail(mark, "unknown anchor '" + name + "' (or an alias inside its own anchor)");
          break;
        }
        alias_nodes_ += it->second.count;
        const size_t direct = node_count_ - (alias_nodes_ - it->second.count);
        if (alias_nodes_ > 100'000 && alias_nodes_ > 10 * direct) {
          Fail(mark,
               "aliases expand to more than 10x the document's own nodes (too many aliases?)");
          break;
        }
        if (!CountAndCheck(it->second.count, mark)) break;
        Node copy = it->second.node;
        copy.set_mark(mark);
        Emit(std::move(copy), "");
        break;
      }
      case YAML_SCALAR_EVENT: {
        if (!CountAndCheck(1, mark)) break;
        Node n = Node::Scalar(
            std::string(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length),
            ToStyle(ev.data.scalar.style), mark);
        if (ev.data.scalar.tag != nullptr) {
          n.set_tag(ParseTag(reinterpret_cast<const char*>(ev.data.scalar.tag)));
        }
        Emit(std::move(n), ToString(ev.data.scalar.anchor));
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (!CountAndCheck(1, mark)) break;
        if (stack_.size() >= options_.max_depth) {
          Fail(mark, "nesting deeper than " + std::to_string(options_.max_depth) + " levels");
          break;
        }
        Frame f;
        bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
        f.node = seq ? Node::Sequence(mark) : Node::Mapping(mark);
        f.anchor = ToString(seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor);
        stack_.push_back(std::move(f));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        if (f.node.IsMapping() && !f.merges.empty()) ApplyMerges(f);
        Emit(std::move(f.node), f.anchor);
        break;
      }
      default:
        break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  if (error_) {
    result.error = std::move(error_);
    return result;
  }
  result.documents = std::move(docs_);
  return result;
}

}  // namespace

ParseResult Parse(std::string_view text, const ParseOptions& options) {
  Builder b(text, options);
  return b.Run();
}

}  // namespace swell::yaml
