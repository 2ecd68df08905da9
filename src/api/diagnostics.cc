#include "api/diagnostics.h"

#include <algorithm>
#include <cstdlib>

#include "api/codec.h"

namespace swell::api {

void Diagnostics::Error(std::string path, std::string message, std::string rule, yaml::Mark mark) {
  items_.push_back(
      Diagnostic{Severity::kError, std::move(path), std::move(message), std::move(rule), mark});
}

void Diagnostics::Warning(std::string path, std::string message, std::string rule,
                          yaml::Mark mark) {
  items_.push_back(
      Diagnostic{Severity::kWarning, std::move(path), std::move(message), std::move(rule), mark});
}

void Diagnostics::Info(std::string path, std::string message, std::string rule, yaml::Mark mark) {
  items_.push_back(
      Diagnostic{Severity::kInfo, std::move(path), std::move(message), std::move(rule), mark});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

size_t Diagnostics::warning_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kWarning;
  }));
}

size_t Diagnostics::info_count() const { return items_.size() - error_count() - warning_count(); }

bool Diagnostics::HasRule(std::string_view rule) const {
  return std::any_of(items_.begin(), items_.end(),
                     [&](const Diagnostic& d) { return d.rule == rule; });
}

std::string PathJoin(std::string_view parent, std::string_view key) {
  std::string p(parent);
  AppendPathKey(p, key);
  return p;
}

std::string PathIndex(std::string_view parent, size_t index) {
  std::string p(parent);
  p += "[" + std::to_string(index) + "]";
  return p;
}

const yaml::Node* FindByPath(const yaml::Node& root, std::string_view path) {
  const yaml::Node* cur = &root;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      i++;
      continue;
    }
    const yaml::Node* next = nullptr;
    if (path[i] == '[') {
      if (i + 1 < path.size() && path[i + 1] == '"') {
        size_t end = path.find("\"]", i + 2);
        if (end == std::string_view::npos) return cur;
        std::string key(path.substr(i + 2, end - i - 2));
        next = cur->Find(key);
        i = end + 2;
      } else {
        size_t end = path.find(']', i);
        if (end == std::string_view::npos) return cur;
        size_t idx = static_cast<size_t>(
            std::strtoul(std::string(path.substr(i + 1, end - i - 1)).c_str(), nullptr, 10));
        if (cur->IsSequence() && idx < cur->size()) next = &cur->item(idx);
        i = end + 1;
      }
    } else {
      size_t end = path.find_first_of(".[", i);
      if (end == std::string_view::npos) end = path.size();
      next = cur->Find(path.substr(i, end - i));
      i = end;
    }
    if (next == nullptr) return cur;
    cur = next;
  }
  return cur;
}

}  // namespace swell::api
