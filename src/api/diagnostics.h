// Problems found while decoding, validating and linting objects. Each one names the field
// path inside its object and a stable rule id; the CLI adds file, document and object.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/yaml/node.h"

namespace swell::api {

// kInfo is for notes that are not problems (e.g. a kind swell skips).
enum class Severity : uint8_t { kError, kWarning, kInfo };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string path;     // e.g. "spec.triggers[0].metadata.queueLength"; "" = the whole object
  std::string message;  // plain language; never contains secret values
  std::string rule;     // stable id, e.g. "keda/replica-bounds" (see docs/validation.md)
  yaml::Mark mark;      // source position when known (line 0 = unknown)
};

class Diagnostics {
 public:
  void Error(std::string path, std::string message, std::string rule, yaml::Mark mark = {});
  void Warning(std::string path, std::string message, std::string rule, yaml::Mark mark = {});
  void Info(std::string path, std::string message, std::string rule, yaml::Mark mark = {});
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void Append(const Diagnostics& other);

  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  size_t info_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic>& mutable_items() { return items_; }
  bool empty() const { return items_.empty(); }
  // True if some diagnostic has this rule id (for tests).
  bool HasRule(std::string_view rule) const;

 private:
  std::vector<Diagnostic> items_;
};

// Joins a parent path and a child key/index the way the decoder does.
std::string PathJoin(std::string_view parent, std::string_view key);
std::string PathIndex(std::string_view parent, size_t index);

// Finds the node at `path` (as produced by the decoder) below `root`; returns the deepest
// node reached, so a path to a missing field resolves to its parent.
const yaml::Node* FindByPath(const yaml::Node& root, std::string_view path);

}  // namespace swell::api
