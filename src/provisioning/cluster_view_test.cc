// ClusterView: Karpenter's state.Cluster semantics (karpenter.md §2.2, §3.2, §9).
#include "provisioning/cluster_view.h"

#include <gtest/gtest.h>

#include "provisioning/test_util.h"

namespace swell::provisioning {
namespace {

using testing::Bind;
using testing::MakeNode;
using testing::MakeNodeClaim;
using testing::MakePod;
using testing::Own;
using testing::Res;
using testing::T0;

class ClusterViewTest : public ::testing::Test {
 protected:
  ClusterView View(TimePoint now = T0()) { return ClusterView::Build(cluster_, marks_, now); }
  void Add(api::Object o) { cluster_.Add(std::move(o)); }

  state::ClusterState cluster_;
  ClusterMarks marks_;
};

TEST_F(ClusterViewTest, JoinsNodeAndNodeClaimByProviderID) {
  Add(MakeNodeClaim("default-abc", "default", "aws:///us-east-1a/i-1", Res("4", "16Gi")));
  Add(MakeNode("ip-10-0-0-1", "aws:///us-east-1a/i-1", Res("4", "16Gi"), "default"));
  ClusterView v = View();
  ASSERT_EQ(v.nodes().size(), 1u);
  const StateNode& n = v.nodes()[0];
  EXPECT_TRUE(n.Managed());
  EXPECT_FALSE(n.InFlight());
  EXPECT_EQ(n.name, "ip-10-0-0-1");  // registered: the Node's name
  EXPECT_EQ(n.nodepool, "default");
  EXPECT_TRUE(n.registered);
  EXPECT_TRUE(n.initialized);
  EXPECT_EQ(v.FindByNodeClaim("default-abc"), &n);
  EXPECT_EQ(v.FindByNodeName("ip-10-0-0-1"), &n);
  EXPECT_EQ(v.FindByProviderID("aws:///us-east-1a/i-1"), &n);
  EXPECT_TRUE(v.Synced());
}

TEST_F(ClusterViewTest, LaunchedNodeClaimWithoutNodeIsInFlight) {
  api::NodeClaim nc = MakeNodeClaim("default-abc", "default", "aws:///i-1", Res("4", "16Gi"));
  nc.metadata.labels["node.kubernetes.io/instance-type"] = "m5.xlarge";
  Add(nc);
  ClusterView v = View();
  ASSERT_EQ(v.nodes().size(), 1u);
  const StateNode& n = v.nodes()[0];
  EXPECT_TRUE(n.InFlight());
  EXPECT_EQ(n.name, "default-abc");
  EXPECT_FALSE(n.registered);
  EXPECT_FALSE(n.initialized);
  EXPECT_EQ(n.labels->at("node.kubernetes.io/instance-type"), "m5.xlarge");
  EXPECT_EQ(n.allocatable.at("cpu"), api::Quantity::MustParse("4"));
  ExistingNode e = ClusterView::ToExistingNode(n);
  EXPECT_TRUE(e.nodeclaim_only);
  EXPECT_FALSE(e.initialized);
}

TEST_F(ClusterViewTest, UnlaunchedNodeClaimIsNotANodeAndUnsyncs) {
  api::NodeClaim nc = MakeNodeClaim("default-abc", "default", "", {});
  Add(nc);
  ClusterView v = View();
  EXPECT_TRUE(v.nodes().empty());
  EXPECT_FALSE(v.Synced());
  ASSERT_EQ(v.unlaunched().size(), 1u);
  EXPECT_EQ(v.unlaunched()[0]->metadata.name, "default-abc");
}

TEST_F(ClusterViewTest, UnregisteredNodeUsesNodeClaimNameLabelsAndTaints) {
  api::NodeClaim nc = MakeNodeClaim("default-abc", "default", "aws:///i-1", Res("4", "16Gi"));
  nc.spec.taints.push_back({"team", "a", "NoSchedule", {}});
  Add(nc);
  api::Node node = MakeNode("ip-1", "aws:///i-1", Res("4", "16Gi"));
  node.metadata.labels[std::string(testing::kp::kNodePoolLabelKey)] = "default";
  node.spec.taints.push_back({"karpenter.sh/unregistered", "", "NoExecute", {}});
  Add(node);
  ClusterView v = View();
  const StateNode& n = v.nodes()[0];
  EXPECT_FALSE(n.registered);
  EXPECT_EQ(n.name, "default-abc");
  ASSERT_EQ(n.taints.size(), 1u);
  EXPECT_EQ(n.taints[0].key, "team");
}

// StateNode.Taints: startup and known ephemeral taints do not count until initialized.
TEST_F(ClusterViewTest, StartupAndEphemeralTaintsIgnoredUntilInitialized) {
  api::NodeClaim nc = MakeNodeClaim("default-abc", "default", "aws:///i-1", Res("4", "16Gi"));
  nc.spec.startup_taints.push_back({"cni/not-ready", "", "NoSchedule", {}});
  Add(nc);
  api::Node node = MakeNode("ip-1", "aws:///i-1", Res("4", "16Gi"), "default");
  node.metadata.labels.erase("karpenter.sh/initialized");
  node.spec.taints = {{"cni/not-ready", "", "NoSchedule", {}},
                      {"node.kubernetes.io/not-ready", "", "NoSchedule", {}},
                      {"dedicated", "gpu", "NoSchedule", {}}};
  Add(node);
  ClusterView v = View();
  const StateNode& n = v.nodes()[0];
  EXPECT_TRUE(n.registered);
  EXPECT_FALSE(n.initialized);
  ASSERT_EQ(n.taints.size(), 1u);
  EXPECT_EQ(n.taints[0].key, "dedicated");

  testing::Must(cluster_.store<api::Node>().GetMutable("", "ip-1"))
      .metadata.labels["karpenter.sh/initialized"] = "true";
  ClusterView after = View();
  EXPECT_EQ(after.nodes()[0].taints.size(), 3u);
}

// StateNode.Allocatable: zero values on a not-yet-initialized Node come from the NodeClaim.
TEST_F(ClusterViewTest, AllocatableFilledFromNodeClaimUntilInitialized) {
  Add(MakeNodeClaim("default-abc", "default", "aws:///i-1", Res("4", "16Gi", "58")));
  api::Node node = MakeNode("ip-1", "aws:///i-1", Res("4", "0"), "default");
  node.metadata.labels.erase("karpenter.sh/initialized");
  Add(node);
  ClusterView v = View();
  const StateNode& n = v.nodes()[0];
  EXPECT_EQ(n.allocatable.at("memory"), api::Quantity::MustParse("16Gi"));
  EXPECT_EQ(n.allocatable.at("pods"), api::Quantity::MustParse("58"));
}

TEST_F(ClusterViewTest, PodsSplitIntoDaemonAndOthersAndReduceAvailable) {
  Add(MakeNode("n1", "n1", Res("4", "16Gi", "110")));
  api::Pod a = MakePod("a", "1", "2Gi");
  Bind(a, "n1");
  api::Pod ds = MakePod("ds-x", "100m", "128Mi", "kube-system");
  Own(ds, "DaemonSet", "ds");
  Bind(ds, "n1");
  api::Pod done = MakePod("done", "2", "2Gi");
  Bind(done, "n1");
  done.status.phase = "Succeeded";
  api::Pod pending = MakePod("pending", "1", "1Gi");
  for (auto* p : {&a, &ds, &done, &pending}) Add(*p);
  ClusterView v = View();
  const StateNode& n = v.nodes()[0];
  ASSERT_EQ(n.pods.size(), 1u);
  EXPECT_EQ(n.pods[0]->metadata.name, "a");
  ASSERT_EQ(n.daemon_pods.size(), 1u);
  EXPECT_EQ(n.available.at("cpu"), api::Quantity::MustParse("2900m"));
  EXPECT_EQ(n.available.at("pods"), api::Quantity::MustParse("108"));
  EXPECT_EQ(n.daemon_requests.at("cpu"), api::Quantity::MustParse("100m"));
  EXPECT_FALSE(n.Managed());
  EXPECT_TRUE(n.initialized);  // unmanaged nodes always are
}

TEST_F(ClusterViewTest, MarkedForDeletion) {
  api::NodeClaim deleting = MakeNodeClaim("a", "default", "p-a", Res("2", "4Gi"));
  deleting.metadata.deletion_timestamp = api::Time{T0()};
  Add(deleting);
  Add(MakeNodeClaim("b", "default", "p-b", Res("2", "4Gi")));
  api::Node tainted = MakeNode("node-b", "p-b", Res("2", "4Gi"), "default");
  tainted.spec.taints.push_back({"karpenter.sh/disrupted", "", "NoSchedule", {}});
  Add(tainted);
  Add(MakeNodeClaim("c", "default", "p-c", Res("2", "4Gi")));
  Add(MakeNodeClaim("d", "default", "p-d", Res("2", "4Gi")));
  marks_.MarkForDeletion("p-c");
  ClusterView v = View();
  EXPECT_TRUE(v.FindByProviderID("p-a")->marked_for_deletion);
  EXPECT_TRUE(v.FindByProviderID("p-b")->marked_for_deletion);
  EXPECT_TRUE(v.FindByProviderID("p-c")->marked_for_deletion);
  EXPECT_FALSE(v.FindByProviderID("p-d")->marked_for_deletion);
  marks_.UnmarkForDeletion("p-c");
  ClusterView unmarked = View();
  EXPECT_FALSE(unmarked.FindByProviderID("p-c")->marked_for_deletion);
}

// NodePoolResourcesFor: capacity of nodes not marked for deletion, plus their count.
TEST_F(ClusterViewTest, NodePoolUsageExcludesDeletingNodes) {
  Add(MakeNodeClaim("a", "default", "p-a", Res("2", "4Gi")));
  Add(MakeNodeClaim("b", "default", "p-b", Res("4", "8Gi")));
  api::NodeClaim gone = MakeNodeClaim("c", "default", "p-c", Res("8", "16Gi"));
  gone.metadata.deletion_timestamp = api::Time{T0()};
  Add(gone);
  Add(MakeNodeClaim("d", "other", "p-d", Res("1", "1Gi")));
  Add(MakeNode("static", "static", Res("16", "64Gi")));
  ClusterView v = View();
  api::ResourceList u = v.NodePoolUsage("default");
  EXPECT_EQ(u.at("cpu"), api::Quantity::MustParse("6"));
  EXPECT_EQ(u.at("memory"), api::Quantity::MustParse("12Gi"));
  EXPECT_EQ(u.at("nodes"), api::Quantity::MustParse("2"));
  EXPECT_EQ(v.NodePoolUsage("other").at("nodes"), api::Quantity::MustParse("1"));
  EXPECT_TRUE(v.NodePoolUsage("none").empty());
}

// §9 nomination window: a nominated pod stays counted on its node until it binds or the
// window passes; the node reports nominated meanwhile.
TEST_F(ClusterViewTest, NominatedPodCountedUntilBoundOrWindowPasses) {
  Add(MakeNodeClaim("a", "default", "p-a", Res("4", "16Gi")));
  Add(MakePod("web", "1", "1Gi"));
  marks_.Nominate("p-a", "default/web", T0());
  {
    ClusterView v = View(T0() + Seconds(5));
    const StateNode& n = v.nodes()[0];
    EXPECT_TRUE(n.nominated);
    ASSERT_EQ(n.nominated_pods.size(), 1u);
    EXPECT_EQ(n.available.at("cpu"), api::Quantity::MustParse("3"));
    EXPECT_EQ(ClusterView::ToExistingNode(n).pods.size(), 1u);
  }
  {
    ClusterView v = View(T0() + kDefaultNominationWindow);
    EXPECT_FALSE(v.nodes()[0].nominated);
    EXPECT_TRUE(v.nodes()[0].nominated_pods.empty());
    EXPECT_EQ(v.nodes()[0].available.at("cpu"), api::Quantity::MustParse("4"));
  }
  // Bound elsewhere: no longer counted on the nominated node.
  Add(MakeNode("other", "other", Res("4", "16Gi")));
  Bind(testing::Must(cluster_.pods().GetMutable("default", "web")), "other");
  ClusterView v = View(T0() + Seconds(5));
  EXPECT_TRUE(v.FindByProviderID("p-a")->nominated_pods.empty());
  EXPECT_EQ(v.FindByNodeName("other")->pods.size(), 1u);
}

TEST_F(ClusterViewTest, NominationExtendsAndExpires) {
  marks_.NominateNode("p", T0());
  marks_.NominateNode("p", T0() + Seconds(15));
  EXPECT_TRUE(marks_.IsNominated("p", T0() + Seconds(30)));
  EXPECT_FALSE(marks_.IsNominated("p", T0() + Seconds(35)));
  marks_.Expire(T0() + Seconds(40));
  EXPECT_FALSE(marks_.IsNominated("p", T0() + Seconds(1)));
}

TEST_F(ClusterViewTest, NodesInNameOrder) {
  Add(MakeNode("zeta", "p1", Res("1", "1Gi")));
  Add(MakeNodeClaim("alpha", "default", "p2", Res("1", "1Gi")));
  Add(MakeNode("mid", "p3", Res("1", "1Gi")));
  ClusterView v = View();
  ASSERT_EQ(v.nodes().size(), 3u);
  EXPECT_EQ(v.nodes()[0].name, "alpha");
  EXPECT_EQ(v.nodes()[1].name, "mid");
  EXPECT_EQ(v.nodes()[2].name, "zeta");
}

TEST_F(ClusterViewTest, ReschedulablePodsSkipDaemonSetsAndTerminating) {
  Add(MakeNode("n1", "n1", Res("8", "16Gi")));
  api::Pod a = MakePod("a");
  Bind(a, "n1");
  api::Pod gone = MakePod("gone");
  Bind(gone, "n1");
  gone.metadata.deletion_timestamp = api::Time{T0()};
  api::Pod sts = MakePod("db-0");
  Own(sts, "StatefulSet", "db");
  Bind(sts, "n1");
  sts.metadata.deletion_timestamp = api::Time{T0()};
  api::Pod ds = MakePod("ds-1");
  Own(ds, "DaemonSet", "ds");
  Bind(ds, "n1");
  for (auto* p : {&a, &gone, &sts, &ds}) Add(*p);
  std::vector<std::string> names;
  ClusterView v = View();
  for (const api::Pod* p : v.nodes()[0].ReschedulablePods()) names.push_back(p->metadata.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "db-0"}));
}

}  // namespace
}  // namespace swell::provisioning
