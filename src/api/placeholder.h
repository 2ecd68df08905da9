// Template placeholders users paste from docs and charts: ${VAR}, $(VAR), {{ .Values.x }},
// <your-value>, {name}. Validation warns instead of erroring on them, since the real value
// comes from a templating step swell does not see.
#pragma once

#include <string_view>

namespace swell::api {

// True if `s` contains a placeholder of one of the forms above.
bool ContainsPlaceholder(std::string_view s);

// True if `s` is a placeholder, or a documentation-style list of alternatives such as
// "true/false" or "Always|Never" (what reference pages write in place of a value).
bool IsDocPlaceholder(std::string_view s);

}  // namespace swell::api
