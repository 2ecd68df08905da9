#include "provisioning/events.h"

namespace swell::provisioning {

void EventRecorder::Publish(state::Event e, std::string_view dedupe, Duration timeout) {
  if (!dedupe.empty()) {
    std::string key = e.reason + "-" + std::string(dedupe);
    auto it = until_.find(key);
    if (it != until_.end() && it->second > e.time) return;
    until_.insert_or_assign(std::move(key), e.time + timeout);
    // Forget expired keys now and then so the map stays as small as the live set.
    if (++publishes_ % 4096 == 0) {
      const TimePoint now = e.time;
      std::erase_if(until_, [&](const auto& kv) { return kv.second <= now; });
    }
  }
  actuator_.RecordEvent(std::move(e));
}

state::Event MakeEvent(TimePoint now, std::string kind, std::string ns, std::string name,
                       std::string type, std::string reason, std::string message) {
  state::Event e;
  e.time = now;
  e.kind = std::move(kind);
  e.ns = std::move(ns);
  e.name = std::move(name);
  e.type = std::move(type);
  e.reason = std::move(reason);
  e.message = std::move(message);
  return e;
}

}  // namespace swell::provisioning
