// Fuzzes the whole `swell validate` path on arbitrary bytes: YAML/JSON parse, typed decode,
// validation, defaults and lint. Properties checked beyond "no crash, leak or UB":
//   - every object that decoded re-encodes to YAML and JSON that decode to an equal object.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "api/loader.h"
#include "lint/lint.h"

namespace {

void CheckRoundTrip(const swell::api::LoadedObject& o, bool json) {
  swell::yaml::Node n = swell::api::EncodeObject(o.object);
  std::string text = json ? swell::yaml::EmitJson(n) : swell::yaml::EmitYaml(n);
  swell::api::LoadResult again;
  swell::api::LoadText(text, "roundtrip", &again);
  if (again.objects.size() != 1 || !(again.objects[0].object == o.object)) {
    std::fprintf(stderr, "round trip mismatch (%s) for %s:\n%s\n", json ? "json" : "yaml",
                 o.Ref().c_str(), text.c_str());
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  swell::api::LoadResult result;
  swell::api::LoadText(text, "fuzz.yaml", &result);
  swell::lint::Lint(result.objects, &result.findings);
  for (const auto& f : result.findings) (void)swell::api::FormatFinding(f);
  for (const auto& o : result.objects) {
    CheckRoundTrip(o, false);
    CheckRoundTrip(o, true);
  }
  return 0;
}
