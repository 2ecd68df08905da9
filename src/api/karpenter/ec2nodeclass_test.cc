// EC2NodeClass and KWOKNodeClass: decoding, defaults, and one passing and one failing case for
// every CRD CEL rule, pattern and enum and every kubelet check (karpenter.md §1.5, §4).
#include <gtest/gtest.h>

#include "api/karpenter/kubelet.h"
#include "api/karpenter/test_util.h"
#include "api/karpenter/types.h"

namespace swell::api {
namespace {

using karpenter::testing::CheckRuleCase;
using karpenter::testing::Describe;
using karpenter::testing::MustDecode;
using karpenter::testing::ParseNode;
using karpenter::testing::RuleCase;

constexpr std::string_view kNodeClass = R"(
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterNodeRole-demo
  subnetSelectorTerms:
  - tags: {karpenter.sh/discovery: demo}
  - id: subnet-0123456789abcdef0
  securityGroupSelectorTerms:
  - tags: {karpenter.sh/discovery: demo}
  - name: eks-cluster-sg
  amiSelectorTerms:
  - alias: al2023@latest
  tags:
    team: web
  blockDeviceMappings:
  - deviceName: /dev/xvda
    rootVolume: true
    ebs: {volumeSize: 100Gi, volumeType: gp3, encrypted: true, deleteOnTermination: true}
  kubelet:
    maxPods: 110
    clusterDNS: [10.100.0.10]
    systemReserved: {cpu: 100m, memory: 100Mi}
    evictionHard: {memory.available: 5%}
    imageGCHighThresholdPercent: 85
    imageGCLowThresholdPercent: 80
)";

EC2NodeClass Base() { return MustDecode<EC2NodeClass>(kNodeClass); }

RawNode Kubelet(std::string_view yaml) { return RawNode(ParseNode(yaml)); }

TEST(EC2NodeClass, DecodesEveryField) {
  EC2NodeClass o = MustDecode<EC2NodeClass>(R"(
metadata: {name: full}
spec:
  subnetSelectorTerms: [{id: subnet-1}]
  securityGroupSelectorTerms: [{id: sg-1}]
  capacityReservationSelectorTerms:
  - {ownerID: "123456789012", tags: {purpose: ml}, instanceMatchCriteria: targeted}
  placementGroupSelector: {name: my-pg}
  associatePublicIPAddress: false
  ipPrefixCount: 2
  amiSelectorTerms:
  - {name: my-ami-*, owner: self, tags: {env: prod}}
  - {ssmParameter: /aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id}
  amiFamily: AL2023
  userData: "#!/bin/bash\necho hi\n"
  instanceProfile: KarpenterNodeInstanceProfile
  tags: {team: web}
  kubelet: {maxPods: 58, featureGates: {InPlacePodVerticalScaling: true}}
  blockDeviceMappings:
  - deviceName: /dev/xvda
    rootVolume: true
    ebs: {volumeSize: 20Gi, volumeType: gp3, iops: 3000, throughput: 125, encrypted: true,
          kmsKeyID: arn:aws:kms:us-east-1:123456789012:key/x, deleteOnTermination: true,
          snapshotID: snap-0123, volumeInitializationRate: 200}
  instanceStorePolicy: RAID0
  networkInterfaces:
  - {networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}
  - {networkCardIndex: 1, deviceIndex: 0, interfaceType: efa-only}
  detailedMonitoring: true
  metadataOptions: {httpEndpoint: enabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 2, httpTokens: required}
  connectionTracking: {tcpEstablishedTimeout: 3600, udpStreamTimeout: 120, udpTimeout: 30}
  context: cr-context
  cpuOptions: {nestedVirtualization: enabled}
status:
  subnets: [{id: subnet-1, zone: us-east-1a, zoneID: use1-az1}]
  securityGroups: [{id: sg-1, name: default}]
  amis:
  - id: ami-1
    name: al2023
    requirements: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]
  capacityReservations:
  - {availabilityZone: us-east-1a, id: cr-1, instanceMatchCriteria: targeted, instanceType: p5.48xlarge, ownerID: "123456789012", interruptible: false}
  instanceProfile: KarpenterNodeInstanceProfile
  conditions:
  - {type: Ready, status: "True", reason: Ready, message: "", lastTransitionTime: "2026-01-01T00:00:00Z"}
)");
  const EC2NodeClassSpec& s = o.spec;
  EXPECT_EQ(s.capacity_reservation_selector_terms.at(0).owner_id, "123456789012");
  EXPECT_EQ(s.placement_group_selector->name, "my-pg");
  EXPECT_EQ(s.associate_public_ip_address, false);
  EXPECT_EQ(s.ami_selector_terms.at(1).ssm_parameter.has_value(), true);
  EXPECT_EQ(s.block_device_mappings.at(0).ebs->volume_initialization_rate, 200);
  EXPECT_EQ(s.network_interfaces.at(1).interface_type, "efa-only");
  EXPECT_EQ(s.metadata_options->http_put_response_hop_limit, 2);
  EXPECT_EQ(s.connection_tracking->udp_timeout, 30);
  EXPECT_EQ(s.cpu_options->nested_virtualization, "enabled");
  EXPECT_EQ(o.status.amis.at(0).requirements.at(0).values.at(0), "amd64");
  auto parsed = karpenter::ParseKubeletConfig(s.kubelet);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->max_pods, IntOrString::Int(58));
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  karpenter::testing::ExpectRoundTrip(o);
}

TEST(EC2NodeClass, BaseIsValid) {
  Diagnostics diags;
  Validate(Base(), diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  karpenter::testing::ExpectRoundTrip(Base());
}

// CRD defaults: metadataOptions as a whole and field by field (karpenter.md §1.5).
TEST(EC2NodeClass, DefaultsMetadataOptions) {
  EC2NodeClass o = Base();
  ApplyDefaults(o);
  ASSERT_TRUE(o.spec.metadata_options.has_value());
  EXPECT_EQ(o.spec.metadata_options->http_endpoint, "enabled");
  EXPECT_EQ(o.spec.metadata_options->http_protocol_ipv6, "disabled");
  EXPECT_EQ(o.spec.metadata_options->http_put_response_hop_limit, 1);
  EXPECT_EQ(o.spec.metadata_options->http_tokens, "required");
  EXPECT_TRUE(o.spec.block_device_mappings.size() == 1);  // no API default for these

  EC2NodeClass partial = Base();
  partial.spec.metadata_options = MetadataOptions{};
  partial.spec.metadata_options->http_tokens = "optional";
  partial.spec.metadata_options->http_put_response_hop_limit = 2;
  partial.status.capacity_reservations.push_back({});
  ApplyDefaults(partial);
  EXPECT_EQ(partial.spec.metadata_options->http_endpoint, "enabled");
  EXPECT_EQ(partial.spec.metadata_options->http_tokens, "optional");
  EXPECT_EQ(partial.spec.metadata_options->http_put_response_hop_limit, 2);
  EXPECT_EQ(partial.status.capacity_reservations[0].reservation_type, "default");
  EXPECT_EQ(partial.status.capacity_reservations[0].state, "active");
}

TEST(EC2NodeClass, AmiFamilyOf) {
  EC2NodeClass o = Base();
  EXPECT_EQ(karpenter::AmiFamilyOf(o.spec), "AL2023");
  o.spec.ami_selector_terms[0].alias = "windows2022@latest";
  EXPECT_EQ(karpenter::AmiFamilyOf(o.spec), "Windows2022");
  o.spec.ami_family = "Custom";
  EXPECT_EQ(karpenter::AmiFamilyOf(o.spec), "Custom");
  o.spec.ami_family.reset();
  o.spec.ami_selector_terms[0] = AMISelectorTerm{};
  o.spec.ami_selector_terms[0].id = "ami-1";
  EXPECT_EQ(karpenter::AmiFamilyOf(o.spec), "Custom");
}

SubnetSelectorTerm& Subnet(EC2NodeClass& o, size_t i) { return o.spec.subnet_selector_terms[i]; }
SecurityGroupSelectorTerm& Sg(EC2NodeClass& o, size_t i) {
  return o.spec.security_group_selector_terms[i];
}
AMISelectorTerm& Ami(EC2NodeClass& o) { return o.spec.ami_selector_terms[0]; }
void UseAmiIds(EC2NodeClass& o) {
  o.spec.ami_selector_terms = {AMISelectorTerm{}, AMISelectorTerm{}};
  o.spec.ami_selector_terms[0].id = "ami-0123";
  o.spec.ami_selector_terms[1].id = "ami-0456";
  o.spec.ami_family = "AL2";
}
CapacityReservationSelectorTerm& AddCr(EC2NodeClass& o) {
  return o.spec.capacity_reservation_selector_terms.emplace_back();
}
BlockDevice SizedVolume(std::string size) {
  BlockDevice b;
  b.volume_size = std::move(size);
  return b;
}
BlockDevice& Ebs(EC2NodeClass& o) { return *o.spec.block_device_mappings[0].ebs; }
void AddNic(EC2NodeClass& o, int32_t card, int32_t device, std::string type) {
  o.spec.network_interfaces.push_back({card, device, std::move(type)});
}
MetadataOptions& Imds(EC2NodeClass& o) { return o.spec.metadata_options.emplace(); }
ConnectionTracking& Conntrack(EC2NodeClass& o) { return o.spec.connection_tracking.emplace(); }
PlacementGroupSelector& Pg(EC2NodeClass& o) { return o.spec.placement_group_selector.emplace(); }

const RuleCase<EC2NodeClass> kNodeClassRules[] = {
    {"karpenter/subnet-selector-terms",
     [](EC2NodeClass& o) { o.spec.subnet_selector_terms.resize(1); },
     [](EC2NodeClass& o) { o.spec.subnet_selector_terms.clear(); }},
    {"karpenter/subnet-selector-terms",
     [](EC2NodeClass& o) {
       o.spec.subnet_selector_terms.resize(30, SubnetSelectorTerm{Subnet(o, 0)});
     },
     [](EC2NodeClass& o) {
       o.spec.subnet_selector_terms.resize(31, SubnetSelectorTerm{Subnet(o, 0)});
     }},
    {"karpenter/subnet-selector-terms",
     [](EC2NodeClass& o) {
       Subnet(o, 1) = SubnetSelectorTerm{StringMap{{"Name", "private"}}, {}};
     },
     [](EC2NodeClass& o) { Subnet(o, 1) = SubnetSelectorTerm{}; }},
    {"karpenter/security-group-selector-terms",
     [](EC2NodeClass& o) { o.spec.security_group_selector_terms.resize(1); },
     [](EC2NodeClass& o) { o.spec.security_group_selector_terms.clear(); }},
    {"karpenter/security-group-selector-terms",
     [](EC2NodeClass& o) {
       Sg(o, 1) = SecurityGroupSelectorTerm{{}, "sg-0123", {}};
     },
     [](EC2NodeClass& o) { Sg(o, 1) = SecurityGroupSelectorTerm{}; }},
    {"karpenter/capacity-reservation-selector-terms",
     [](EC2NodeClass& o) { AddCr(o).instance_match_criteria = "open"; },
     [](EC2NodeClass& o) { AddCr(o).owner_id = "123456789012"; }},
    {"karpenter/capacity-reservation-selector-terms",
     [](EC2NodeClass& o) { AddCr(o).instance_match_criteria = "targeted"; },
     [](EC2NodeClass& o) { AddCr(o).instance_match_criteria = "any"; }},
    {"karpenter/capacity-reservation-selector-terms",
     [](EC2NodeClass& o) {
       AddCr(o).tags = StringMap{{"a", "b"}};
       o.spec.capacity_reservation_selector_terms[0].owner_id = "000000000000";
     },
     [](EC2NodeClass& o) {
       AddCr(o).tags = StringMap{{"a", "b"}};
       o.spec.capacity_reservation_selector_terms[0].owner_id = "1234";
     }},
    {"karpenter/ami-selector-terms", [](EC2NodeClass& o) { UseAmiIds(o); },
     [](EC2NodeClass& o) {
       o.spec.ami_selector_terms.clear();
       o.spec.ami_family = "AL2";
     }},
    {"karpenter/ami-selector-terms",
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_selector_terms[1] = AMISelectorTerm{};
       o.spec.ami_selector_terms[1].ssm_parameter = "/my/ami";
     },
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_selector_terms[1] = AMISelectorTerm{};
       o.spec.ami_selector_terms[1].owner = "self";
     }},
    {"karpenter/selector-term-id", [](EC2NodeClass& o) { Subnet(o, 1).id = "subnet-abc"; },
     [](EC2NodeClass& o) { Subnet(o, 1).id = "sn-abc"; }},
    {"karpenter/selector-term-id",
     [](EC2NodeClass& o) {
       Sg(o, 1) = SecurityGroupSelectorTerm{{}, "sg-abc", {}};
     },
     [](EC2NodeClass& o) {
       Sg(o, 1) = SecurityGroupSelectorTerm{{}, "SG-ABC", {}};
     }},
    {"karpenter/selector-term-id", [](EC2NodeClass& o) { UseAmiIds(o); },
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_selector_terms[0].id = "ami_123";
     }},
    {"karpenter/selector-term-id", [](EC2NodeClass& o) { AddCr(o).id = "cr-0123"; },
     [](EC2NodeClass& o) { AddCr(o).id = "cr-0123x!"; }},
    {"karpenter/selector-term-exclusive",  // CEL: fails only if every term mixes id and tags
     [](EC2NodeClass& o) {
       Subnet(o, 1).tags = StringMap{{"a", "b"}};
     },
     [](EC2NodeClass& o) {
       o.spec.subnet_selector_terms = {SubnetSelectorTerm{StringMap{{"a", "b"}}, "subnet-1"}};
     }},
    {"karpenter/selector-term-exclusive",
     [](EC2NodeClass& o) {
       Sg(o, 1) = SecurityGroupSelectorTerm{{}, {}, "my-sg"};
     },
     [](EC2NodeClass& o) {
       o.spec.security_group_selector_terms = {SecurityGroupSelectorTerm{{}, "sg-1", "my-sg"}};
     }},
    {"karpenter/selector-term-exclusive", [](EC2NodeClass& o) { AddCr(o).id = "cr-1"; },
     [](EC2NodeClass& o) {
       auto& t = AddCr(o);
       t.id = "cr-1";
       t.instance_match_criteria = "open";
     }},
    {"karpenter/selector-term-exclusive", [](EC2NodeClass& o) { UseAmiIds(o); },
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_selector_terms[0].owner = "self";
     }},
    {"karpenter/selector-term-exclusive",
     [](EC2NodeClass& o) { Ami(o).alias = "bottlerocket@v1.20.0"; },
     [](EC2NodeClass& o) {
       Ami(o).tags = StringMap{{"a", "b"}};
     }},
    {"karpenter/selector-term-exclusive",  // alias must be the only term
     [](EC2NodeClass& o) { Ami(o).alias = "al2@latest"; },
     [](EC2NodeClass& o) { o.spec.ami_selector_terms.emplace_back().id = "ami-1"; }},
    {"karpenter/selector-term-ignored", [](EC2NodeClass& o) { Subnet(o, 1).id = "subnet-2"; },
     [](EC2NodeClass& o) {
       Subnet(o, 1).tags = StringMap{{"Name", "x"}};
     }},
    {"karpenter/selector-tags",
     [](EC2NodeClass& o) {
       Subnet(o, 0).tags = StringMap{{"kubernetes.io/role/internal-elb", "1"}};
     },
     [](EC2NodeClass& o) {
       Subnet(o, 0).tags = StringMap{{"Name", ""}};
     }},
    {"karpenter/selector-tags",
     [](EC2NodeClass& o) {
       for (int i = 0; i < 19; i++) (*Sg(o, 0).tags)["k" + std::to_string(i)] = "v";
     },
     [](EC2NodeClass& o) {
       for (int i = 0; i < 20; i++) (*Sg(o, 0).tags)["k" + std::to_string(i)] = "v";
     }},
    {"karpenter/ami-alias", [](EC2NodeClass& o) { Ami(o).alias = "al2023@v20240625"; },
     [](EC2NodeClass& o) { Ami(o).alias = "al2023"; }},
    {"karpenter/ami-alias", [](EC2NodeClass& o) { Ami(o).alias = "bottlerocket@latest"; },
     [](EC2NodeClass& o) { Ami(o).alias = "ubuntu@latest"; }},
    {"karpenter/ami-alias", [](EC2NodeClass& o) { Ami(o).alias = "windows2025@latest"; },
     [](EC2NodeClass& o) { Ami(o).alias = "windows2019@v2024"; }},
    {"karpenter/ami-alias",  // maxLength 30
     [](EC2NodeClass& o) { Ami(o).alias = "al2023@" + std::string(23, '1'); },
     [](EC2NodeClass& o) { Ami(o).alias = "al2023@" + std::string(24, '1'); }},
    {"karpenter/ami-family",
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_family = "Bottlerocket";
     },
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_family.reset();
     }},
    {"karpenter/ami-family",
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_family = "Windows2025";
     },
     [](EC2NodeClass& o) {
       UseAmiIds(o);
       o.spec.ami_family = "Ubuntu";
     }},
    {"karpenter/ami-family", [](EC2NodeClass& o) { o.spec.ami_family = "Custom"; },
     [](EC2NodeClass& o) { o.spec.ami_family = "AL2"; }},
    {"karpenter/ami-family",
     [](EC2NodeClass& o) {
       Ami(o).alias = "windows2022@latest";
       o.spec.ami_family = "Windows2022";
     },
     [](EC2NodeClass& o) {
       Ami(o).alias = "windows2022@latest";
       o.spec.ami_family = "Windows2019";
     }},
    {"karpenter/role-or-instance-profile",
     [](EC2NodeClass& o) {
       o.spec.role.reset();
       o.spec.instance_profile = "MyProfile";
     },
     [](EC2NodeClass& o) { o.spec.instance_profile = "MyProfile"; }},
    {"karpenter/role-or-instance-profile",
     [](EC2NodeClass& o) { o.spec.role = "arn:aws:iam::123456789012:role/KarpenterNodeRole"; },
     [](EC2NodeClass& o) { o.spec.role.reset(); }},
    {"karpenter/role-or-instance-profile", [](EC2NodeClass& o) { o.spec.role = "r"; },
     [](EC2NodeClass& o) { o.spec.role = ""; }},
    {"karpenter/tags", [](EC2NodeClass& o) { o.spec.tags["kubernetes.io/role"] = "node"; },
     [](EC2NodeClass& o) { o.spec.tags["kubernetes.io/cluster/demo"] = "owned"; }},
    {"karpenter/tags", [](EC2NodeClass& o) { o.spec.tags["karpenter.sh/discovery"] = "demo"; },
     [](EC2NodeClass& o) { o.spec.tags["karpenter.sh/nodepool"] = "default"; }},
    {"karpenter/tags", [](EC2NodeClass& o) { o.spec.tags["eks:cluster"] = "x"; },
     [](EC2NodeClass& o) { o.spec.tags["eks:eks-cluster-name"] = "demo"; }},
    {"karpenter/tags", [](EC2NodeClass& o) { o.spec.tags["Name"] = ""; },
     [](EC2NodeClass& o) { o.spec.tags[""] = "x"; }},
    {"karpenter/block-device-mappings",
     [](EC2NodeClass& o) {
       o.spec.block_device_mappings.push_back({"/dev/xvdb", SizedVolume("1Ti"), false});
     },
     [](EC2NodeClass& o) {
       o.spec.block_device_mappings.push_back({"/dev/xvdb", SizedVolume("1Ti"), true});
     }},
    {"karpenter/block-device-mappings",
     [](EC2NodeClass& o) { o.spec.block_device_mappings.resize(50); },
     [](EC2NodeClass& o) { o.spec.block_device_mappings.resize(51); }},
    {"karpenter/ebs",
     [](EC2NodeClass& o) {
       Ebs(o).volume_size.reset();
       Ebs(o).snapshot_id = "snap-1";
     },
     [](EC2NodeClass& o) { Ebs(o).volume_size.reset(); }},
    {"karpenter/ebs",
     [](EC2NodeClass& o) {
       Ebs(o).snapshot_id = "snap-1";
       Ebs(o).volume_initialization_rate = 300;
     },
     [](EC2NodeClass& o) { Ebs(o).volume_initialization_rate = 100; }},
    {"karpenter/ebs",
     [](EC2NodeClass& o) {
       Ebs(o).snapshot_id = "snap-1";
       Ebs(o).volume_initialization_rate = 100;
     },
     [](EC2NodeClass& o) {
       Ebs(o).snapshot_id = "snap-1";
       Ebs(o).volume_initialization_rate = 99;
     }},
    {"karpenter/ebs", [](EC2NodeClass& o) { Ebs(o).volume_size = "59000Gi"; },
     [](EC2NodeClass& o) { Ebs(o).volume_size = "59001Gi"; }},
    {"karpenter/ebs", [](EC2NodeClass& o) { Ebs(o).volume_size = "64T"; },
     [](EC2NodeClass& o) { Ebs(o).volume_size = "100Mi"; }},
    {"karpenter/ebs", [](EC2NodeClass& o) { Ebs(o).volume_type = "io2"; },
     [](EC2NodeClass& o) { Ebs(o).volume_type = "gp4"; }},
    {"karpenter/instance-store-policy",
     [](EC2NodeClass& o) { o.spec.instance_store_policy = "RAID0"; },
     [](EC2NodeClass& o) { o.spec.instance_store_policy = "RAID1"; }},
    {"karpenter/ip-prefix-count", [](EC2NodeClass& o) { o.spec.ip_prefix_count = 0; },
     [](EC2NodeClass& o) { o.spec.ip_prefix_count = -1; }},
    {"karpenter/network-interfaces",
     [](EC2NodeClass& o) {
       AddNic(o, 0, 0, "interface");
       AddNic(o, 0, 1, "efa-only");
     },
     [](EC2NodeClass& o) { AddNic(o, 0, 1, "interface"); }},
    {"karpenter/network-interfaces",
     [](EC2NodeClass& o) {
       AddNic(o, 0, 0, "interface");
       AddNic(o, 1, 0, "efa-only");
     },
     [](EC2NodeClass& o) {
       AddNic(o, 0, 0, "interface");
       AddNic(o, 0, 0, "efa-only");
     }},
    {"karpenter/network-interfaces",
     [](EC2NodeClass& o) {
       AddNic(o, 0, 0, "interface");
       AddNic(o, 1, 1, "efa-only");
     },
     [](EC2NodeClass& o) {
       AddNic(o, 0, 0, "interface");
       AddNic(o, 1, 1, "efa-only");
       AddNic(o, 1, 2, "efa-only");
     }},
    {"karpenter/network-interfaces", [](EC2NodeClass& o) { AddNic(o, 0, 0, "interface"); },
     [](EC2NodeClass& o) {
       AddNic(o, 0, 0, "interface");
       AddNic(o, 0, -1, "ena");
     }},
    {"karpenter/metadata-options", [](EC2NodeClass& o) { Imds(o).http_tokens = "optional"; },
     [](EC2NodeClass& o) { Imds(o).http_tokens = "required-v2"; }},
    {"karpenter/metadata-options",
     [](EC2NodeClass& o) {
       Imds(o).http_endpoint = "disabled";
       o.spec.metadata_options->http_protocol_ipv6 = "enabled";
     },
     [](EC2NodeClass& o) { Imds(o).http_protocol_ipv6 = "on"; }},
    {"karpenter/metadata-options",
     [](EC2NodeClass& o) { Imds(o).http_put_response_hop_limit = 64; },
     [](EC2NodeClass& o) { Imds(o).http_put_response_hop_limit = 0; }},
    {"karpenter/connection-tracking", [](EC2NodeClass& o) { Conntrack(o).udp_timeout = 60; },
     [](EC2NodeClass& o) { Conntrack(o); }},
    {"karpenter/connection-tracking",
     [](EC2NodeClass& o) { Conntrack(o).tcp_established_timeout = 432000; },
     [](EC2NodeClass& o) { Conntrack(o).tcp_established_timeout = 59; }},
    {"karpenter/connection-tracking",
     [](EC2NodeClass& o) { Conntrack(o).udp_stream_timeout = 180; },
     [](EC2NodeClass& o) { Conntrack(o).udp_stream_timeout = 181; }},
    {"karpenter/cpu-options",
     [](EC2NodeClass& o) { o.spec.cpu_options.emplace().nested_virtualization = "disabled"; },
     [](EC2NodeClass& o) { o.spec.cpu_options.emplace().nested_virtualization = "true"; }},
    {"karpenter/placement-group-selector", [](EC2NodeClass& o) { Pg(o).id = "pg-0123"; },
     [](EC2NodeClass& o) { Pg(o); }},
    {"karpenter/placement-group-selector", [](EC2NodeClass& o) { Pg(o).name = "spread"; },
     [](EC2NodeClass& o) {
       Pg(o).name = "spread";
       o.spec.placement_group_selector->id = "pg-1";
     }},
    {"karpenter/placement-group-selector", [](EC2NodeClass& o) { Pg(o).id = "pg-abc"; },
     [](EC2NodeClass& o) { Pg(o).id = "placement-1"; }},
    // ---- kubelet (aws kubeletconfiguration_validation.go, nodeclass/validation.go) ----
    {"karpenter/kubelet-field",
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("containerLogMaxSize: 50Mi\nfeatureGates: {A: true}");
     },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("maxPod: 110"); }},
    {"karpenter/kubelet-field",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("podsPerCore: 10\ncpuCFSQuota: false"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("podsPerCore: \"10\""); }},
    {"karpenter/kubelet-field",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("clusterDNS: [10.0.0.10]"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("clusterDNS: 10.0.0.10"); }},
    {"karpenter/kubelet-field",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("containerLogMaxSize: \"10\""); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("containerLogMaxSize: 10"); }},
    {"karpenter/kubelet-owned-field",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("registerNode: true"); },
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("registerWithTaints: [{key: a, effect: NoSchedule}]");
     }},
    {"karpenter/kubelet-eviction",
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("evictionHard: {nodefs.available: 10%, memory.available: 500Mi}");
     },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("evictionHard: {memory.free: 10%}"); }},
    {"karpenter/kubelet-eviction",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("evictionHard: {memory.available: 100%}"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("evictionHard: {memory.available: 101%}"); }},
    {"karpenter/kubelet-eviction",
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("evictionMinimumReclaim: {memory.available: 0Mi}");
     },
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("evictionMinimumReclaim: {memory.available: -1Mi}");
     }},
    {"karpenter/kubelet-eviction",
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet(
           "evictionSoft: {memory.available: 1Gi}\nevictionSoftGracePeriod: {memory.available: "
           "1m30s}");
     },
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet(
           "evictionSoft: {memory.available: 1Gi}\nevictionSoftGracePeriod: {memory.available: "
           "-1m}");
     }},
    {"karpenter/kubelet-eviction-soft-grace",
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet(
           "evictionSoft: {memory.available: 1Gi}\nevictionSoftGracePeriod: {memory.available: "
           "1m}");
     },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("evictionSoft: {memory.available: 1Gi}"); }},
    {"karpenter/kubelet-eviction-soft-grace",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("evictionHard: {memory.available: 1Gi}"); },
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("evictionSoftGracePeriod: {memory.available: 1m}");
     }},
    {"karpenter/kubelet-reserved",
     [](EC2NodeClass& o) {
       o.spec.kubelet =
           Kubelet("kubeReserved: {cpu: 100m, memory: 1Gi, ephemeral-storage: 1Gi, pid: \"100\"}");
     },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("kubeReserved: {nvidia.com/gpu: \"1\"}"); }},
    {"karpenter/kubelet-reserved",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("systemReserved: {memory: \"0\"}"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("systemReserved: {memory: -1Gi}"); }},
    {"karpenter/kubelet-range",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("imageGCHighThresholdPercent: 100"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("imageGCHighThresholdPercent: 101"); }},
    {"karpenter/kubelet-range",
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("podsPerCore: 0\nevictionMaxPodGracePeriod: 0");
     },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("evictionMaxPodGracePeriod: -1"); }},
    {"karpenter/kubelet-range", [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("maxPods: 0"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("maxPods: -5"); }},
    {"karpenter/kubelet-image-gc",
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("imageGCHighThresholdPercent: 81\nimageGCLowThresholdPercent: 80");
     },
     [](EC2NodeClass& o) {
       o.spec.kubelet = Kubelet("imageGCHighThresholdPercent: 80\nimageGCLowThresholdPercent: 80");
     }},
    {"karpenter/kubelet-unsupported",  // AL2023 renders any field; AL2 only the mapped ones
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("shutdownGracePeriod: 30s"); },
     [](EC2NodeClass& o) {
       Ami(o).alias = "al2@latest";
       o.spec.kubelet = Kubelet("shutdownGracePeriod: 30s");
     }},
    {"karpenter/kubelet-unsupported",
     [](EC2NodeClass& o) {
       Ami(o).alias = "windows2022@latest";
       o.spec.kubelet = Kubelet("podsPerCore: 4");
     },
     [](EC2NodeClass& o) {
       Ami(o).alias = "bottlerocket@latest";
       o.spec.kubelet = Kubelet("podsPerCore: 4");
     }},
    {"karpenter/kubelet-unsupported",
     [](EC2NodeClass& o) {
       Ami(o).alias = "bottlerocket@latest";
       o.spec.ami_family = "Custom";
       o.spec.kubelet = Kubelet("clusterDNS: [a, b]");
     },
     [](EC2NodeClass& o) {
       Ami(o).alias = "bottlerocket@latest";
       o.spec.kubelet = Kubelet("clusterDNS: [a, b]");
     }},
    {"karpenter/kubelet-expression",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("maxPods: 110\nkubeReserved: {memory: 1Gi}"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("maxPods: \"vcpus * 8\""); }},
    {"karpenter/kubelet-expression",
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("systemReserved: {cpu: 250m}"); },
     [](EC2NodeClass& o) { o.spec.kubelet = Kubelet("systemReserved: {cpu: \"vcpus * 10\"}"); }},
};

TEST(EC2NodeClass, EveryRuleHasAPassingAndAFailingCase) {
  EC2NodeClass base = Base();
  for (const auto& c : kNodeClassRules) CheckRuleCase(base, c);
}

TEST(EC2NodeClass, PlaceholderInAnIdIsAWarning) {
  EC2NodeClass o = Base();
  o.spec.subnet_selector_terms[1].id = "${SUBNET_ID}";
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_FALSE(diags.has_errors()) << Describe(diags);
  EXPECT_TRUE(diags.HasRule("karpenter/selector-term-id"));
}

TEST(Kubelet, ParseReadsTheMappedFieldsOnly) {
  auto parsed = karpenter::ParseKubeletConfig(Kubelet(R"(
maxPods: "vcpus * 8"
podsPerCore: 4
kubeReserved: {cpu: 100m}
evictionSoftGracePeriod: {memory.available: 1m}
cpuCFSQuota: true
shutdownGracePeriod: 30s
)"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->max_pods, IntOrString::String("vcpus * 8"));
  EXPECT_EQ(parsed->pods_per_core, 4);
  EXPECT_EQ(parsed->kube_reserved.at("cpu"), "100m");
  EXPECT_EQ(parsed->cpu_cfs_quota, true);
  EXPECT_TRUE(karpenter::HasExpressions(*parsed));
  EXPECT_FALSE(karpenter::ParseKubeletConfig(Kubelet("podsPerCore: [1]")).ok());
  EXPECT_TRUE(karpenter::ParseKubeletConfig(RawNode()).ok());
}

// ---- KWOKNodeClass (karpenter.md §4) ------------------------------------------------------------

TEST(KWOKNodeClass, DecodesDefaultsValidatesAndRoundTrips) {
  KWOKNodeClass o = MustDecode<KWOKNodeClass>(R"(
apiVersion: karpenter.kwok.sh/v1alpha1
kind: KWOKNodeClass
metadata: {name: default}
spec: {nodeRegistrationDelay: 30s}
)");
  EXPECT_EQ(o.spec.node_registration_delay->value, Seconds(30));
  Diagnostics diags;
  Validate(o, diags);
  EXPECT_TRUE(diags.empty()) << Describe(diags);
  ApplyDefaults(o);
  ASSERT_EQ(o.status.conditions.size(), 1u);
  EXPECT_EQ(o.status.conditions[0].type, "Ready");
  EXPECT_EQ(o.status.conditions[0].status, "True");
  EXPECT_EQ(FormatRfc3339(o.status.conditions[0].last_transition_time->value),
            "2024-01-01T01:01:01Z");
  karpenter::testing::ExpectRoundTrip(o);
}

const RuleCase<KWOKNodeClass> kKwokRules[] = {
    {"karpenter/kwok-node-registration-delay",
     [](KWOKNodeClass& o) {
       o.spec.node_registration_delay = GoDuration{"1m30s", Seconds(90)};
     },
     [](KWOKNodeClass& o) {
       o.spec.node_registration_delay = GoDuration{"500ms", Milliseconds(500)};
     }},
};

TEST(KWOKNodeClass, EveryRuleHasAPassingAndAFailingCase) {
  KWOKNodeClass base;
  base.metadata.name = "default";
  for (const auto& c : kKwokRules) CheckRuleCase(base, c);
}

}  // namespace
}  // namespace swell::api
