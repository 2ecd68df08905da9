#include "cloud/instance_types.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>
#include <regex>
#include <utility>

namespace swell::cloud {

extern const std::string_view kAwsInstanceTypesCsv;

namespace {

using api::Quantity;
using api::ResourceList;

namespace k = api::karpenter;
using k::kCapacityTypeOnDemand;
using k::kCapacityTypeSpot;

// Upstream well-known labels (karpenter.md §1.3) and the AWS ones (§1.4).
constexpr std::string_view kLabelInstanceType = k::kLabelInstanceTypeStable;
constexpr std::string_view kLabelArch = k::kLabelArchStable;
constexpr std::string_view kLabelOs = k::kLabelOSStable;
constexpr std::string_view kLabelRegion = k::kLabelTopologyRegion;
constexpr std::string_view kLabelZone = k::kLabelTopologyZone;
constexpr std::string_view kLabelCapacityType = k::kCapacityTypeLabelKey;
constexpr std::string_view kAwsCategory = k::kLabelInstanceCategory;
constexpr std::string_view kAwsGeneration = k::kLabelInstanceGeneration;
constexpr std::string_view kAwsFamily = k::kLabelInstanceFamily;
constexpr std::string_view kAwsSize = k::kLabelInstanceSize;
constexpr std::string_view kAwsCpu = k::kLabelInstanceCpu;
constexpr std::string_view kAwsMemory = k::kLabelInstanceMemory;
constexpr std::string_view kAwsHypervisor = k::kLabelInstanceHypervisor;
constexpr std::string_view kAwsFlex = k::kLabelInstanceCapabilityFlex;
constexpr std::string_view kAwsGpuCount = k::kLabelInstanceGpuCount;
constexpr std::string_view kAwsGpuManufacturer = k::kLabelInstanceGpuManufacturer;
constexpr std::string_view kAwsAcceleratorManufacturer = k::kLabelInstanceAcceleratorManufacturer;
// The kwok provider's labels (kwok/apis/v1alpha1/labels.go).
constexpr std::string_view kKwokSize = "karpenter.kwok.sh/instance-size";
constexpr std::string_view kKwokFamily = "karpenter.kwok.sh/instance-family";
constexpr std::string_view kKwokCpu = "karpenter.kwok.sh/instance-cpu";
constexpr std::string_view kKwokMemory = "karpenter.kwok.sh/instance-memory";

constexpr std::string_view kCpu = "cpu";
constexpr std::string_view kMemory = "memory";
constexpr std::string_view kPods = "pods";
constexpr std::string_view kEphemeralStorage = "ephemeral-storage";
constexpr std::string_view kNvidiaGpu = "nvidia.com/gpu";
constexpr std::string_view kAmdGpu = "amd.com/gpu";
constexpr std::string_view kHabanaGaudi = "habana.ai/gaudi";
// Karpenter's WellKnownExoticResources (aws pkg/apis/v1/labels.go).
constexpr std::array<std::string_view, 5> kExoticResources = {
    kNvidiaGpu, kAmdGpu, "aws.amazon.com/neuron", "aws.amazon.com/neuroncore", kHabanaGaudi};

constexpr int64_t kMiB = int64_t{1} << 20;
constexpr int64_t kGiB = int64_t{1} << 30;

Quantity Mebibytes(int64_t mib) {
  return Quantity::FromInt(mib * kMiB, Quantity::Format::kBinarySI);
}
Quantity Gibibytes(int64_t gib) {
  return Quantity::FromInt(gib * kGiB, Quantity::Format::kBinarySI);
}

// --- options ------------------------------------------------------------------------------

// A parsed evictionHard value: a percent of capacity or an absolute quantity.
struct EvictionSignal {
  std::optional<double> percent;
  Quantity quantity;
};

// Options checked once per catalog, with the evictionHard strings parsed.
struct PreparedOptions {
  std::optional<EvictionSignal> memory_available;
  std::optional<EvictionSignal> nodefs_available;
};

StatusOr<EvictionSignal> ParseEvictionSignal(std::string_view key, std::string_view value) {
  EvictionSignal signal;
  if (!value.empty() && value.back() == '%') {
    std::string_view digits = value.substr(0, value.size() - 1);
    double p = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), p);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || !(p >= 0 && p <= 100)) {
      return InvalidArgument("kubelet.evictionHard[" + std::string(key) +
                             "]: expected a percentage in [0%, 100%], got \"" + std::string(value) +
                             "\"");
    }
    signal.percent = p == 100 ? 0 : p;  // 100% disables the threshold (kubelet semantics)
    return signal;
  }
  StatusOr<Quantity> q = Quantity::Parse(value);
  if (!q.ok()) return q.status().WithPrefix("kubelet.evictionHard[" + std::string(key) + "]");
  signal.quantity = *q;
  return signal;
}

Status CheckList(std::string_view what, const std::vector<std::string>& values,
                 std::span<const std::string_view> allowed) {
  if (values.empty()) return InvalidArgument(std::string(what) + ": must not be empty");
  std::set<std::string_view> seen;
  for (const std::string& v : values) {
    if (v.empty()) return InvalidArgument(std::string(what) + ": empty value");
    if (!seen.insert(v).second) {
      return InvalidArgument(std::string(what) + ": duplicate \"" + v + "\"");
    }
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      return InvalidArgument(std::string(what) + ": unknown value \"" + v + "\"");
    }
  }
  return Status::Ok();
}

Status CheckSpotModel(const CatalogOptions& o) {
  if (o.spot_price_ratio.has_value()) {
    double r = *o.spot_price_ratio;
    if (!(r > 0 && r <= 1)) return InvalidArgument("spot_price_ratio: must be in (0, 1]");
    return Status::Ok();
  }
  if (!(o.spot_ratio_min > 0 && o.spot_ratio_min <= o.spot_ratio_max && o.spot_ratio_max < 1)) {
    return InvalidArgument("spot_ratio_min/spot_ratio_max: need 0 < min <= max < 1");
  }
  return Status::Ok();
}

Status CheckScalars(const CatalogOptions& o) {
  if (o.region.empty()) return InvalidArgument("region: must not be empty");
  if (!(o.vm_memory_overhead_percent >= 0 && o.vm_memory_overhead_percent < 1)) {
    return InvalidArgument("vm_memory_overhead_percent: must be in [0, 1)");
  }
  if (o.reserved_enis < 0) return InvalidArgument("reserved_enis: must be >= 0");
  if (o.reserved_enis > 0) {
    return Unimplemented(
        "reserved_enis > 0: the catalog data holds ENI-limited max pods, not per-type ENI "
        "counts; set kubelet.max_pods instead");
  }
  if (o.kubelet.max_pods.value_or(0) < 0) return InvalidArgument("kubelet.maxPods: must be >= 0");
  if (o.kubelet.pods_per_core.value_or(0) < 0) {
    return InvalidArgument("kubelet.podsPerCore: must be >= 0");
  }
  if (o.root_volume_size.Sign() <= 0) return InvalidArgument("root_volume_size: must be > 0");
  return CheckSpotModel(o);
}

StatusOr<PreparedOptions> Prepare(const CatalogOptions& o) {
  constexpr std::array<std::string_view, 2> kCapacityTypes = {kCapacityTypeOnDemand,
                                                              kCapacityTypeSpot};
  Status s = CheckScalars(o);
  if (s.ok()) s = CheckList("zones", o.zones, {});
  if (s.ok()) s = CheckList("capacity_types", o.capacity_types, kCapacityTypes);
  if (!s.ok()) return s.WithPrefix("catalog options");
  PreparedOptions prepared;
  for (const auto& [key, value] : o.kubelet.eviction_hard) {
    if (key != "memory.available" && key != "nodefs.available") continue;
    SWELL_ASSIGN_OR_RETURN(EvictionSignal signal, ParseEvictionSignal(key, value));
    (key == "memory.available" ? prepared.memory_available : prepared.nodefs_available) = signal;
  }
  return prepared;
}

// --- capacity and overhead (karpenter.md §2.4, aws pkg/providers/instancetype/types.go) -----

// MiB of memory capacity: Graviton (arm64) types lose 64 MiB of CMA-reserved memory, then
// ceil(bytes x vm_memory_overhead_percent) MiB go to the hypervisor. The float expression
// follows upstream's order of operations so rounding matches.
int64_t CapacityMemoryMib(const AwsInstanceRow& row, double vm_overhead_percent) {
  int64_t mib = row.memory_mib - (row.arch == "arm64" ? 64 : 0);
  double bytes = static_cast<double>(mib * kMiB);
  auto overhead_mib = static_cast<int64_t>(std::ceil(bytes * vm_overhead_percent / 1024 / 1024));
  return mib - overhead_mib;
}

// kubelet.maxPods if set, else the ENI-limited max pods; capped at podsPerCore x vCPU.
// (Data caveat: for the 29 types with several network cards, e.g. c6in.32xlarge, p5.48xlarge,
// the CSV's max_pods_eni counts the ENIs of every card, while Karpenter counts only the
// default card's (the VPC CNI uses only that one), so these types get more pods here.)
int64_t PodsCapacity(const AwsInstanceRow& row, const KubeletOptions& kubelet) {
  int64_t pods = kubelet.max_pods.has_value() ? *kubelet.max_pods : row.max_pods_eni;
  if (kubelet.pods_per_core.value_or(0) > 0) {
    pods = std::min<int64_t>(pods, int64_t{*kubelet.pods_per_core} * row.vcpu);
  }
  return pods;
}

ResourceList KubeReserved(int64_t cpu_millis, int64_t pods, const ResourceList& overrides) {
  ResourceList reserved;
  reserved[std::string(kMemory)] = Mebibytes(11 * pods + 255);
  reserved[std::string(kEphemeralStorage)] = Gibibytes(1);
  reserved[std::string(kCpu)] = Quantity::FromMilli(KubeReservedCpuMillis(cpu_millis));
  for (const auto& [name, q] : overrides) reserved[name] = q;
  return reserved;
}

// ceil(base / 100 x percent), in upstream's order of float operations.
Quantity CeilPercent(double base, double percent) {
  return Quantity::FromInt(static_cast<int64_t>(std::ceil(base / 100 * percent)));
}

// An evictionHard signal against its capacity (upstream computeEvictionSignal).
Quantity SignalValue(const Quantity& capacity, const EvictionSignal& signal) {
  return signal.percent.has_value() ? CeilPercent(capacity.AsDouble(), *signal.percent)
                                    : signal.quantity;
}

ResourceList EvictionThreshold(const Quantity& memory, const Quantity& storage,
                               const PreparedOptions& prepared) {
  ResourceList threshold;
  threshold[std::string(kMemory)] = Mebibytes(100);
  threshold[std::string(kEphemeralStorage)] = CeilPercent(static_cast<double>(storage.Value()), 10);
  if (prepared.memory_available) {
    threshold[std::string(kMemory)] = SignalValue(memory, *prepared.memory_available);
  }
  if (prepared.nodefs_available) {
    threshold[std::string(kEphemeralStorage)] = SignalValue(storage, *prepared.nodefs_available);
  }
  return threshold;
}

// The extended resource a GPU family's devices appear as. The CSV has GPU counts but not the
// manufacturer, so it comes from the family: g4ad = AMD Radeon, dl1 = Habana Gaudi, the rest
// of the GPU families in the data (g4dn, g5, g5g, g6*, g7e, gr6*, p3*, p4*, p5*, p6*) NVIDIA.
std::pair<std::string_view, std::string_view> GpuResourceAndManufacturer(std::string_view family) {
  if (family == "g4ad") return {kAmdGpu, "amd"};
  if (family == "dl1") return {kHabanaGaudi, "habana"};
  return {kNvidiaGpu, "nvidia"};
}

// AWS Neuron families (Inferentia, Trainium): inf<N>..., trn<N>...
bool IsNeuronFamily(std::string_view family) {
  for (std::string_view prefix : {"inf", "trn"}) {
    if (family.size() > prefix.size() && family.substr(0, prefix.size()) == prefix &&
        std::isdigit(static_cast<unsigned char>(family[prefix.size()])) != 0) {
      return true;
    }
  }
  return false;
}

ResourceList AwsCapacity(const AwsInstanceRow& row, const CatalogOptions& o) {
  ResourceList capacity;
  capacity[std::string(kCpu)] = Quantity::FromInt(row.vcpu);
  capacity[std::string(kMemory)] = Mebibytes(CapacityMemoryMib(row, o.vm_memory_overhead_percent));
  capacity[std::string(kPods)] = Quantity::FromInt(PodsCapacity(row, o.kubelet));
  capacity[std::string(kEphemeralStorage)] = o.root_volume_size;
  if (row.gpu > 0) {
    capacity[std::string(GpuResourceAndManufacturer(row.family).first)] =
        Quantity::FromInt(row.gpu);
  }
  return capacity;
}

Overhead AwsOverhead(const AwsInstanceRow& row, const ResourceList& capacity,
                     const CatalogOptions& o, const PreparedOptions& prepared) {
  int64_t reserved_pods = o.kube_reserved_memory_from_eni_pods
                              ? int64_t{row.max_pods_eni}
                              : capacity.find(kPods)->second.Value();
  Overhead overhead;
  overhead.kube_reserved =
      KubeReserved(int64_t{row.vcpu} * 1000, reserved_pods, o.kubelet.kube_reserved);
  overhead.system_reserved = o.kubelet.system_reserved;
  overhead.eviction_threshold = EvictionThreshold(
      capacity.find(kMemory)->second, capacity.find(kEphemeralStorage)->second, prepared);
  return overhead;
}

// --- labels (karpenter.md §1.3-1.4, computeRequirements) ------------------------------------

void AddCategoryAndGeneration(const std::string& name, api::StringMap& labels) {
  static const std::regex kScheme(R"((^[a-z]+)(-[0-9]+tb)?([0-9]+).*\.)");
  std::smatch m;
  if (std::regex_search(name, m, kScheme)) {
    labels[std::string(kAwsCategory)] = m[1].str();
    labels[std::string(kAwsGeneration)] = m[3].str();
  }
}

api::StringMap AwsLabels(const AwsInstanceRow& row, const std::string& region) {
  api::StringMap labels;
  labels[std::string(kLabelInstanceType)] = row.instance_type;
  labels[std::string(kLabelArch)] = row.arch;
  labels[std::string(kLabelOs)] = "linux";
  labels[std::string(kLabelRegion)] = region;
  AddCategoryAndGeneration(row.instance_type, labels);
  labels[std::string(kAwsFamily)] = row.family;
  labels[std::string(kAwsSize)] = row.size;
  labels[std::string(kAwsCpu)] = std::to_string(row.vcpu);
  labels[std::string(kAwsMemory)] = std::to_string(row.memory_mib);
  labels[std::string(kAwsHypervisor)] = row.hypervisor;
  bool flex = row.family.find("-flex") != std::string::npos;
  labels[std::string(kAwsFlex)] = flex ? "true" : "false";
  if (row.gpu > 0) {
    labels[std::string(kAwsGpuCount)] = std::to_string(row.gpu);
    labels[std::string(kAwsGpuManufacturer)] = GpuResourceAndManufacturer(row.family).second;
  }
  if (IsNeuronFamily(row.family)) labels[std::string(kAwsAcceleratorManufacturer)] = "aws";
  return labels;
}

std::vector<Offering> AwsOfferings(const AwsInstanceRow& row, const CatalogOptions& o) {
  std::vector<Offering> offerings;
  offerings.reserve(o.zones.size() * o.capacity_types.size());
  for (const std::string& zone : o.zones) {
    for (const std::string& ct : o.capacity_types) {
      double price = row.on_demand_usd_per_hour;
      if (ct == kCapacityTypeSpot) price = SpotPrice(row.instance_type, zone, price, o);
      offerings.push_back(Offering{zone, ct, price, true});
    }
  }
  return offerings;
}

InstanceType BuildPrepared(const AwsInstanceRow& row, const CatalogOptions& o,
                           const PreparedOptions& prepared) {
  InstanceType it;
  it.name = row.instance_type;
  it.labels = AwsLabels(row, o.region);
  it.capacity = AwsCapacity(row, o);
  it.overhead = AwsOverhead(row, it.capacity, o, prepared);
  it.offerings = AwsOfferings(row, o);
  return it;
}

// --- CSV ----------------------------------------------------------------------------------

constexpr std::array<std::string_view, 11> kCsvColumns = {"instance_type",
                                                          "family",
                                                          "size",
                                                          "arch",
                                                          "vcpu",
                                                          "memory_mib",
                                                          "gpu",
                                                          "max_pods_eni",
                                                          "hypervisor",
                                                          "bare_metal",
                                                          "on_demand_usd_per_hour"};

template <class Int>
bool ParseInt(std::string_view s, Int min, Int* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && *out >= min;
}

// Each parser stores its field into the row; returns "" or why the field is malformed.
using FieldParser = std::string (*)(std::string_view, AwsInstanceRow&);

std::string NonEmpty(std::string_view s, std::string& out) {
  if (s.empty()) return "must not be empty";
  out = std::string(s);
  return "";
}

constexpr std::array<FieldParser, 11> kFieldParsers = {
    [](std::string_view s, AwsInstanceRow& r) { return NonEmpty(s, r.instance_type); },
    [](std::string_view s, AwsInstanceRow& r) { return NonEmpty(s, r.family); },
    [](std::string_view s, AwsInstanceRow& r) { return NonEmpty(s, r.size); },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      if (s != "amd64" && s != "arm64") return "expected amd64 or arm64";
      r.arch = std::string(s);
      return "";
    },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      return ParseInt<int32_t>(s, 1, &r.vcpu) ? "" : "expected a positive integer";
    },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      return ParseInt<int64_t>(s, 1, &r.memory_mib) ? "" : "expected a positive integer";
    },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      return ParseInt<int32_t>(s, 0, &r.gpu) ? "" : "expected a non-negative integer";
    },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      return ParseInt<int32_t>(s, 1, &r.max_pods_eni) ? "" : "expected a positive integer";
    },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      if (s != "nitro" && s != "xen" && !s.empty()) return "expected nitro, xen or empty";
      r.hypervisor = std::string(s);
      return "";
    },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      if (s != "true" && s != "false") return "expected true or false";
      r.bare_metal = s == "true";
      return "";
    },
    [](std::string_view s, AwsInstanceRow& r) -> std::string {
      double& p = r.on_demand_usd_per_hour;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), p);
      bool ok = ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(p) && p > 0;
      return ok ? "" : "expected a positive price";
    },
};

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t comma; (comma = line.find(',', start)) != std::string_view::npos; start = comma + 1) {
    fields.push_back(line.substr(start, comma - start));
  }
  fields.push_back(line.substr(start));
  return fields;
}

Status LineError(size_t line, std::string_view msg) {
  return InvalidArgument("line " + std::to_string(line) + ": " + std::string(msg));
}

Status FieldError(size_t line, size_t column, std::string_view msg, std::string_view value) {
  return InvalidArgument("line " + std::to_string(line) + ", column " + std::to_string(column + 1) +
                         " (" + std::string(kCsvColumns[column]) + "): " + std::string(msg) +
                         ", got \"" + std::string(value) + "\"");
}

Status CheckHeader(std::string_view line) {
  std::vector<std::string_view> fields = SplitFields(line);
  for (size_t c = 0; c < kCsvColumns.size(); ++c) {
    if (c >= fields.size() || fields[c] != kCsvColumns[c]) {
      return FieldError(1, c, "unexpected header", c < fields.size() ? fields[c] : "");
    }
  }
  if (fields.size() != kCsvColumns.size()) {
    return LineError(1, "expected " + std::to_string(kCsvColumns.size()) + " header columns");
  }
  return Status::Ok();
}

StatusOr<AwsInstanceRow> ParseRow(std::string_view line, size_t line_no) {
  std::vector<std::string_view> fields = SplitFields(line);
  if (fields.size() != kCsvColumns.size()) {
    return LineError(line_no, "expected " + std::to_string(kCsvColumns.size()) + " columns, got " +
                                  std::to_string(fields.size()));
  }
  AwsInstanceRow row;
  for (size_t c = 0; c < fields.size(); ++c) {
    std::string why = kFieldParsers[c](fields[c], row);
    if (!why.empty()) return FieldError(line_no, c, why, fields[c]);
  }
  if (row.instance_type != row.family + "." + row.size) {
    return FieldError(line_no, 0, "is not <family>.<size> of columns 2 and 3", row.instance_type);
  }
  return row;
}

// Splits text into lines (LF or CRLF); line i of the result is line i+1 of the text.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return lines;
}

StatusOr<std::vector<AwsInstanceRow>> ParseRows(std::string_view text) {
  std::vector<std::string_view> lines = SplitLines(text);
  if (lines.empty()) return LineError(1, "missing header");
  SWELL_RETURN_IF_ERROR(CheckHeader(lines[0]));
  std::vector<AwsInstanceRow> rows;
  std::map<std::string, size_t, std::less<>> first_line;
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    SWELL_ASSIGN_OR_RETURN(AwsInstanceRow row, ParseRow(lines[i], i + 1));
    auto [it, inserted] = first_line.emplace(row.instance_type, i + 1);
    if (!inserted) {
      return FieldError(
          i + 1, 0, "duplicate instance type (first on line " + std::to_string(it->second) + ")",
          row.instance_type);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// --- spot model -----------------------------------------------------------------------------

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t FnvByte(uint64_t h, uint8_t b) { return (h ^ b) * kFnvPrime; }

uint64_t SplitMix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Uniform in [0, 1), a pure function of (seed, type, zone).
double SpotDraw(std::string_view type, std::string_view zone, uint64_t seed) {
  uint64_t h = kFnvOffset;
  for (int i = 0; i < 8; ++i) h = FnvByte(h, static_cast<uint8_t>(seed >> (8 * i)));
  for (char c : type) h = FnvByte(h, static_cast<uint8_t>(c));
  h = FnvByte(h, 0);
  for (char c : zone) h = FnvByte(h, static_cast<uint8_t>(c));
  return static_cast<double>(SplitMix64(h) >> 11) * 0x1.0p-53;
}

// --- kwok (karpenter.md §4, kwok/tools/gen_instance_types.go) -----------------------------

std::string_view KwokFamily(int32_t gib_per_cpu) {
  switch (gib_per_cpu) {
    case 2:
      return "c";
    case 4:
      return "s";
    case 8:
      return "m";
    default:
      return "e";
  }
}

// The canonical Quantity string of gib GiB ("2Gi", "1536Gi", "2Ti"), as kwok's label value.
std::string BinaryGibString(int64_t gib) {
  if (gib != 0 && gib % 1024 == 0) return std::to_string(gib / 1024) + "Ti";
  return std::to_string(gib) + "Gi";
}

struct KwokShape {
  int32_t cpu;
  int32_t gib_per_cpu;
  std::string os;
  std::string arch;
};

std::vector<Offering> KwokOfferings(double od, const KwokOptions& o) {
  std::vector<Offering> offerings;
  for (const std::string& zone : o.zones) {
    offerings.push_back(
        Offering{zone, std::string(kCapacityTypeSpot), od * o.spot_price_ratio, true});
    offerings.push_back(Offering{zone, std::string(kCapacityTypeOnDemand), od, true});
  }
  return offerings;
}

InstanceType KwokType(const KwokShape& s, const KwokOptions& o) {
  int64_t gib = int64_t{s.cpu} * s.gib_per_cpu;
  InstanceType it;
  it.name = std::string(KwokFamily(s.gib_per_cpu)) + "-" + std::to_string(s.cpu) + "x-" + s.arch +
            "-" + s.os;
  it.labels = {{std::string(kLabelInstanceType), it.name},
               {std::string(kLabelArch), s.arch},
               {std::string(kLabelOs), s.os},
               {std::string(kKwokSize), std::to_string(s.cpu)},
               {std::string(kKwokFamily), std::string(KwokFamily(s.gib_per_cpu))},
               {std::string(kKwokCpu), std::to_string(s.cpu)},
               {std::string(kKwokMemory), BinaryGibString(gib)}};
  it.capacity = {{std::string(kCpu), Quantity::FromInt(s.cpu)},
                 {std::string(kMemory), Gibibytes(gib)},
                 {std::string(kPods), Quantity::FromInt(std::clamp<int64_t>(16 * s.cpu, 0, 1024))},
                 {std::string(kEphemeralStorage), Gibibytes(20)}};
  it.overhead.kube_reserved = {{std::string(kCpu), Quantity::FromMilli(100)},
                               {std::string(kMemory), Mebibytes(10)}};
  double od = 0.025 * s.cpu + 0.001 * static_cast<double>(gib * kGiB) / 1e9;
  it.offerings = KwokOfferings(od, o);
  return it;
}

}  // namespace

// --- InstanceType ---------------------------------------------------------------------------

ResourceList Overhead::Total() const {
  ResourceList total = kube_reserved;
  api::AddTo(total, system_reserved);
  api::AddTo(total, eviction_threshold);
  return total;
}

ResourceList InstanceType::Allocatable() const {
  ResourceList total = overhead.Total();
  ResourceList allocatable = capacity;
  for (auto& [resource, q] : allocatable) {
    auto it = total.find(resource);
    if (it != total.end()) q -= it->second;
  }
  auto memory = allocatable.find(kMemory);
  if (memory != allocatable.end() && memory->second.Sign() < 0) memory->second = Quantity();
  return allocatable;
}

const std::string* InstanceType::Label(std::string_view key) const {
  auto it = labels.find(key);
  return it == labels.end() ? nullptr : &it->second;
}

const Offering* InstanceType::CheapestOffering(std::string_view capacity_type) const {
  const Offering* best = nullptr;
  for (const Offering& o : offerings) {
    if (!o.available || (!capacity_type.empty() && o.capacity_type != capacity_type)) continue;
    if (best == nullptr || o.price_per_hour < best->price_per_hour) best = &o;
  }
  return best;
}

// --- free functions -------------------------------------------------------------------------

double SpotPrice(std::string_view type, std::string_view zone, double on_demand,
                 const CatalogOptions& options) {
  if (options.spot_price_ratio.has_value()) return on_demand * *options.spot_price_ratio;
  double u = SpotDraw(type, zone, options.spot_seed);
  double span = options.spot_ratio_max - options.spot_ratio_min;
  return on_demand * (options.spot_ratio_min + span * u);
}

int64_t KubeReservedCpuMillis(int64_t cpu_millis) {
  struct Range {
    int64_t start, end;
    double percent;
  };
  constexpr std::array<Range, 4> kRanges = {
      {{0, 1000, 0.06}, {1000, 2000, 0.01}, {2000, 4000, 0.005}, {4000, int64_t{1} << 31, 0.0025}}};
  int64_t reserved = 0;
  for (const Range& r : kRanges) {
    if (cpu_millis < r.start) continue;
    int64_t span = cpu_millis < r.end ? cpu_millis - r.start : r.end - r.start;
    reserved += static_cast<int64_t>(static_cast<double>(span) * r.percent);
  }
  return reserved;
}

StatusOr<InstanceType> BuildAwsInstanceType(const AwsInstanceRow& row,
                                            const CatalogOptions& options) {
  SWELL_ASSIGN_OR_RETURN(PreparedOptions prepared, Prepare(options));
  return BuildPrepared(row, options, prepared);
}

bool IsExotic(const InstanceType& type) {
  const std::string* size = type.Label(kAwsSize);
  if (size != nullptr && size->find("metal") != std::string::npos) return true;
  for (std::string_view resource : kExoticResources) {
    auto it = type.capacity.find(resource);
    if (it != type.capacity.end() && !it->second.IsZero()) return true;
  }
  const std::string* accelerator = type.Label(kAwsAcceleratorManufacturer);
  return accelerator != nullptr && *accelerator == "aws";
}

std::vector<const InstanceType*> FilterExotic(std::span<const InstanceType* const> types) {
  std::vector<const InstanceType*> generic;
  std::copy_if(types.begin(), types.end(), std::back_inserter(generic),
               [](const InstanceType* t) { return !IsExotic(*t); });
  if (generic.empty()) return {types.begin(), types.end()};
  return generic;
}

// --- Catalog --------------------------------------------------------------------------------

Catalog::Catalog(std::vector<InstanceType> types) : types_(std::move(types)) {
  std::sort(types_.begin(), types_.end(),
            [](const InstanceType& a, const InstanceType& b) { return a.name < b.name; });
  for (const InstanceType& t : types_) {
    for (const auto& [key, value] : t.labels) label_keys_.insert(key);
    if (!t.offerings.empty()) {
      label_keys_.emplace(kLabelZone);
      label_keys_.emplace(kLabelCapacityType);
    }
  }
}

StatusOr<Catalog> Catalog::LoadAws(const CatalogOptions& options) {
  return ParseCsv(kAwsInstanceTypesCsv, options);
}

StatusOr<Catalog> Catalog::ParseCsv(std::string_view text, const CatalogOptions& options) {
  SWELL_ASSIGN_OR_RETURN(PreparedOptions prepared, Prepare(options));
  SWELL_ASSIGN_OR_RETURN(std::vector<AwsInstanceRow> rows, ParseRows(text));
  std::vector<InstanceType> types;
  types.reserve(rows.size());
  for (const AwsInstanceRow& row : rows) types.push_back(BuildPrepared(row, options, prepared));
  return Catalog(std::move(types));
}

Catalog Catalog::GenerateKwok(const KwokOptions& options) {
  std::map<std::string, InstanceType, std::less<>> by_name;
  for (int32_t cpu : options.cpus) {
    for (int32_t factor : options.memory_gib_per_cpu) {
      if (cpu <= 0 || factor <= 0) continue;
      for (const std::string& os : options.oses) {
        for (const std::string& arch : options.arches) {
          InstanceType it = KwokType(KwokShape{cpu, factor, os, arch}, options);
          by_name.emplace(it.name, std::move(it));
        }
      }
    }
  }
  std::vector<InstanceType> types;
  for (auto& [name, it] : by_name) types.push_back(std::move(it));
  return Catalog(std::move(types));
}

StatusOr<Catalog> Catalog::FromTypes(std::vector<InstanceType> types) {
  std::set<std::string_view> names;
  for (const InstanceType& t : types) {
    if (t.name.empty()) return InvalidArgument("instance type with an empty name");
    if (!names.insert(t.name).second) {
      return InvalidArgument("duplicate instance type \"" + t.name + "\"");
    }
  }
  return Catalog(std::move(types));
}

const InstanceType* Catalog::Find(std::string_view name) const {
  auto it = std::lower_bound(types_.begin(), types_.end(), name,
                             [](const InstanceType& t, std::string_view n) { return t.name < n; });
  return it != types_.end() && it->name == name ? &*it : nullptr;
}

std::vector<std::string> Catalog::ValuesOf(std::string_view key) const {
  std::set<std::string, std::less<>> values;
  for (const InstanceType& t : types_) {
    if (key == kLabelZone || key == kLabelCapacityType) {
      for (const Offering& o : t.offerings) {
        values.insert(key == kLabelZone ? o.zone : o.capacity_type);
      }
    } else if (const std::string* v = t.Label(key)) {
      values.insert(*v);
    }
  }
  return {values.begin(), values.end()};
}

}  // namespace swell::cloud
