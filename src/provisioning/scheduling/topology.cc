// Port of karpenter core pkg/controllers/provisioning/scheduling/topology.go, topologygroup.go,
// topologydomaingroup.go and topologynodefilter.go (karpenter.md §2.6).
#include "provisioning/scheduling/topology.h"

#include <algorithm>
#include <limits>

#include "api/labels.h"

namespace swell::provisioning::detail {
namespace {

constexpr int32_t kMaxInt32 = std::numeric_limits<int32_t>::max();

std::string PodNamespace(const api::Pod& pod) {
  return pod.metadata.namespace_.empty() ? "default" : pod.metadata.namespace_;
}

void AppendReq(std::string& s, const Req& r) {
  s += std::to_string(r.key);
  s += r.complement ? '!' : '=';
  for (ValueId v : r.values) {
    s += std::to_string(v);
    s += ',';
  }
  if (r.has_gte) s += ">" + std::to_string(r.gte);
  if (r.has_lte) s += "<" + std::to_string(r.lte);
  if (r.min_values > 0) s += "#" + std::to_string(r.min_values);
  s += ';';
}

std::string ReqSetKey(const ReqSet& rs) {
  std::string s;
  for (const Req& r : rs.reqs()) AppendReq(s, r);
  return s;
}

// hashSelector: matchLabels plus the set of matchExpressions (each with its values as a set).
std::string SelectorKey(const std::optional<api::LabelSelector>& sel) {
  if (!sel) return "nil";
  std::string s = "{";
  for (const auto& [k, v] : sel->match_labels) s += k + "=" + v + ",";
  std::vector<std::string> exprs;
  for (const auto& e : sel->match_expressions) {
    std::vector<std::string> values = e.values;
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::string x = e.key + " " + e.op + " [";
    for (const auto& v : values) x += v + ",";
    exprs.push_back(x + "]");
  }
  std::sort(exprs.begin(), exprs.end());
  exprs.erase(std::unique(exprs.begin(), exprs.end()), exprs.end());
  for (const auto& e : exprs) s += e + ";";
  return s + "}";
}

std::string TolerationsKey(const std::vector<api::Toleration>& tolerations) {
  std::vector<std::string> parts;
  for (const auto& t : tolerations) {
    parts.push_back(t.key + "\x1f" + t.op + "\x1f" + t.value + "\x1f" + t.effect + "\x1f" +
                    (t.toleration_seconds ? std::to_string(*t.toleration_seconds) : "-"));
  }
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  std::string s;
  for (const auto& p : parts) s += p + "\x1e";
  return s;
}

// TopologyGroup.Hash (key, type, namespaces, maxSkew, node filter, selector). minDomains is not
// part of it upstream, so constraints differing only there share a group. Deviation: upstream
// hashes Requirements through hashstructure, which skips unexported fields (values, bounds),
// so node filters differing only in values collide; swell keeps them apart.
std::string GroupHash(const TopologyGroup& g) {
  std::string s;
  s += static_cast<char>('0' + static_cast<int>(g.type));
  s += g.inverse ? 'I' : 'T';
  s += std::to_string(g.key) + "|";
  for (const auto& ns : g.namespaces) s += ns + ",";
  s += "|" + std::to_string(g.max_skew) + "|";
  s += g.filter.honor_affinity ? 'A' : 'a';
  s += g.filter.honor_taints ? 'T' : 't';
  s += g.filter.ignore_taints ? 'I' : 'i';
  std::vector<std::string> alts;
  for (const auto& a : g.filter.alternatives) alts.push_back(ReqSetKey(a));
  std::sort(alts.begin(), alts.end());
  alts.erase(std::unique(alts.begin(), alts.end()), alts.end());
  for (const auto& a : alts) s += a + "/";
  s += "|" + TolerationsKey(g.filter.tolerations) + "|" + SelectorKey(g.selector);
  return s;
}

bool IgnoredForTopology(const api::Pod& p) {
  return p.status.phase == "Succeeded" || p.status.phase == "Failed" ||
         p.metadata.deletion_timestamp.has_value();
}

}  // namespace

// ---- NodeFilter, DomainTable, TopologyGroup --------------------------------------------------

bool NodeFilter::Matches(const std::vector<api::Taint>& taints, const ReqSet& reqs,
                         const Labels& labels) const {
  if (honor_affinity && !alternatives.empty()) {
    bool any = false;
    for (const ReqSet& alt : alternatives) {
      if (reqs.Compatible(alt, /*allow_well_known=*/false, labels)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  if (honor_taints && FirstUntolerated(taints, tolerations) != nullptr) return false;
  return true;
}

uint32_t DomainTable::Index(ValueId v) {
  auto [it, inserted] = index.emplace(v, static_cast<uint32_t>(values.size()));
  if (inserted) values.push_back(v);
  return it->second;
}

uint32_t DomainTable::Find(ValueId v) const {
  auto it = index.find(v);
  return it == index.end() ? kNone : it->second;
}

void TopologyGroup::Register(uint32_t d) {
  if (Present(d)) return;
  if (d >= present.size()) {
    present.resize(d + 1, 0);
    counts.resize(d + 1, 0);
  }
  present[d] = 1;
  present_list.push_back(d);
}

void TopologyGroup::Record(uint32_t d) {
  Register(d);
  if (counts[d]++ == 0) nonzero.push_back(d);
}

// ---- Topology --------------------------------------------------------------------------------

Topology::Topology(Labels& labels, TaintClasses& taints, const Snapshot& snapshot,
                   const Options& options, std::vector<LabelClass>& label_classes,
                   const std::vector<NodeState>& nodes)
    : labels_(labels),
      taints_(taints),
      snapshot_(snapshot),
      options_(options),
      label_classes_(label_classes),
      nodes_(nodes) {
  for (const api::Pod* p : snapshot.pods) excluded_uids_.emplace(p->metadata.uid, 1);
}

DomainTable& Topology::Table(KeyId k) {
  if (k >= tables_.size()) tables_.resize(k + 1);
  return tables_[k];
}

void Topology::BuildUniverse(const std::vector<Template>& templates,
                             const std::vector<InstanceTypeInfo>& types) {
  auto insert = [&](KeyId key, ValueId v, uint32_t taint_class, bool untainted) {
    if (key >= universe_.size()) universe_.resize(key + 1);
    Table(key).Index(v);
    auto [it, inserted] = universe_[key].try_emplace(v);
    UniverseDomain& d = it->second;
    if (inserted || untainted) {  // TopologyDomainGroup.Insert
      d.untainted = untainted;
      d.taint_classes.clear();
      if (!untainted) d.taint_classes.push_back(taint_class);
      return;
    }
    if (d.untainted) return;
    d.taint_classes.push_back(taint_class);
  };
  for (const Template& t : templates) {
    const api::NodePool& np = *t.input->nodepool;
    ReqSet base = FromApi(api::Requirements::FromNodeSelectorRequirementsWithMinValues(
                              np.spec.template_.spec.requirements),
                          labels_);
    base.Add(FromApi(api::Requirements::FromLabels(np.spec.template_.metadata.labels), labels_),
             labels_);
    bool untainted = np.spec.template_.spec.taints.empty();
    for (uint32_t ti : t.all_types) {
      const InstanceTypeInfo& it = types[ti];
      ReqSet reqs = base;
      for (KeyId k = 0; k < it.label_by_key.size(); ++k) {
        if (it.label_by_key[k] != kNone) reqs.Add(Req::In(k, it.label_by_key[k]), labels_);
      }
      Req zones = Req::DoesNotExist(labels_.zone), cts = Req::DoesNotExist(labels_.capacity_type);
      for (const OfferingInfo& o : it.offerings) {
        zones.values.push_back(labels_.Value(o.offering->zone));
        cts.values.push_back(labels_.Value(o.offering->capacity_type));
      }
      for (Req* r : {&zones, &cts}) {
        std::sort(r->values.begin(), r->values.end());
        r->values.erase(std::unique(r->values.begin(), r->values.end()), r->values.end());
        if (!r->values.empty()) reqs.Add(*r, labels_);
      }
      for (const Req& r : reqs.reqs()) {
        for (ValueId v : r.values) insert(r.key, v, t.taint_class, untainted);
      }
    }
    for (const Req& r : base.reqs()) {
      if (!r.IsIn()) continue;
      for (ValueId v : r.values) insert(r.key, v, t.taint_class, untainted);
    }
  }
}

bool Topology::Selects(const TopologyGroup& g, const LabelClass& c) const {
  return std::binary_search(g.namespaces.begin(), g.namespaces.end(), c.ns) && g.selector &&
         api::SelectorMatches(*g.selector, *c.labels);
}

void Topology::SyncSelections(LabelClass& c) {
  for (auto gi = c.groups_seen; gi < groups_.size(); ++gi) {
    if (!Selects(groups_[gi], c)) continue;
    (groups_[gi].inverse ? c.selecting_inverse : c.selecting).push_back(gi);
  }
  c.groups_seen = static_cast<uint32_t>(groups_.size());
}

void Topology::InitDomains(TopologyGroup& g, const std::vector<api::Toleration>& tolerations) {
  if (g.key >= universe_.size()) return;
  DomainTable& table = Table(g.key);
  for (const auto& [value, domain] : universe_[g.key]) {
    bool ok = g.filter.ignore_taints || domain.untainted;
    for (size_t i = 0; !ok && i < domain.taint_classes.size(); ++i) {
      ok = FirstUntolerated(taints_.Get(domain.taint_classes[i]), tolerations) == nullptr;
    }
    if (ok) g.Register(table.Index(value));
  }
}

void Topology::CountDomains(TopologyGroup& g) {
  const std::string& key = labels_.KeyName(g.key);
  // Domains of existing nodes that may hold no selected pod yet.
  for (const NodeState& n : nodes_) {
    if (n.in->nodeclaim_only) continue;
    if (!g.filter.Matches(n.in->taints, n.label_reqs, labels_)) continue;
    auto it = n.in->labels.find(key);
    if (it == n.in->labels.end()) continue;
    g.Register(Table(g.key).Index(labels_.Value(it->second)));
  }
  // Pods bound to existing nodes. Upstream lists them with the raw selector, where a missing
  // selector lists every pod of the namespaces.
  for (const NodeState& n : nodes_) {
    for (const api::Pod* p : n.in->pods) {
      if (IgnoredForTopology(*p) || excluded_uids_.count(p->metadata.uid) > 0) continue;
      if (!std::binary_search(g.namespaces.begin(), g.namespaces.end(), PodNamespace(*p))) {
        continue;
      }
      if (g.selector && !api::SelectorMatches(*g.selector, p->metadata.labels)) continue;
      auto it = n.in->labels.find(key);
      std::string domain;
      if (it != n.in->labels.end()) {
        domain = it->second;
      } else if (g.key == labels_.hostname) {
        domain = n.in->name;
      } else {
        continue;
      }
      if (!g.filter.Matches(n.in->taints, n.label_reqs, labels_)) continue;
      RecordValue(g, labels_.Value(domain));
    }
  }
}

uint32_t Topology::FindOrCreate(TopologyGroup&& g,
                                const std::vector<api::Toleration>& tolerations) {
  std::string hash = GroupHash(g);
  auto it = by_hash_.find(hash);
  if (it != by_hash_.end()) return it->second;
  Table(g.key);
  InitDomains(g, tolerations);
  if (!g.inverse) CountDomains(g);
  auto id = static_cast<uint32_t>(groups_.size());
  if (g.key == labels_.hostname) hostname_groups_.push_back(id);
  groups_.push_back(std::move(g));
  by_hash_.emplace(std::move(hash), id);
  return id;
}

std::vector<std::string> Topology::Namespaces(const api::Pod& pod,
                                              const api::PodAffinityTerm& term) const {
  std::vector<std::string> out;
  if (term.namespaces.empty() && !term.namespace_selector) {
    out.push_back(PodNamespace(pod));
    return out;
  }
  out = term.namespaces;
  if (term.namespace_selector) {
    for (const auto& [name, labels] : snapshot_.namespaces) {
      if (api::SelectorMatches(*term.namespace_selector, labels)) out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

NodeFilter Topology::FilterFor(const PodState& pod,
                               const api::TopologySpreadConstraint& tsc) const {
  NodeFilter f;
  f.honor_affinity = tsc.node_affinity_policy.empty() || tsc.node_affinity_policy == "Honor";
  f.honor_taints = tsc.node_taints_policy == "Honor";
  f.ignore_taints = !f.honor_taints;
  f.tolerations = pod.tolerations;
  const api::PodSpec& spec = pod.pod->spec;
  ReqSet selector = FromApi(api::Requirements::FromLabels(spec.node_selector), labels_);
  const api::NodeAffinity* na =
      spec.affinity && spec.affinity->node_affinity ? &*spec.affinity->node_affinity : nullptr;
  if (na == nullptr || !na->required_during_scheduling_ignored_during_execution) {
    f.alternatives.push_back(std::move(selector));
    return f;
  }
  const auto& terms = na->required_during_scheduling_ignored_during_execution->node_selector_terms;
  for (size_t i = pod.relax.required_term; i < terms.size(); ++i) {
    ReqSet alt = selector;
    alt.Add(FromApi(api::Requirements::FromNodeSelectorRequirements(terms[i].match_expressions),
                    labels_),
            labels_);
    f.alternatives.push_back(std::move(alt));
  }
  return f;
}

void Topology::AddExistingAntiAffinity(const api::Pod& pod, const NodeState& node) {
  if (excluded_uids_.count(pod.metadata.uid) > 0) return;
  const auto& spec = pod.spec;
  if (!spec.affinity || !spec.affinity->pod_anti_affinity) return;
  for (const auto& term :
       spec.affinity->pod_anti_affinity->required_during_scheduling_ignored_during_execution) {
    TopologyGroup g;
    g.type = TopologyType::kAntiAffinity;
    g.inverse = true;
    g.key = labels_.Key(term.topology_key);
    g.namespaces = Namespaces(pod, term);
    g.selector = term.label_selector;
    g.max_skew = kMaxInt32;
    uint32_t gi = FindOrCreate(std::move(g), pod.spec.tolerations);
    auto it = node.in->labels.find(labels_.KeyName(groups_[gi].key));
    if (it != node.in->labels.end()) RecordValue(groups_[gi], labels_.Value(it->second));
  }
}

void Topology::Update(PodState& pod) {
  const api::PodSpec& spec = pod.pod->spec;
  LabelClass& lc = label_classes_[pod.label_class];
  pod.owned.clear();
  pod.owned_self.clear();
  auto own = [&](uint32_t gi) {
    if (std::find(pod.owned.begin(), pod.owned.end(), gi) != pod.owned.end()) return;
    pod.owned.push_back(gi);
    pod.owned_self.push_back(Selects(groups_[gi], lc) ? 1 : 0);
  };
  for (uint32_t idx : pod.relax.spreads) {
    const api::TopologySpreadConstraint& tsc = spec.topology_spread_constraints[idx];
    if (options_.ignore_preferences && tsc.when_unsatisfiable != "DoNotSchedule") continue;
    TopologyGroup g;
    g.type = TopologyType::kSpread;
    g.key = labels_.Key(tsc.topology_key);
    g.namespaces = {PodNamespace(*pod.pod)};
    g.selector = tsc.label_selector;
    if (g.selector) {
      for (const std::string& k : tsc.match_label_keys) {
        auto it = pod.pod->metadata.labels.find(k);
        if (it == pod.pod->metadata.labels.end()) continue;
        g.selector->match_expressions.push_back({k, "In", {it->second}});
      }
    }
    g.max_skew = tsc.max_skew;
    g.min_domains = tsc.min_domains;
    g.filter = FilterFor(pod, tsc);
    own(FindOrCreate(std::move(g), pod.tolerations));
  }
  auto affinity_terms = [&](const std::optional<api::PodAffinity>& a, TopologyType type,
                            const std::vector<uint32_t>& preferred, uint32_t dropped) {
    if (!a) return;
    auto add = [&](const api::PodAffinityTerm& term) {
      TopologyGroup g;
      g.type = type;
      g.key = labels_.Key(term.topology_key);
      g.namespaces = Namespaces(*pod.pod, term);
      g.selector = term.label_selector;
      g.max_skew = kMaxInt32;
      own(FindOrCreate(std::move(g), pod.tolerations));
    };
    for (const auto& term : a->required_during_scheduling_ignored_during_execution) add(term);
    if (options_.ignore_preferences) return;
    const auto& pref = a->preferred_during_scheduling_ignored_during_execution;
    for (size_t i = dropped; i < preferred.size(); ++i) add(pref[preferred[i]].pod_affinity_term);
  };
  if (spec.affinity) {
    affinity_terms(spec.affinity->pod_affinity, TopologyType::kAffinity, pod.preferred_pod_affinity,
                   pod.relax.pod_affinity_dropped);
    affinity_terms(spec.affinity->pod_anti_affinity, TopologyType::kAntiAffinity,
                   pod.preferred_anti_affinity, pod.relax.pod_anti_affinity_dropped);
    // updateInverseAntiAffinity: only required terms are tracked in the inverse direction.
    if (spec.affinity->pod_anti_affinity) {
      for (const auto& term :
           spec.affinity->pod_anti_affinity->required_during_scheduling_ignored_during_execution) {
        TopologyGroup g;
        g.type = TopologyType::kAntiAffinity;
        g.inverse = true;
        g.key = labels_.Key(term.topology_key);
        g.namespaces = Namespaces(*pod.pod, term);
        g.selector = term.label_selector;
        g.max_skew = kMaxInt32;
        uint32_t gi = FindOrCreate(std::move(g), pod.tolerations);
        if (std::find(pod.inverse_owned.begin(), pod.inverse_owned.end(), gi) ==
            pod.inverse_owned.end()) {
          pod.inverse_owned.push_back(gi);
        }
      }
    }
  }
}

void Topology::RegisterHostname(ValueId host) {
  uint32_t d = hostnames().Index(host);
  for (uint32_t gi : hostname_groups_) groups_[gi].Register(d);
}

bool Topology::Less(KeyId key, uint32_t a, uint32_t b) const {
  return labels_.ValueName(DomainValue(key, a)) < labels_.ValueName(DomainValue(key, b));
}

void Topology::RecordValue(TopologyGroup& g, ValueId v) { g.Record(Table(g.key).Index(v)); }

int32_t Topology::DomainMinCount(const TopologyGroup& g, const Req& pod_domains) const {
  if (g.key == labels_.hostname) return 0;  // a new node is always possible
  int32_t min = kMaxInt32;
  int32_t supported = 0;
  for (uint32_t d : g.present_list) {
    if (!pod_domains.Has(DomainValue(g.key, d), labels_)) continue;
    ++supported;
    min = std::min(min, g.counts[d]);
  }
  if (g.min_domains && supported < *g.min_domains) min = 0;
  return min;
}

void Topology::NextSpread(const TopologyGroup& g, bool self, const Req& pod_domains,
                          const Req& node_domains, Req& out) const {
  int64_t min = DomainMinCount(g, pod_domains);
  out.key = g.key;
  out.complement = false;
  out.values.clear();
  const DomainTable& table = tables_[g.key];
  if (g.key == labels_.hostname && node_domains.values.size() == 1) {
    ValueId host = node_domains.values[0];
    uint32_t d = table.Find(host);
    int64_t count = (d == kNone ? 0 : g.Count(d)) + (self ? 1 : 0);
    if (count <= g.max_skew) out.values.push_back(host);
    return;
  }
  uint32_t best = kNone;
  int64_t best_count = kMaxInt32;
  auto consider = [&](uint32_t d) {
    int64_t count = g.counts[d] + (self ? 1 : 0);
    if (count - min > g.max_skew) return;
    if (count < best_count || (count == best_count && best != kNone && Less(g.key, d, best))) {
      best = d;
      best_count = count;
    }
  };
  if (node_domains.IsIn()) {
    for (ValueId v : node_domains.values) {
      uint32_t d = table.Find(v);
      if (d != kNone && g.Present(d)) consider(d);
    }
  } else {
    for (uint32_t d : g.present_list) {
      if (node_domains.Has(DomainValue(g.key, d), labels_)) consider(d);
    }
  }
  if (best != kNone) out.values.push_back(DomainValue(g.key, best));
}

void Topology::NextAffinity(const TopologyGroup& g, bool self, const Req& pod_domains,
                            const Req& node_domains, Req& out) const {
  out.key = g.key;
  out.complement = false;
  out.values.clear();
  const DomainTable& table = tables_[g.key];
  auto any_compatible = [&] {
    for (uint32_t d : g.nonzero) {
      if (pod_domains.Has(DomainValue(g.key, d), labels_)) return true;
    }
    return false;
  };
  if (g.key == labels_.hostname && node_domains.values.size() == 1) {
    ValueId host = node_domains.values[0];
    if (!pod_domains.Has(host, labels_)) return;
    uint32_t d = table.Find(host);
    if (d != kNone && g.Count(d) > 0) {
      out.values.push_back(host);
      return;
    }
    if (self && (g.nonzero.empty() || !any_compatible())) out.values.push_back(host);
    return;
  }
  if (node_domains.IsIn()) {
    for (ValueId v : node_domains.values) {
      uint32_t d = table.Find(v);
      if (pod_domains.Has(v, labels_) && d != kNone && g.Present(d) && g.counts[d] > 0) {
        out.values.push_back(v);
      }
    }
  } else {
    for (uint32_t d : g.present_list) {
      ValueId v = DomainValue(g.key, d);
      if (pod_domains.Has(v, labels_) && g.counts[d] > 0 && node_domains.Has(v, labels_)) {
        out.values.push_back(v);
      }
    }
  }
  if (out.values.empty() && self && (g.nonzero.empty() || !any_compatible())) {
    // Bootstrap: a domain both the pod and the node allow, then any domain the pod allows
    // (upstream takes the first of a Go map iteration for each; swell the smallest value).
    uint32_t both = kNone, pod_only = kNone;
    for (uint32_t d : g.present_list) {
      ValueId v = DomainValue(g.key, d);
      if (!pod_domains.Has(v, labels_)) continue;
      if (pod_only == kNone || Less(g.key, d, pod_only)) pod_only = d;
      if (node_domains.Has(v, labels_) && (both == kNone || Less(g.key, d, both))) both = d;
    }
    if (both != kNone) out.values.push_back(DomainValue(g.key, both));
    if (pod_only != kNone) out.values.push_back(DomainValue(g.key, pod_only));
  }
  std::sort(out.values.begin(), out.values.end());
  out.values.erase(std::unique(out.values.begin(), out.values.end()), out.values.end());
}

void Topology::NextAntiAffinity(const TopologyGroup& g, const Req& pod_domains,
                                const Req& node_domains, Req& out) const {
  out.key = g.key;
  out.complement = false;
  out.values.clear();
  const DomainTable& table = tables_[g.key];
  if (g.key == labels_.hostname && node_domains.values.size() == 1) {
    ValueId host = node_domains.values[0];
    uint32_t d = table.Find(host);
    if (d == kNone || g.Count(d) == 0) out.values.push_back(host);
    return;
  }
  auto empty = static_cast<int64_t>(g.present_list.size() - g.nonzero.size());
  if (node_domains.IsIn() && node_domains.Len() < empty) {
    for (ValueId v : node_domains.values) {
      uint32_t d = table.Find(v);
      if (d != kNone && g.Present(d) && g.counts[d] == 0 && pod_domains.Has(v, labels_)) {
        out.values.push_back(v);
      }
    }
  } else {
    for (uint32_t d : g.present_list) {
      if (g.counts[d] != 0) continue;
      ValueId v = DomainValue(g.key, d);
      if (node_domains.Has(v, labels_) && pod_domains.Has(v, labels_)) out.values.push_back(v);
    }
    std::sort(out.values.begin(), out.values.end());
  }
}

void Topology::Get(const TopologyGroup& g, bool self, const Req& pod_domains,
                   const Req& node_domains, Req& out) const {
  out.has_gte = out.has_lte = false;
  out.min_values = 0;
  switch (g.type) {
    case TopologyType::kSpread:
      NextSpread(g, self, pod_domains, node_domains, out);
      return;
    case TopologyType::kAffinity:
      NextAffinity(g, self, pod_domains, node_domains, out);
      return;
    case TopologyType::kAntiAffinity:
      NextAntiAffinity(g, pod_domains, node_domains, out);
      return;
  }
}

bool Topology::AddRequirements(const PodState& pod, const ReqSet& pod_strict, const ReqView& node,
                               bool allow_well_known, TopologyScratch& scratch) {
  scratch.n = 0;
  scratch.failed_group = -1;
  scratch.failed_compatible = false;
  LabelClass& lc = label_classes_[pod.label_class];
  SyncSelections(lc);
  auto process = [&](uint32_t gi, bool self) {
    const TopologyGroup& g = groups_[gi];
    Req pod_exists, node_exists;
    pod_exists.key = node_exists.key = g.key;
    const Req* pd = pod_strict.Find(g.key);
    const Req* nd = node.Get(g.key);
    Get(g, self, pd ? *pd : pod_exists, nd ? *nd : node_exists, scratch.domains);
    if (scratch.domains.values.empty()) {
      scratch.failed_group = static_cast<int32_t>(gi);
      return false;
    }
    for (size_t i = 0; i < scratch.n; ++i) {
      if (scratch.reqs[i].key == g.key) {
        scratch.reqs[i].IntersectWith(scratch.domains, labels_);
        return true;
      }
    }
    if (scratch.reqs.size() <= scratch.n) scratch.reqs.resize(scratch.n + 1);
    Req& entry = scratch.reqs[scratch.n++];
    if (nd != nullptr) {
      entry = *nd;
      entry.IntersectWith(scratch.domains, labels_);
    } else {
      entry = scratch.domains;
    }
    return true;
  };
  for (size_t i = 0; i < pod.owned.size(); ++i) {
    if (!process(pod.owned[i], pod.owned_self[i] != 0)) return false;
  }
  for (uint32_t gi : lc.selecting_inverse) {
    if (!process(gi, true)) return false;
  }
  // nodeRequirements.Compatible(topologyRequirements): keys not from topology compare a
  // requirement with itself and always pass.
  for (size_t i = 0; i < scratch.n; ++i) {
    const Req& t = scratch.reqs[i];
    const Req* base = node.Get(t.key);
    bool ok = base == nullptr
                  ? (allow_well_known && labels_.WellKnown(t.key)) || t.IsNotInOrDoesNotExist()
                  : base->HasIntersection(t, labels_) ||
                        (base->IsNotInOrDoesNotExist() && t.IsNotInOrDoesNotExist());
    if (!ok) {
      scratch.failed_compatible = true;
      return false;
    }
  }
  return true;
}

void Topology::Record(const PodState& pod, const std::vector<api::Taint>& taints,
                      const ReqSet& reqs) {
  LabelClass& lc = label_classes_[pod.label_class];
  SyncSelections(lc);
  for (uint32_t gi : lc.selecting) {
    TopologyGroup& g = groups_[gi];
    if (!g.filter.Matches(taints, reqs, labels_)) continue;
    const Req* r = reqs.Find(g.key);
    if (r == nullptr) continue;  // Exists: no values to record, and Len() != 1
    if (g.type == TopologyType::kAntiAffinity) {
      // Upstream records Values() even for a complement (its excluded values).
      for (ValueId v : r->values) RecordValue(g, v);
    } else if (r->Len() == 1) {
      RecordValue(g, r->values[0]);
    }
  }
  for (uint32_t gi : pod.inverse_owned) {
    TopologyGroup& g = groups_[gi];
    if (const Req* r = reqs.Find(g.key)) {
      for (ValueId v : r->values) RecordValue(g, v);
    }
  }
}

bool Topology::HostnameAllows(const PodState& pod, uint32_t host) {
  for (size_t i = 0; i < pod.owned.size(); ++i) {
    const TopologyGroup& g = groups_[pod.owned[i]];
    if (g.key != labels_.hostname) continue;
    if (g.type == TopologyType::kAntiAffinity && g.Count(host) > 0) return false;
    if (g.type == TopologyType::kSpread && g.Count(host) + pod.owned_self[i] > g.max_skew) {
      return false;
    }
  }
  LabelClass& lc = label_classes_[pod.label_class];
  SyncSelections(lc);
  for (uint32_t gi : lc.selecting_inverse) {
    const TopologyGroup& g = groups_[gi];
    if (g.key == labels_.hostname && g.Count(host) > 0) return false;
  }
  return true;
}

bool Topology::HostnameBound(const PodState& pod) {
  auto hostname_keyed = [&](const std::vector<uint32_t>& groups) {
    return std::any_of(groups.begin(), groups.end(),
                       [&](uint32_t gi) { return groups_[gi].key == labels_.hostname; });
  };
  LabelClass& lc = label_classes_[pod.label_class];
  SyncSelections(lc);
  return hostname_keyed(pod.owned) || hostname_keyed(pod.original_owned) ||
         hostname_keyed(pod.inverse_owned) || hostname_keyed(lc.selecting) ||
         hostname_keyed(lc.selecting_inverse);
}

std::string Topology::FailureMessage(const PodState& pod, const TopologyScratch& scratch) const {
  (void)pod;
  if (scratch.failed_group < 0) return "incompatible topology requirements";
  const TopologyGroup& g = groups_[static_cast<uint32_t>(scratch.failed_group)];
  std::string type = g.type == TopologyType::kSpread     ? "topology spread"
                     : g.type == TopologyType::kAffinity ? "pod affinity"
                                                         : "pod anti-affinity";
  std::string counts;
  size_t shown = 0;
  std::vector<uint32_t> domains = g.present_list;
  std::sort(domains.begin(), domains.end(),
            [&](uint32_t a, uint32_t b) { return Less(g.key, a, b); });
  for (uint32_t d : domains) {
    if (shown++ == 25) {
      counts += " ...";
      break;
    }
    if (!counts.empty()) counts += ", ";
    counts += labels_.ValueName(DomainValue(g.key, d)) + ":" + std::to_string(g.counts[d]);
  }
  return "unsatisfiable topology constraint for " + type + ", key=" + labels_.KeyName(g.key) +
         " (counts = {" + counts + "})";
}

}  // namespace swell::provisioning::detail
