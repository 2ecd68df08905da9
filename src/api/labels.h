// Label and name syntax (apimachinery validation) and label-selector matching.
#pragma once

#include <string>
#include <string_view>

#include "api/core/meta.h"

namespace swell::api {

// Each returns "" when valid, else the reason in Kubernetes' words, e.g.
// "must be no more than 63 characters".
// A qualified name: [prefix/]name, prefix a DNS-1123 subdomain (<= 253), name <= 63 chars of
// [A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9] (label keys, annotation keys, taint keys).
std::string CheckQualifiedName(std::string_view s);
// A label value: empty, or <= 63 chars of [A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9].
std::string CheckLabelValue(std::string_view s);
// DNS-1123 subdomain: <= 253 chars, lowercase alphanumerics, '-' and '.', alphanumeric ends
// (most object names).
std::string CheckDns1123Subdomain(std::string_view s);
// DNS-1123 label: <= 63 chars, lowercase alphanumerics and '-', alphanumeric ends
// (namespaces, container names).
std::string CheckDns1123Label(std::string_view s);

// metav1.LabelSelector semantics: matchLabels and matchExpressions ANDed; In requires the key
// with a listed value; NotIn is true when the key is absent; Exists / DoesNotExist. An empty
// selector matches everything. An unknown operator matches nothing.
bool SelectorMatches(const LabelSelector& selector, const Labels& labels);

}  // namespace swell::api
