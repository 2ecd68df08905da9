// The GJSON path subset metrics-api's valueLocation uses.
#include "scalers/gjson.h"

#include <gtest/gtest.h>

namespace swell::scalers {
namespace {

TEST(Gjson, Paths) {
  StatusOr<json::Value> doc = json::Parse(R"({
    "components": {"worker": {"tasks": 12, "name": "w"}},
    "items": [{"count": 3}, {"count": 4}],
    "a.b": 7, "flag": true, "nothing": null, "q": "250m", "fav.movie": "x",
    "tags": ["a", "b", "c"]})");
  ASSERT_TRUE(doc.ok());
  struct Case {
    const char* path;
    GjsonResult::Type type;
    double num;
  };
  using T = GjsonResult::Type;
  const Case cases[] = {
      {"components.worker.tasks", T::kNumber, 12},
      {"components.worker.name", T::kString, 0},
      {"components.worker", T::kJson, 0},
      {"items.1.count", T::kNumber, 4},
      {"items.#", T::kNumber, 2},
      {"tags.#", T::kNumber, 3},
      {"items.#.count", T::kJson, 0},
      {"items.5.count", T::kNull, 0},
      {"a\\.b", T::kNumber, 7},
      {"comp*.worker.tasks", T::kNumber, 12},
      {"components.w?rker.tasks", T::kNumber, 12},
      {"flag", T::kTrue, 0},
      {"nothing", T::kNull, 0},
      {"missing.path", T::kNull, 0},
      {"", T::kNull, 0},
      {"items.#(count>3).count", T::kNull, 0},
      {"@reverse", T::kNull, 0},
  };
  for (const Case& c : cases) {
    GjsonResult r = GjsonGet(*doc, c.path);
    EXPECT_EQ(r.type, c.type) << c.path << " got " << GjsonTypeName(r.type);
    if (c.type == T::kNumber) {
      EXPECT_EQ(r.num, c.num) << c.path;
    }
  }
  EXPECT_EQ(GjsonGet(*doc, "q").str, "250m");
  EXPECT_EQ(GjsonTypeName(T::kJson), "JSON");
}

}  // namespace
}  // namespace swell::scalers
