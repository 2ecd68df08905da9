// Typed decoding and encoding over yaml::Node, driven by one field list per struct.
//
// Every API struct declares its wire fields once, next to its definition:
//
//   template <class V> void Fields(V& v, ScaleTarget& t) {
//     v("name", t.name, kRequired);
//     v("apiVersion", t.api_version);
//   }
//
// The same list drives the strict decoder (unknown fields are errors naming the field path,
// wrong types name expected and found), the encoder (YAML/JSON out), and nothing else: so
// decode(encode(x)) == x holds by construction. Semantics follow Kubernetes' JSON decoding:
//   - a missing field or an explicit null leaves the C++ default (std::nullopt, "", 0, {});
//   - std::optional<T> records presence, for fields whose default matters (pollingInterval);
//   - integers must be integers (a quoted "5" is a string, as kubectl says);
//   - a plain scalar that YAML resolves to a number/bool where a string is expected is taken
//     verbatim with a warning, since the API server would reject it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "api/diagnostics.h"
#include "api/yaml/node.h"

namespace swell::api {

// Field flags.
inline constexpr unsigned kRequired = 1u;  // missing => error "Required value"
inline constexpr unsigned kSecret = 2u;    // values never appear in diagnostics

// An opaque subtree kept verbatim: Kubernetes fields swell does not interpret (probes,
// volumes, securityContext, ...). Decoding accepts any shape; encoding re-emits it.
class RawNode {
 public:
  RawNode() = default;
  explicit RawNode(yaml::Node n) : node_(std::make_shared<const yaml::Node>(std::move(n))) {}
  bool empty() const { return node_ == nullptr; }
  const yaml::Node* get() const { return node_.get(); }
  friend bool operator==(const RawNode& a, const RawNode& b) {
    if (a.empty() || b.empty()) return a.empty() == b.empty();
    return a.node_->Equals(*b.node_);
  }

 private:
  std::shared_ptr<const yaml::Node> node_;
};

// A string-to-string map that keeps source order (KEDA trigger metadata, Secret data).
using StringMap = std::map<std::string, std::string, std::less<>>;

// Walks a Node tree into typed values. Diagnostics carry the field path relative to the
// object root, e.g. "spec.triggers[0].metadata".
class Decoder {
 public:
  explicit Decoder(Diagnostics* diags) : diags_(diags) {}

  void Error(const yaml::Node& at, std::string message, std::string rule);
  void Warning(const yaml::Node& at, std::string message, std::string rule);
  void TypeError(const yaml::Node& at, std::string_view expected);

  const std::string& path() const { return path_; }
  // RAII path segment: Decoder::Push p(d, "spec");
  class Push {
   public:
    Push(Decoder& d, std::string_view key) : d_(d), len_(d.path_.size()) { d.AppendKey(key); }
    Push(Decoder& d, size_t index) : d_(d), len_(d.path_.size()) { d.AppendIndex(index); }
    ~Push() { d_.path_.resize(len_); }
    Push(const Push&) = delete;
    Push& operator=(const Push&) = delete;

   private:
    Decoder& d_;
    size_t len_;
  };

  bool secret() const { return secret_depth_ > 0; }
  void EnterSecret() { secret_depth_++; }
  void LeaveSecret() { secret_depth_--; }

 private:
  void AppendKey(std::string_view key);
  void AppendIndex(size_t index);

  Diagnostics* diags_;
  std::string path_;
  int secret_depth_ = 0;
};

// Appends a path segment: ".key", or ["key"] when the key is not a simple identifier.
void AppendPathKey(std::string& path, std::string_view key);

class StructDecoder;
class StructEncoder;
template <class T>
concept HasFields = requires(StructDecoder& v, T& t) {
  Fields(v, t);
};
template <class T>
concept HasEncodableFields = requires(StructEncoder& v, T& t) {
  Fields(v, t);
};

// Structs with a field list (defined below; declared first so containers of structs resolve).
template <HasFields T>
void DecodeValue(const yaml::Node& n, T& out, Decoder& d);
template <HasEncodableFields T>
yaml::Node EncodeValue(const T& v);
template <HasEncodableFields T>
bool IsZero(const T& v);
// Containers, declared first so that nested containers of std types resolve (ADL does not
// find swell::api for e.g. std::optional<std::map<std::string, std::string>>).
template <class T>
yaml::Node EncodeValue(const std::vector<T>& v);
template <class T>
yaml::Node EncodeValue(const std::map<std::string, T, std::less<>>& v);

// ---- decoding of scalars and containers ---------------------------------------------------

void DecodeValue(const yaml::Node& n, std::string& out, Decoder& d);
void DecodeValue(const yaml::Node& n, bool& out, Decoder& d);
void DecodeValue(const yaml::Node& n, int32_t& out, Decoder& d);
void DecodeValue(const yaml::Node& n, int64_t& out, Decoder& d);
void DecodeValue(const yaml::Node& n, double& out, Decoder& d);
void DecodeValue(const yaml::Node& n, RawNode& out, Decoder& d);

template <class T>
void DecodeValue(const yaml::Node& n, std::optional<T>& out, Decoder& d) {
  if (n.IsNull()) {
    out.reset();
    return;
  }
  out.emplace();
  DecodeValue(n, *out, d);
}

template <class T>
void DecodeValue(const yaml::Node& n, std::vector<T>& out, Decoder& d) {
  out.clear();
  if (n.IsNull()) return;
  if (!n.IsSequence()) return d.TypeError(n, "list");
  out.resize(n.size());
  for (size_t i = 0; i < n.size(); i++) {
    Decoder::Push p(d, i);
    DecodeValue(n.item(i), out[i], d);
  }
}

template <class T>
void DecodeValue(const yaml::Node& n, std::map<std::string, T, std::less<>>& out, Decoder& d) {
  out.clear();
  if (n.IsNull()) return;
  if (!n.IsMapping()) return d.TypeError(n, "map");
  for (size_t i = 0; i < n.size(); i++) {
    Decoder::Push p(d, n.key(i).value());
    DecodeValue(n.val(i), out[n.key(i).value()], d);
  }
}

// Visits a struct's field list to decode it from a mapping.
class StructDecoder {
 public:
  StructDecoder(const yaml::Node& map, Decoder& d) : map_(map), d_(d), used_(map.size(), false) {}

  template <class T>
  void operator()(std::string_view key, T& field, unsigned flags = 0) {
    int i = map_.FindIndex(key);
    if (i < 0) {
      if (flags & kRequired) MissingRequired(key);
      return;
    }
    used_[static_cast<size_t>(i)] = true;
    Decoder::Push p(d_, key);
    if (flags & kSecret) d_.EnterSecret();
    DecodeValue(map_.val(static_cast<size_t>(i)), field, d_);
    if (flags & kSecret) d_.LeaveSecret();
  }

  // Accepts `alias` as a misspelling of field `real` that upstream documentation uses (e.g.
  // KEDA's docs write `pki_data` for `pkiData`): decodes it into `field` with a warning that
  // the API server would not accept it. Call after the real field.
  template <class T>
  void Alias(std::string_view alias, std::string_view real, T& field) {
    int i = map_.FindIndex(alias);
    if (i < 0) return;
    used_[static_cast<size_t>(i)] = true;
    Decoder::Push p(d_, alias);
    AliasWarning(map_.key(static_cast<size_t>(i)), alias, real);
    if (map_.FindIndex(real) < 0) DecodeValue(map_.val(static_cast<size_t>(i)), field, d_);
  }

  // Reports every key the field list did not name as an unknown field; `names` lists the
  // struct's field names (collected only when there is an unknown field, for suggestions).
  template <class T>
  void Finish(T& obj) {
    if (std::find(used_.begin(), used_.end(), false) == used_.end()) return;
    FieldNames names;
    Fields(names, obj);
    ReportUnknown(names.names);
  }

 private:
  // Collects a field list's names.
  struct FieldNames {
    std::vector<std::string_view> names;
    template <class T>
    void operator()(std::string_view key, T&, unsigned = 0) {
      names.push_back(key);
    }
    template <class T>
    void Alias(std::string_view, std::string_view, T&) {}
  };

  void MissingRequired(std::string_view key);
  void AliasWarning(const yaml::Node& key, std::string_view alias, std::string_view real);
  void ReportUnknown(const std::vector<std::string_view>& known);

  const yaml::Node& map_;
  Decoder& d_;
  std::vector<bool> used_;
};

template <HasFields T>
void DecodeValue(const yaml::Node& n, T& out, Decoder& d) {
  if (n.IsNull()) return;
  if (!n.IsMapping()) return d.TypeError(n, "object");
  StructDecoder v(n, d);
  Fields(v, out);
  v.Finish(out);
}

// ---- encoding ------------------------------------------------------------------------------

yaml::Node EncodeValue(const std::string& v);
yaml::Node EncodeValue(bool v);
yaml::Node EncodeValue(int32_t v);
yaml::Node EncodeValue(int64_t v);
yaml::Node EncodeValue(double v);
yaml::Node EncodeValue(const RawNode& v);

inline bool IsZero(const std::string& v) { return v.empty(); }
inline bool IsZero(bool v) { return !v; }
inline bool IsZero(int32_t v) { return v == 0; }
inline bool IsZero(int64_t v) { return v == 0; }
inline bool IsZero(double v) { return v == 0; }
inline bool IsZero(const RawNode& v) { return v.empty(); }
template <class T>
bool IsZero(const std::optional<T>& v) {
  return !v.has_value();
}
template <class T>
bool IsZero(const std::vector<T>& v) {
  return v.empty();
}
template <class T>
bool IsZero(const std::map<std::string, T, std::less<>>& v) {
  return v.empty();
}

template <class T>
yaml::Node EncodeValue(const std::optional<T>& v) {
  return v ? EncodeValue(*v) : yaml::Node::Scalar("null");
}

template <class T>
yaml::Node EncodeValue(const std::vector<T>& v) {
  yaml::Node n = yaml::Node::Sequence();
  for (const auto& item : v) n.Append(EncodeValue(item));
  return n;
}

template <class T>
yaml::Node EncodeValue(const std::map<std::string, T, std::less<>>& v) {
  yaml::Node n = yaml::Node::Mapping();
  for (const auto& [k, item] : v) n.Add(k, EncodeValue(item));
  return n;
}

// Visits a struct's field list to encode it. Zero values are omitted (Go's omitempty)
// unless the field is required; optionals are emitted when engaged.
class StructEncoder {
 public:
  explicit StructEncoder(yaml::Node& out) : out_(out) {}
  template <class T>
  void operator()(std::string_view key, const T& field, unsigned flags = 0) {
    if (!(flags & kRequired) && IsZero(field)) return;
    out_.Add(std::string(key), EncodeValue(field));
  }
  // Aliases are read-only: the real field name is always written.
  template <class T>
  void Alias(std::string_view, std::string_view, const T&) {}

 private:
  yaml::Node& out_;
};

template <HasEncodableFields T>
bool IsZero(const T& v) {
  return v == T{};
}

template <HasEncodableFields T>
yaml::Node EncodeValue(const T& v) {
  yaml::Node n = yaml::Node::Mapping();
  StructEncoder e(n);
  // The field list takes a mutable reference so one list serves decode and encode; the
  // encoder only reads.
  Fields(e, const_cast<T&>(v));
  return n;
}

}  // namespace swell::api
