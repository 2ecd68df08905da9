// EC2NodeClass defaults and validation: every x-kubernetes-validations rule, pattern, enum and
// bound of karpenter.k8s.aws_ec2nodeclasses.yaml (karpenter.md §1.5), plus the validation
// controller's kubelet checks (karpenter/kubelet.h).
#include <algorithm>
#include <array>
#include <map>
#include <regex>
#include <string>
#include <utility>

#include "api/karpenter/kubelet.h"
#include "api/karpenter/types.h"
#include "api/karpenter/validation_util.h"

namespace swell::api {
namespace {

using karpenter::MatchesPattern;
using karpenter::OneOf;
using karpenter::Quoted;
using karpenter::ReportValue;

constexpr size_t kMaxSelectorTerms = 30;
constexpr size_t kMaxSelectorTags = 20;
constexpr size_t kMaxBlockDeviceMappings = 50;
constexpr size_t kMaxNetworkInterfaces = 150;
constexpr size_t kMaxAliasLength = 30;

// Alias families (lowercase, as written in an alias) and their amiFamily values.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kAliasFamilies = {{
    {"al2", kAmiFamilyAL2},
    {"al2023", kAmiFamilyAL2023},
    {"bottlerocket", kAmiFamilyBottlerocket},
    {"windows2019", kAmiFamilyWindows2019},
    {"windows2022", kAmiFamilyWindows2022},
    {"windows2025", kAmiFamilyWindows2025},
}};

std::string_view AliasFamily(std::string_view alias) { return alias.substr(0, alias.find('@')); }

const AMISelectorTerm* FindAliasTerm(const std::vector<AMISelectorTerm>& terms) {
  for (const AMISelectorTerm& t : terms) {
    if (t.alias) return &t;
  }
  return nullptr;
}

// tags in a selector term: maxProperties 20; CEL self.all(k, k != '' && self[k] != '').
void ValidateSelectorTags(const std::optional<StringMap>& tags, const std::string& path,
                          Diagnostics& diags) {
  if (!tags) return;
  if (tags->size() > kMaxSelectorTags) {
    diags.Error(path, "a selector term may match at most 20 tags", "karpenter/selector-tags");
  }
  for (const auto& [k, v] : *tags) {
    if (k.empty() || v.empty()) {
      diags.Error(PathJoin(path, k),
                  "empty tag keys or values aren't supported (tag " + Quoted(k) + ")",
                  "karpenter/selector-tags");
    }
  }
}

// An id field against its (OpenAPI, possibly unanchored) pattern.
void ValidateId(const std::optional<std::string>& id, const std::regex& re, std::string_view what,
                const std::string& path, Diagnostics& diags) {
  if (!id || MatchesPattern(*id, re)) return;
  ReportValue(diags, path, *id, Quoted(*id) + " is not " + std::string(what) + " id",
              "karpenter/selector-term-id");
}

// The CEL rules written `!self.all(x, has(x.id) && <other fields>)` fail only when every term
// mixes; Karpenter then uses the id alone, so a mix in some terms is reported as a warning.
void ReportMixedTerms(size_t mixed, size_t total, const std::string& path, std::string_view field,
                      Diagnostics& diags) {
  if (mixed == 0) return;
  if (mixed == total) {
    diags.Error(path,
                Quoted(field) +
                    " is mutually exclusive, cannot be set with a combination of other fields in "
                    "a selector term",
                "karpenter/selector-term-exclusive");
  } else {
    diags.Warning(path,
                  Quoted(field) + " is set together with other fields in " + std::to_string(mixed) +
                      " term(s); Karpenter selects by " + std::string(field) +
                      " alone and ignores the rest",
                  "karpenter/selector-term-ignored");
  }
}

void ValidateTermCount(size_t n, bool required, const std::string& path, const char* rule,
                       Diagnostics& diags) {
  if (required && n == 0) {
    diags.Error(path, path.substr(path.rfind('.') + 1) + " cannot be empty", rule);
  }
  if (n > kMaxSelectorTerms) {
    diags.Error(path, "has " + std::to_string(n) + " terms; at most 30 allowed", rule);
  }
}

void ValidateSubnetTerms(const std::vector<SubnetSelectorTerm>& terms, Diagnostics& diags) {
  const std::string path = "spec.subnetSelectorTerms";
  static const std::regex id_re("subnet-[0-9a-z]+");
  ValidateTermCount(terms.size(), true, path, "karpenter/subnet-selector-terms", diags);
  size_t mixed = 0;
  for (size_t i = 0; i < terms.size(); i++) {
    const SubnetSelectorTerm& t = terms[i];
    std::string p = PathIndex(path, i);
    if (!t.tags && !t.id) {
      diags.Error(p, "a subnet selector term needs tags or id", "karpenter/subnet-selector-terms");
    }
    ValidateId(t.id, id_re, "a subnet", p + ".id", diags);
    ValidateSelectorTags(t.tags, p + ".tags", diags);
    if (t.id && t.tags) mixed++;
  }
  ReportMixedTerms(mixed, terms.size(), path, "id", diags);
}

void ValidateSecurityGroupTerms(const std::vector<SecurityGroupSelectorTerm>& terms,
                                Diagnostics& diags) {
  const std::string path = "spec.securityGroupSelectorTerms";
  static const std::regex id_re("sg-[0-9a-z]+");
  ValidateTermCount(terms.size(), true, path, "karpenter/security-group-selector-terms", diags);
  size_t id_mixed = 0;
  size_t name_mixed = 0;
  for (size_t i = 0; i < terms.size(); i++) {
    const SecurityGroupSelectorTerm& t = terms[i];
    std::string p = PathIndex(path, i);
    if (!t.tags && !t.id && !t.name) {
      diags.Error(p, "a security group selector term needs tags, id or name",
                  "karpenter/security-group-selector-terms");
    }
    ValidateId(t.id, id_re, "a security group", p + ".id", diags);
    ValidateSelectorTags(t.tags, p + ".tags", diags);
    if (t.id && (t.tags || t.name)) id_mixed++;
    if (t.name && (t.tags || t.id)) name_mixed++;
  }
  ReportMixedTerms(id_mixed, terms.size(), path, "id", diags);
  if (id_mixed != terms.size()) ReportMixedTerms(name_mixed, terms.size(), path, "name", diags);
}

void ValidateCapacityReservationTerm(const CapacityReservationSelectorTerm& t, const std::string& p,
                                     Diagnostics& diags) {
  static const std::regex id_re("^cr-[0-9a-z]+$");
  static const std::regex owner_re("^[0-9]{12}$");
  const char* rule = "karpenter/capacity-reservation-selector-terms";
  if (!t.tags && !t.id && !t.instance_match_criteria) {
    diags.Error(p, "a capacity reservation selector term needs tags, id or instanceMatchCriteria",
                rule);
  }
  ValidateId(t.id, id_re, "a capacity reservation", p + ".id", diags);
  if (t.owner_id && !MatchesPattern(*t.owner_id, owner_re)) {
    ReportValue(diags, p + ".ownerID", *t.owner_id,
                "ownerID " + Quoted(*t.owner_id) + " must be a 12-digit AWS account id", rule);
  }
  if (t.instance_match_criteria && !OneOf(*t.instance_match_criteria, {"open", "targeted"})) {
    diags.Error(
        p + ".instanceMatchCriteria",
        "instanceMatchCriteria " + Quoted(*t.instance_match_criteria) + " is not open or targeted",
        rule);
  }
  ValidateSelectorTags(t.tags, p + ".tags", diags);
}

void ValidateCapacityReservationTerms(const std::vector<CapacityReservationSelectorTerm>& terms,
                                      Diagnostics& diags) {
  const std::string path = "spec.capacityReservationSelectorTerms";
  ValidateTermCount(terms.size(), false, path, "karpenter/capacity-reservation-selector-terms",
                    diags);
  size_t mixed = 0;
  for (size_t i = 0; i < terms.size(); i++) {
    const CapacityReservationSelectorTerm& t = terms[i];
    ValidateCapacityReservationTerm(t, PathIndex(path, i), diags);
    if (t.id && (t.tags || t.owner_id || t.instance_match_criteria)) mixed++;
  }
  ReportMixedTerms(mixed, terms.size(), path, "id", diags);
}

// alias: maxLength 30; ^[a-zA-Z0-9]+@.+$; family one of the six; windows only @latest.
void ValidateAlias(const std::string& alias, const std::string& p, Diagnostics& diags) {
  static const std::regex format_re("^[a-zA-Z0-9]+@.+$");
  const char* rule = "karpenter/ami-alias";
  if (alias.size() > kMaxAliasLength || !MatchesPattern(alias, format_re)) {
    ReportValue(diags, p, alias,
                "alias " + Quoted(alias) +
                    " is improperly formatted, must match the format 'family@version' (at most "
                    "30 characters, e.g. al2023@latest)",
                rule);
    return;
  }
  std::string_view family = AliasFamily(alias);
  bool known = std::any_of(kAliasFamilies.begin(), kAliasFamilies.end(),
                           [&](const auto& f) { return f.first == family; });
  if (!known) {
    diags.Error(p,
                "alias family " + Quoted(family) +
                    " is not supported, must be one of al2, al2023, bottlerocket, windows2019, "
                    "windows2022, windows2025",
                rule);
    return;
  }
  std::string_view version = std::string_view(alias).substr(family.size() + 1);
  if (family.starts_with("windows") && version != "latest") {
    diags.Error(
        p, "alias " + Quoted(alias) + ": windows families may only specify version 'latest'", rule);
  }
}

void ValidateAmiTerm(const AMISelectorTerm& t, const std::string& p, Diagnostics& diags) {
  static const std::regex id_re("ami-[0-9a-z]+");
  if (!t.tags && !t.id && !t.name && !t.alias && !t.ssm_parameter) {
    diags.Error(p, "an AMI selector term needs tags, id, name, alias or ssmParameter",
                "karpenter/ami-selector-terms");
  }
  if (t.id && (t.alias || t.tags || t.name || t.owner)) {
    diags.Error(p,
                "'id' is mutually exclusive, cannot be set with a combination of other fields in "
                "amiSelectorTerms",
                "karpenter/selector-term-exclusive");
  }
  if (t.alias && (t.id || t.tags || t.name || t.owner)) {
    diags.Error(p,
                "'alias' is mutually exclusive, cannot be set with a combination of other fields "
                "in amiSelectorTerms",
                "karpenter/selector-term-exclusive");
  }
  ValidateId(t.id, id_re, "an AMI", p + ".id", diags);
  if (t.alias) ValidateAlias(*t.alias, p + ".alias", diags);
  ValidateSelectorTags(t.tags, p + ".tags", diags);
}

void ValidateAmiTerms(const std::vector<AMISelectorTerm>& terms, Diagnostics& diags) {
  const std::string path = "spec.amiSelectorTerms";
  ValidateTermCount(terms.size(), true, path, "karpenter/ami-selector-terms", diags);
  for (size_t i = 0; i < terms.size(); i++) ValidateAmiTerm(terms[i], PathIndex(path, i), diags);
  if (FindAliasTerm(terms) != nullptr && terms.size() != 1) {
    diags.Error(path,
                "'alias' is mutually exclusive, cannot be set with a combination of other "
                "amiSelectorTerms",
                "karpenter/selector-term-exclusive");
  }
}

// amiFamily enum; required without an alias; with an alias, Custom or the alias's family.
void ValidateAmiFamily(const EC2NodeClassSpec& s, Diagnostics& diags) {
  const std::string path = "spec.amiFamily";
  const char* rule = "karpenter/ami-family";
  const AMISelectorTerm* alias = FindAliasTerm(s.ami_selector_terms);
  if (!s.ami_family) {
    if (alias == nullptr) {
      diags.Error(path, "must specify amiFamily if amiSelectorTerms does not contain an alias",
                  rule);
    }
    return;
  }
  const std::string& f = *s.ami_family;
  if (!OneOf(f, {kAmiFamilyAL2, kAmiFamilyAL2023, kAmiFamilyBottlerocket, kAmiFamilyCustom,
                 kAmiFamilyWindows2019, kAmiFamilyWindows2022, kAmiFamilyWindows2025})) {
    diags.Error(path,
                "amiFamily " + Quoted(f) +
                    " is not AL2, AL2023, Bottlerocket, Custom, Windows2019, Windows2022 or "
                    "Windows2025",
                rule);
    return;
  }
  if (alias == nullptr || f == kAmiFamilyCustom) return;
  std::string_view family = AliasFamily(*alias->alias);
  for (const auto& [lower, proper] : kAliasFamilies) {
    if (family == lower && f != proper) {
      diags.Error(path,
                  "amiFamily " + Quoted(f) + " does not match the alias " + Quoted(*alias->alias) +
                      "; if set, amiFamily must be '" + std::string(proper) + "' or 'Custom'",
                  rule);
    }
  }
}

// CEL: exactly one of role and instanceProfile; neither may be empty.
void ValidateRoleAndProfile(const EC2NodeClassSpec& s, Diagnostics& diags) {
  const char* rule = "karpenter/role-or-instance-profile";
  if (s.role.has_value() == s.instance_profile.has_value()) {
    diags.Error("spec", "must specify exactly one of ['role', 'instanceProfile']", rule);
  }
  if (s.role && s.role->empty()) diags.Error("spec.role", "role cannot be empty", rule);
  if (s.instance_profile && s.instance_profile->empty()) {
    diags.Error("spec.instanceProfile", "instanceProfile cannot be empty", rule);
  }
}

// spec.tags CEL rules (and RestrictedTagPatterns of the validation controller).
void ValidateTags(const StringMap& tags, Diagnostics& diags) {
  for (const auto& [k, v] : tags) {
    std::string p = PathJoin("spec.tags", k);
    std::string why;
    if (k.empty()) {
      why = "empty tag keys aren't supported";
    } else if (k.starts_with("kubernetes.io/cluster")) {
      why = "tag contains a restricted tag matching kubernetes.io/cluster/";
    } else if (OneOf(k, {"eks:eks-cluster-name", "karpenter.sh/nodepool", "karpenter.sh/nodeclaim",
                         "karpenter.k8s.aws/ec2nodeclass"})) {
      why = "tag contains a restricted tag matching " + k;
    }
    if (!why.empty()) {
      diags.Error(p, why + " (Karpenter sets this tag itself)", "karpenter/tags");
    }
  }
}

void ValidateEbs(const BlockDevice& e, const std::string& p, Diagnostics& diags) {
  static const std::regex size_re(
      R"(^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi|(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|([1-9]||[1-5][0-7]|58)Ti|([1-9]||[1-5][0-9]|6[0-3]|64)T)$)");
  const char* rule = "karpenter/ebs";
  if (!e.snapshot_id && !e.volume_size) {
    diags.Error(p, "snapshotID or volumeSize must be defined", rule);
  }
  if (e.volume_initialization_rate) {
    if (!e.snapshot_id || e.snapshot_id->empty()) {
      diags.Error(p + ".volumeInitializationRate",
                  "snapshotID must be set when volumeInitializationRate is set", rule);
    }
    int32_t r = *e.volume_initialization_rate;
    if (r < 100 || r > 300) {
      diags.Error(p + ".volumeInitializationRate",
                  "volumeInitializationRate " + std::to_string(r) + " must be from 100 to 300",
                  rule);
    }
  }
  if (e.volume_size && !MatchesPattern(*e.volume_size, size_re)) {
    ReportValue(diags, p + ".volumeSize", *e.volume_size,
                "volumeSize " + Quoted(*e.volume_size) +
                    " must be 1Gi-59000Gi, 1G-64000G, 1Ti-58Ti or 1T-64T",
                rule);
  }
  if (e.volume_type &&
      !OneOf(*e.volume_type, {"standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"})) {
    diags.Error(
        p + ".volumeType",
        "volumeType " + Quoted(*e.volume_type) + " is not standard, io1, io2, gp2, sc1, st1 or gp3",
        rule);
  }
}

void ValidateBlockDeviceMappings(const std::vector<BlockDeviceMapping>& bdms, Diagnostics& diags) {
  const std::string path = "spec.blockDeviceMappings";
  const char* rule = "karpenter/block-device-mappings";
  if (bdms.size() > kMaxBlockDeviceMappings) {
    diags.Error(path, "at most 50 block device mappings allowed", rule);
  }
  size_t roots = 0;
  for (size_t i = 0; i < bdms.size(); i++) {
    if (bdms[i].root_volume) roots++;
    if (bdms[i].ebs) ValidateEbs(*bdms[i].ebs, PathIndex(path, i) + ".ebs", diags);
  }
  if (roots > 1) {
    diags.Error(path,
                "must have only one blockDeviceMappings with rootVolume (found " +
                    std::to_string(roots) + ")",
                rule);
  }
}

void ValidateNetworkInterfaceItems(const std::vector<NetworkInterface>& nis,
                                   const std::string& path, Diagnostics& diags) {
  const char* rule = "karpenter/network-interfaces";
  if (nis.size() > kMaxNetworkInterfaces) {
    diags.Error(path, "at most 150 network interfaces allowed", rule);
  }
  for (size_t i = 0; i < nis.size(); i++) {
    std::string p = PathIndex(path, i);
    if (nis[i].device_index < 0) diags.Error(p + ".deviceIndex", "must be >= 0", rule);
    if (nis[i].network_card_index < 0) diags.Error(p + ".networkCardIndex", "must be >= 0", rule);
    if (!OneOf(nis[i].interface_type, {"interface", "efa-only"})) {
      diags.Error(
          p + ".interfaceType",
          "interfaceType " + Quoted(nis[i].interface_type) + " is not interface or efa-only", rule);
    }
  }
}

// CEL: a primary interface (card 0, device 0, interface) unless empty; no duplicate
// (card, device) pair; at most one efa-only device per network card.
void ValidateNetworkInterfaces(const std::vector<NetworkInterface>& nis, Diagnostics& diags) {
  const std::string path = "spec.networkInterfaces";
  const char* rule = "karpenter/network-interfaces";
  ValidateNetworkInterfaceItems(nis, path, diags);
  if (nis.empty()) return;
  bool primary = std::any_of(nis.begin(), nis.end(), [](const NetworkInterface& n) {
    return n.device_index == 0 && n.network_card_index == 0 && n.interface_type == "interface";
  });
  if (!primary) {
    diags.Error(path,
                "networkInterfaces must include a primary interface with interfaceType='interface'",
                rule);
  }
  std::map<std::pair<int32_t, int32_t>, int> pairs;
  std::map<int32_t, int> efa_per_card;
  for (const NetworkInterface& n : nis) {
    pairs[{n.network_card_index, n.device_index}]++;
    if (n.interface_type == "efa-only") efa_per_card[n.network_card_index]++;
  }
  bool dup = std::any_of(pairs.begin(), pairs.end(), [](const auto& e) { return e.second > 1; });
  bool efa = std::any_of(efa_per_card.begin(), efa_per_card.end(),
                         [](const auto& e) { return e.second > 1; });
  if (dup || efa) {
    diags.Error(path,
                "networkInterfaces must not have duplicate networkCardIndex and deviceIndex "
                "pairs, and can have at most one efa device per network card",
                rule);
  }
}

void ValidateMetadataOptions(const std::optional<MetadataOptions>& m, Diagnostics& diags) {
  if (!m) return;
  const std::string path = "spec.metadataOptions";
  const char* rule = "karpenter/metadata-options";
  auto check = [&](const std::optional<std::string>& v, const char* field,
                   std::initializer_list<std::string_view> allowed) {
    if (v && !OneOf(*v, allowed)) {
      diags.Error(
          path + "." + field,
          std::string(field) + " " + Quoted(*v) + " is not " + karpenter::ListForMessage(allowed),
          rule);
    }
  };
  check(m->http_endpoint, "httpEndpoint", {"enabled", "disabled"});
  check(m->http_protocol_ipv6, "httpProtocolIPv6", {"enabled", "disabled"});
  check(m->http_tokens, "httpTokens", {"required", "optional"});
  if (m->http_put_response_hop_limit &&
      (*m->http_put_response_hop_limit < 1 || *m->http_put_response_hop_limit > 64)) {
    diags.Error(path + ".httpPutResponseHopLimit",
                "httpPutResponseHopLimit " + std::to_string(*m->http_put_response_hop_limit) +
                    " must be from 1 to 64",
                rule);
  }
}

void ValidateConnectionTracking(const std::optional<ConnectionTracking>& c, Diagnostics& diags) {
  if (!c) return;
  const std::string path = "spec.connectionTracking";
  const char* rule = "karpenter/connection-tracking";
  if (!c->tcp_established_timeout && !c->udp_stream_timeout && !c->udp_timeout) {
    diags.Error(path,
                "at least one of tcpEstablishedTimeout, udpStreamTimeout, or udpTimeout must be "
                "set",
                rule);
  }
  auto check = [&](const std::optional<int32_t>& v, const char* field, int32_t lo, int32_t hi) {
    if (v && (*v < lo || *v > hi)) {
      diags.Error(path + "." + field,
                  std::string(field) + " " + std::to_string(*v) + " must be from " +
                      std::to_string(lo) + " to " + std::to_string(hi) + " seconds",
                  rule);
    }
  };
  check(c->tcp_established_timeout, "tcpEstablishedTimeout", 60, 432000);
  check(c->udp_stream_timeout, "udpStreamTimeout", 60, 180);
  check(c->udp_timeout, "udpTimeout", 30, 60);
}

void ValidatePlacementGroup(const std::optional<PlacementGroupSelector>& s, Diagnostics& diags) {
  if (!s) return;
  const std::string path = "spec.placementGroupSelector";
  const char* rule = "karpenter/placement-group-selector";
  static const std::regex id_re("^pg-[0-9a-z]+$");
  if (!s->name && !s->id) diags.Error(path, "expected at least one of name and id", rule);
  if (s->name && s->id) diags.Error(path, "'name' and 'id' are mutually exclusive", rule);
  if (s->name && s->name->empty()) diags.Error(path + ".name", "name may not be empty", rule);
  if (s->id && !MatchesPattern(*s->id, id_re)) {
    ReportValue(diags, path + ".id", *s->id,
                Quoted(*s->id) + " is not a placement group id (pg-...)", rule);
  }
}

// instanceStorePolicy enum (RAID0), ipPrefixCount >= 0, cpuOptions.nestedVirtualization enum.
void ValidateInstanceOptions(const EC2NodeClassSpec& s, Diagnostics& diags) {
  if (s.instance_store_policy && *s.instance_store_policy != "RAID0") {
    diags.Error("spec.instanceStorePolicy",
                "instanceStorePolicy " + Quoted(*s.instance_store_policy) + " is not RAID0",
                "karpenter/instance-store-policy");
  }
  if (s.ip_prefix_count && *s.ip_prefix_count < 0) {
    diags.Error("spec.ipPrefixCount",
                "ipPrefixCount " + std::to_string(*s.ip_prefix_count) + " must be >= 0",
                "karpenter/ip-prefix-count");
  }
  if (s.cpu_options && s.cpu_options->nested_virtualization &&
      !OneOf(*s.cpu_options->nested_virtualization, {"enabled", "disabled"})) {
    diags.Error("spec.cpuOptions.nestedVirtualization",
                "nestedVirtualization " + Quoted(*s.cpu_options->nested_virtualization) +
                    " is not enabled or disabled",
                "karpenter/cpu-options");
  }
}

}  // namespace

namespace karpenter {

std::string AmiFamilyOf(const EC2NodeClassSpec& spec) {
  if (spec.ami_family) return *spec.ami_family;
  if (const AMISelectorTerm* t = FindAliasTerm(spec.ami_selector_terms)) {
    std::string_view family = AliasFamily(*t->alias);
    for (const auto& [lower, proper] : kAliasFamilies) {
      if (family == lower) return std::string(proper);
    }
  }
  return std::string(kAmiFamilyCustom);
}

}  // namespace karpenter

void ApplyDefaults(EC2NodeClass& o) {
  MetadataOptions& m =
      o.spec.metadata_options ? *o.spec.metadata_options : o.spec.metadata_options.emplace();
  if (!m.http_endpoint) m.http_endpoint = "enabled";
  if (!m.http_protocol_ipv6) m.http_protocol_ipv6 = "disabled";
  if (!m.http_put_response_hop_limit) m.http_put_response_hop_limit = 1;
  if (!m.http_tokens) m.http_tokens = "required";
  for (CapacityReservationStatus& c : o.status.capacity_reservations) {
    if (c.reservation_type.empty()) c.reservation_type = "default";
    if (c.state.empty()) c.state = "active";
  }
}

void Validate(const EC2NodeClass& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, /*namespaced=*/false, diags);
  const EC2NodeClassSpec& s = o.spec;
  ValidateSubnetTerms(s.subnet_selector_terms, diags);
  ValidateSecurityGroupTerms(s.security_group_selector_terms, diags);
  ValidateCapacityReservationTerms(s.capacity_reservation_selector_terms, diags);
  ValidateAmiTerms(s.ami_selector_terms, diags);
  ValidateAmiFamily(s, diags);
  ValidateRoleAndProfile(s, diags);
  ValidateTags(s.tags, diags);
  ValidateBlockDeviceMappings(s.block_device_mappings, diags);
  ValidateNetworkInterfaces(s.network_interfaces, diags);
  ValidateMetadataOptions(s.metadata_options, diags);
  ValidateConnectionTracking(s.connection_tracking, diags);
  ValidatePlacementGroup(s.placement_group_selector, diags);
  ValidateInstanceOptions(s, diags);
  karpenter::ValidateKubeletConfig(s.kubelet, karpenter::AmiFamilyOf(s), "spec.kubelet", diags);
}

}  // namespace swell::api
