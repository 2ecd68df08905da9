#include "scaling/conditions.h"

#include <array>
#include <cstdlib>

namespace swell::scaling {
namespace {

constexpr std::array<std::string_view, 5> kOrder = {"Ready", "Active", "Fallback", "Paused",
                                                    "HPAActive"};

size_t Rank(std::string_view type) {
  for (size_t i = 0; i < kOrder.size(); i++) {
    if (kOrder[i] == type) return i;
  }
  return kOrder.size();
}

// Go's strconv.ParseBool, returning nullopt for anything else.
std::optional<bool> ParseBool(std::string_view v) {
  for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (v == t) return true;
  }
  for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (v == f) return false;
  }
  return std::nullopt;
}

}  // namespace

void SetCondition(std::vector<api::KedaCondition>& conditions, const std::string& type,
                  const std::string& status, const std::string& reason,
                  const std::string& message) {
  for (auto& c : conditions) {
    if (c.type == type) {
      c.status = status;
      c.reason = reason;
      c.message = message;
      return;
    }
  }
  api::KedaCondition c{type, status, reason, message};
  auto it = conditions.begin();
  while (it != conditions.end() && Rank(it->type) <= Rank(type)) ++it;
  conditions.insert(it, std::move(c));
}

const api::KedaCondition* GetCondition(const std::vector<api::KedaCondition>& conditions,
                                       const std::string& type) {
  for (const auto& c : conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

void InitConditions(std::vector<api::KedaCondition>& conditions) {
  if (!conditions.empty()) return;
  SetCondition(conditions, "Ready", "Unknown", "", "");
  SetCondition(conditions, "Active", "Unknown", "", "");
  SetCondition(conditions, "Fallback", "Unknown", "", "");
  SetCondition(conditions, "Paused", "False", "", "");
}

bool AnnotationTrue(const api::ObjectMeta& m, std::string_view key) {
  auto it = m.annotations.find(key);
  if (it == m.annotations.end()) return false;
  std::optional<bool> b = ParseBool(it->second);
  return b.value_or(true);
}

std::optional<int32_t> PausedReplicas(const api::ObjectMeta& m) {
  auto it = m.annotations.find(api::keda::kAnnotationPausedReplicas);
  if (it == m.annotations.end()) return std::nullopt;
  char* end = nullptr;
  long v = std::strtol(it->second.c_str(), &end, 10);
  if (end == it->second.c_str() || *end != '\0' || v < 0 || v > INT32_MAX) return std::nullopt;
  return static_cast<int32_t>(v);
}

bool IsPaused(const api::ObjectMeta& m) {
  if (m.annotations.count(api::keda::kAnnotationPausedReplicas) > 0) return true;
  auto it = m.annotations.find(api::keda::kAnnotationPaused);
  if (it == m.annotations.end()) return false;
  return ParseBool(it->second).value_or(true);
}

}  // namespace swell::scaling
