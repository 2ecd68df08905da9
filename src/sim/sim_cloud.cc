#include "sim/sim_cloud.h"

#include <cmath>
#include <optional>

#include "api/karpenter/well_known.h"
#include "sim/sim_cloud_nodeclass.h"

namespace swell::sim {

namespace k = api::karpenter;

struct SimCloud::CatalogEntry {
  explicit CatalogEntry(cloud::Catalog c) : catalog(std::move(c)) {}
  cloud::Catalog catalog;     // every offering available
  cloud::InstanceTypes list;  // offerings' availability as of `list_version`
  uint64_t list_version = ~uint64_t{0};
};

struct SimCloud::NodeClassView {
  std::string kind;  // EC2NodeClass | KWOKNodeClass
  std::string name;
  const api::EC2NodeClass* ec2 = nullptr;  // refreshed by each ResolveNodeClass
  const api::KWOKNodeClass* kwok = nullptr;
  std::optional<api::EC2NodeClassSpec> shaped_spec;  // the spec `shaped` was computed from
  Status shaped = Status::Ok();                      // why the spec cannot shape a catalog
  std::string spec_hash;                             // StaticHash (EC2NodeClass only)
  CatalogEntry* catalog = nullptr;
};

namespace {

constexpr std::string_view kHashAnnotation = "karpenter.k8s.aws/ec2nodeclass-hash";

std::string KeyOf(std::string_view kind, std::string_view name) {
  return std::string(kind) + "/" + std::string(name);
}

}  // namespace

SimCloud::SimCloud(EventLoop& loop, const state::ClusterState& cluster, SimCloudOptions options,
                   uint64_t seed)
    : loop_(loop), cluster_(cluster), seed_(seed), rng_(seed, "sim-cloud"), start_(loop.Now()) {
  auto resolved = ResolveCloudOptions(options);
  if (!resolved.ok()) {
    status_ = resolved.status();
    return;
  }
  options_ = std::move(*resolved);
  kwok_ = options_.kwok;
  status_ = CheckIceWindows();
}

SimCloud::~SimCloud() = default;

// ---- catalogs and node classes -------------------------------------------------------------

StatusOr<SimCloud::CatalogEntry*> SimCloud::CatalogFor(const NodeClassShape& shape) {
  std::string key = kwok_ ? "kwok" : shape.Key();
  auto it = catalogs_.find(key);
  if (it != catalogs_.end()) return it->second.get();
  std::optional<cloud::Catalog> catalog;
  if (kwok_) {
    catalog = cloud::Catalog::GenerateKwok(options_.kwok_catalog);
  } else {
    auto loaded = cloud::Catalog::LoadAws(shape.Apply(options_.catalog));
    if (!loaded.ok()) return NotReady(loaded.status().message());
    catalog = std::move(*loaded);
  }
  auto entry = std::make_unique<CatalogEntry>(std::move(*catalog));
  CatalogEntry* out = entry.get();
  catalogs_.emplace(std::move(key), std::move(entry));
  return out;
}

Status SimCloud::CheckIceWindows() {
  auto base = CatalogFor(NodeClassShape{});
  if (!base.ok()) return InvalidArgument("spec.cloud: " + base.status().message());
  const cloud::Catalog& catalog = (*base)->catalog;
  std::vector<std::string> zones = catalog.ValuesOf(k::kLabelTopologyZone);
  std::string problems;
  auto add = [&problems](const std::string& line) {
    problems += (problems.empty() ? "" : "\n") + line;
  };
  for (size_t i = 0; i < options_.insufficient_capacity.size(); i++) {
    const IceWindow& w = options_.insufficient_capacity[i];
    std::string p = "spec.cloud.insufficientCapacity[" + std::to_string(i) + "]";
    if (w.instance_type != "*" && catalog.Find(w.instance_type) == nullptr) {
      add(p + ".instanceType: no instance type \"" + w.instance_type + "\" in the " +
          std::string(Name()) + " catalog");
    }
    if (w.zone != "*" && std::find(zones.begin(), zones.end(), w.zone) == zones.end()) {
      add(p + ".zone: \"" + w.zone + "\" is not one of the cloud's zones");
    }
  }
  return problems.empty() ? Status::Ok() : InvalidArgument(problems);
}

StatusOr<SimCloud::NodeClassView*> SimCloud::ResolveNodeClass(const api::NodeClassReference& ref) {
  if (!status_.ok()) return status_;
  const api::EC2NodeClass* ec2 = nullptr;
  const api::KWOKNodeClass* kwok = nullptr;
  std::string why;
  if (ref.kind == "EC2NodeClass") {
    ec2 = cluster_.store<api::EC2NodeClass>().Get("", ref.name);
    if (ec2 != nullptr && !NodeClassReady(ec2->status.conditions, &why)) ec2 = nullptr;
  } else if (ref.kind == "KWOKNodeClass") {
    kwok = cluster_.store<api::KWOKNodeClass>().Get("", ref.name);
    if (kwok != nullptr && !NodeClassReady(kwok->status.conditions, &why)) kwok = nullptr;
  }
  if (ec2 == nullptr && kwok == nullptr) {
    return NotReady(ref.kind + " \"" + ref.name + "\" " +
                    (why.empty() ? "not found" : "is not ready: " + why));
  }
  std::unique_ptr<NodeClassView>& slot = node_classes_[KeyOf(ref.kind, ref.name)];
  if (slot == nullptr) {
    slot = std::make_unique<NodeClassView>();
    slot->kind = ref.kind;
    slot->name = ref.name;
  }
  NodeClassView& view = *slot;
  view.ec2 = ec2;
  view.kwok = kwok;
  if (view.catalog != nullptr && (kwok != nullptr || view.shaped_spec == ec2->spec)) {
    return &view;
  }
  NodeClassShape shape;
  if (ec2 != nullptr) {
    view.shaped_spec = ec2->spec;
    view.spec_hash = StaticHash(ec2->spec);
    auto shaped = ShapeOf(ec2->spec);
    view.shaped = shaped.status();
    if (shaped.ok()) shape = *shaped;
  }
  auto entry = CatalogFor(shape);
  if (view.shaped.ok()) view.shaped = entry.status();
  view.catalog = entry.ok() ? *entry : nullptr;
  return &view;
}

StatusOr<cloud::InstanceTypes> SimCloud::TypesFor(NodeClassView& view) {
  if (!view.shaped.ok() || view.catalog == nullptr) {
    return NotReady(view.kind + " \"" + view.name + "\": " + view.shaped.message());
  }
  ExpireIceCache();
  CatalogEntry& entry = *view.catalog;
  if (entry.list == nullptr || entry.list_version != ice_version_) {
    auto list = std::make_shared<std::vector<cloud::InstanceType>>(entry.catalog.types());
    if (!ice_.empty()) {
      for (cloud::InstanceType& t : *list) {
        for (cloud::Offering& o : t.offerings) {
          o.available = !InIceCache(t.name, o.zone, o.capacity_type);
        }
      }
    }
    entry.list = std::move(list);
    entry.list_version = ice_version_;
  }
  return entry.list;
}

StatusOr<cloud::InstanceTypes> SimCloud::GetInstanceTypes(const api::NodePool& nodepool) {
  SWELL_ASSIGN_OR_RETURN(NodeClassView * view,
                         ResolveNodeClass(nodepool.spec.template_.spec.node_class_ref));
  return TypesFor(*view);
}

// ---- the ICE cache (aws pkg/cache/unavailableofferings.go; karpenter.md §5) ----------------

bool SimCloud::InIceCache(std::string_view type, std::string_view zone,
                          std::string_view capacity_type) const {
  auto it =
      ice_.find(std::make_tuple(std::string(type), std::string(zone), std::string(capacity_type)));
  return it != ice_.end() && it->second > loop_.Now();
}

void SimCloud::MarkUnavailable(std::string_view type, std::string_view zone,
                               std::string_view capacity_type) {
  auto [it, inserted] = ice_.insert_or_assign(
      std::make_tuple(std::string(type), std::string(zone), std::string(capacity_type)),
      loop_.Now() + options_.unavailable_offerings_ttl);
  if (inserted) ice_version_++;
}

void SimCloud::ExpireIceCache() {
  size_t erased = std::erase_if(ice_, [&](const auto& e) { return e.second <= loop_.Now(); });
  if (erased > 0) ice_version_++;
}

provisioning::UnavailableOfferings SimCloud::IceSnapshot() const {
  provisioning::UnavailableOfferings out;
  for (const auto& [key, expiry] : ice_) {
    if (expiry > loop_.Now()) out.Add(std::get<0>(key), std::get<1>(key), std::get<2>(key));
  }
  return out;
}

bool SimCloud::InjectedIce(std::string_view type, std::string_view zone,
                           std::string_view capacity_type) const {
  Duration since_start = loop_.Now() - start_;
  for (const IceWindow& w : options_.insufficient_capacity) {
    if (w.Covers(type, zone, capacity_type, since_start)) return true;
  }
  return false;
}

// ---- launch ---------------------------------------------------------------------------------

StatusOr<provisioning::LaunchChoice> SimCloud::Launch(
    const api::Requirements& reqs, const api::NodeClaim& claim,
    const std::vector<const cloud::InstanceType*>& types) {
  provisioning::UnavailableOfferings unavailable = IceSnapshot();
  const api::ResourceList& requests = claim.spec.resources.requests;
  auto choice = provisioning::ChooseLaunch(reqs, types, requests, unavailable);
  if (!choice.ok()) return choice.status();
  // The fleet request: the chosen capacity type's offerings of these types, cheapest first.
  std::set<const cloud::InstanceType*> fleet(choice->candidates.begin(), choice->candidates.end());
  const std::string capacity_type = choice->capacity_type;
  int failed = 0;
  while (InjectedIce(choice->instance_type->name, choice->offering->zone, capacity_type)) {
    MarkUnavailable(choice->instance_type->name, choice->offering->zone, capacity_type);
    unavailable.Add(choice->instance_type->name, choice->offering->zone, capacity_type);
    failed++;
    auto next = provisioning::ChooseLaunch(reqs, types, requests, unavailable);
    if (!next.ok() || next->capacity_type != capacity_type ||
        fleet.count(next->instance_type) == 0) {
      return InsufficientCapacity("creating fleet: InsufficientInstanceCapacity for all " +
                                  std::to_string(failed) + " " + capacity_type +
                                  " offerings tried");
    }
    choice = std::move(next);
  }
  return choice;
}

std::string SimCloud::NewProviderId(const api::NodeClaim& claim, std::string_view zone) {
  auto taken = [this](const std::string& id) {
    return instances_.count(id) > 0 || billing_.Find(id) != nullptr;
  };
  if (kwok_) {
    std::string base = "kwok://" + (claim.metadata.name.empty() ? "node" : claim.metadata.name);
    std::string id = base;
    for (int n = 2; taken(id); n++) id = base + "-" + std::to_string(n);
    return id;
  }
  std::string id;
  do {
    uint64_t high = rng_.Next();
    id = "aws:///" + std::string(zone) + "/i-" + Hex17(high, rng_.Next());
  } while (taken(id));
  return id;
}

api::NodeClaim SimCloud::Describe(const api::NodeClaim& claim, const NodeClassView& view,
                                  const cloud::InstanceType& type,
                                  const cloud::Offering& offering) {
  api::NodeClaim out = claim;
  for (const auto& [key, value] : type.labels) out.metadata.labels[key] = value;
  out.metadata.labels[std::string(k::kLabelInstanceTypeStable)] = type.name;
  out.metadata.labels[std::string(k::kLabelTopologyZone)] = offering.zone;
  out.metadata.labels[std::string(k::kCapacityTypeLabelKey)] = offering.capacity_type;
  if (!kwok_) {
    out.metadata.labels[std::string(k::kLabelTopologyRegion)] = options_.catalog.region;
  }
  if (view.ec2 != nullptr) {
    out.metadata.annotations[std::string(kHashAnnotation)] = view.spec_hash;
    out.status.image_id = ResolveImageId(*view.ec2, out.metadata.labels);
  }
  out.metadata.creation_timestamp = api::Time{loop_.Now()};
  out.status.provider_id = NewProviderId(claim, offering.zone);
  out.status.capacity = type.capacity;
  out.status.allocatable = type.Allocatable();
  return out;
}

StatusOr<api::NodeClaim> SimCloud::Create(const api::NodeClaim& claim) {
  SWELL_ASSIGN_OR_RETURN(NodeClassView * view, ResolveNodeClass(claim.spec.node_class_ref));
  SWELL_ASSIGN_OR_RETURN(cloud::InstanceTypes types, TypesFor(*view));
  // Karpenter's NodeClaims name their instance types; the others cannot be chosen anyway.
  api::Requirements reqs =
      api::Requirements::FromNodeSelectorRequirementsWithMinValues(claim.spec.requirements);
  const api::Requirement* names = reqs.Find(k::kLabelInstanceTypeStable);
  std::vector<const cloud::InstanceType*> pointers;
  pointers.reserve(types->size());
  for (const cloud::InstanceType& t : *types) {
    if (names == nullptr || names->Has(t.name)) pointers.push_back(&t);
  }
  SWELL_ASSIGN_OR_RETURN(provisioning::LaunchChoice choice, Launch(reqs, claim, pointers));
  api::NodeClaim out = Describe(claim, *view, *choice.instance_type, *choice.offering);
  const std::string& id = out.status.provider_id;
  const std::string* arch = choice.instance_type->Label(k::kLabelArchStable);
  billing_.Start(BillingRecord{id, choice.instance_type->name, choice.offering->zone,
                               choice.capacity_type, arch ? *arch : "",
                               choice.offering->price_per_hour + options_.node_overhead_per_hour,
                               loop_.Now(), std::nullopt});
  Instance& instance = instances_[id];
  instance.claim = out;
  instance.kind = view->kind;
  instance.node_class = view->name;
  instance.spec_hash = view->ec2 != nullptr ? view->spec_hash : "";
  ScheduleLifecycle(id, *view, choice.capacity_type == k::kCapacityTypeSpot);
  return out;
}

// ---- lifecycle ------------------------------------------------------------------------------

void SimCloud::ScheduleLifecycle(const std::string& id, const NodeClassView& view, bool spot) {
  Duration registration;
  if (view.kwok != nullptr && view.kwok->spec.node_registration_delay) {
    registration = view.kwok->spec.node_registration_delay->value;
  } else {
    registration = options_.launch_latency.Sample(rng_) + options_.boot_time.Sample(rng_);
  }
  loop_.After(registration, [this, id] { Register(id); });
  double rate = options_.spot_interruptions_per_instance_hour;
  if (!spot || rate <= 0) return;
  Rng stream(seed_, "sim-cloud/spot/" + id);
  double hours = stream.Exponential(1.0 / rate);
  if (!(hours < 1e6)) return;  // beyond any run (and beyond Duration's range in microseconds)
  loop_.After(Duration(static_cast<int64_t>(std::llround(hours * 3.6e9))),
              [this, id] { Warn(id); });
}

void SimCloud::Register(const std::string& id) {
  auto it = instances_.find(id);
  if (it == instances_.end() || it->second.state != State::kPending) return;
  it->second.state = State::kRegistered;
  api::NodeClaim instance = it->second.claim;  // the callback may Delete it
  if (on_registered_) on_registered_(instance);
}

void SimCloud::Warn(const std::string& id) {
  auto it = instances_.find(id);
  if (it == instances_.end() || it->second.warned || it->second.state == State::kShuttingDown) {
    return;
  }
  it->second.warned = true;
  inbox_.push_back({cloud::InterruptionMessage::Kind::kSpotInterruption, id, loop_.Now(), ""});
  loop_.After(kSpotInterruptionNotice, [this, id] { Reclaim(id); });
}

void SimCloud::Reclaim(const std::string& id) {
  auto it = instances_.find(id);
  if (it == instances_.end() || it->second.state == State::kShuttingDown) return;
  billing_.Stop(id, loop_.Now());
  Terminate(id);
}

void SimCloud::Terminate(const std::string& id) {
  if (instances_.erase(id) == 0) return;
  inbox_.push_back({cloud::InterruptionMessage::Kind::kStateChange, id, loop_.Now(), "terminated"});
  if (on_terminated_) on_terminated_(id);
}

Status SimCloud::Delete(const api::NodeClaim& claim) {
  if (!status_.ok()) return status_;
  const std::string& id = claim.status.provider_id;
  auto it = instances_.find(id);
  if (it == instances_.end()) return NotFound("instance " + id + " not found");
  if (it->second.state == State::kShuttingDown) return Status::Ok();
  it->second.state = State::kShuttingDown;
  billing_.Stop(id, loop_.Now());
  loop_.After(options_.termination_time.Sample(rng_), [this, id] { Terminate(id); });
  return Status::Ok();
}

StatusOr<api::NodeClaim> SimCloud::Get(std::string_view provider_id) {
  if (!status_.ok()) return status_;
  auto it = instances_.find(provider_id);
  if (it == instances_.end())
    return NotFound("instance " + std::string(provider_id) + " not found");
  return it->second.claim;
}

StatusOr<std::vector<api::NodeClaim>> SimCloud::List() {
  if (!status_.ok()) return status_;
  std::vector<api::NodeClaim> out;
  out.reserve(instances_.size());
  for (const auto& [id, instance] : instances_) out.push_back(instance.claim);
  return out;
}

StatusOr<std::string> SimCloud::IsDrifted(const api::NodeClaim& claim) {
  if (!status_.ok()) return status_;
  auto it = instances_.find(claim.status.provider_id);
  if (it == instances_.end())
    return NotFound("instance " + claim.status.provider_id + " not found");
  const Instance& instance = it->second;
  if (instance.kind != "EC2NodeClass") return std::string();
  const api::EC2NodeClass* nc = cluster_.store<api::EC2NodeClass>().Get("", instance.node_class);
  if (nc == nullptr) return std::string();  // aws: a missing node class is not drift
  if (StaticHash(nc->spec) != instance.spec_hash) return std::string("NodeClassDrift");
  if (ResolveImageId(*nc, instance.claim.metadata.labels) != instance.claim.status.image_id) {
    return std::string("AMIDrift");
  }
  return std::string();
}

// ---- interruptions --------------------------------------------------------------------------

std::vector<cloud::InterruptionMessage> SimCloud::Receive() {
  std::vector<cloud::InterruptionMessage> out = std::move(inbox_);
  inbox_.clear();
  for (const cloud::InterruptionMessage& m : out) {
    if (m.kind != cloud::InterruptionMessage::Kind::kSpotInterruption) continue;
    // karpenter.md §3.8: a spot interruption marks (type, zone, spot) unavailable.
    if (const BillingRecord* r = billing_.Find(m.provider_id)) {
      MarkUnavailable(r->instance_type, r->zone, k::kCapacityTypeSpot);
    }
  }
  return out;
}

Status SimCloud::InterruptSpot(std::string_view provider_id, TimePoint warning_at) {
  if (!status_.ok()) return status_;
  auto it = instances_.find(provider_id);
  if (it == instances_.end())
    return NotFound("instance " + std::string(provider_id) + " not found");
  const api::StringMap& labels = it->second.claim.metadata.labels;
  auto ct = labels.find(k::kCapacityTypeLabelKey);
  if (ct == labels.end() || ct->second != k::kCapacityTypeSpot) {
    return InvalidArgument("instance " + std::string(provider_id) + " is not spot");
  }
  std::string id(provider_id);
  loop_.At(warning_at, [this, id] { Warn(id); });
  return Status::Ok();
}

}  // namespace swell::sim
