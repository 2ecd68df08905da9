// Files -> objects: parse every YAML/JSON document, decode each object, validate it, apply
// defaults, and report every problem with its file, document, object and field path.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/object.h"

namespace swell::api {

// Where an object came from.
struct Source {
  std::string file;                        // as given on the command line
  int doc = 0;                             // 1-based document index in the file
  int item = -1;                           // index inside a `kind: List`, or -1
  yaml::Mark mark;                         // start of the object
  std::shared_ptr<const yaml::Node> node;  // the object's source tree, for positions
};

struct LoadedObject {
  Object object;  // validated and defaulted
  Source source;
  // "ScaledObject order-processing/orders" (namespace shown only for namespaced kinds).
  std::string Ref() const;
  // metadata.namespace, or "default" for a namespaced object that has none (kubectl's rule).
  std::string Namespace() const;
  const std::string& Name() const { return MetaOf(object).name; }
};

// A diagnostic placed in a file.
struct Finding {
  std::string file;
  int doc = 0;         // 0 = the file as a whole
  std::string object;  // LoadedObject::Ref() or "" when not attributable
  Diagnostic diag;     // diag.mark resolved from the path when possible
};

// Formats a finding as one line:
//   file:line:col: severity: doc N: Kind ns/name: path: message [rule]
std::string FormatFinding(const Finding& f);

struct LoadResult {
  std::vector<LoadedObject> objects;  // objects that decoded without errors
  std::vector<Finding> findings;
  int files = 0;
  int documents = 0;
  bool HasErrors() const;
};

// Loads `text` as the content of `file`. Objects with decode errors are reported and left
// out of `objects`; objects with validation errors are kept (lint may still explain more).
void LoadText(std::string_view text, std::string_view file, LoadResult* result);

// Reads and loads a file. A file that cannot be read is an error finding.
void LoadFile(const std::string& path, LoadResult* result);

}  // namespace swell::api
