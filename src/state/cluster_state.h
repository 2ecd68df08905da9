// ClusterState: the objects controllers read, kept by the world that owns them (the
// simulator, or informers against a real API server). Controllers get a const reference;
// only the world mutates it. Iteration is in key order, so everything built on it is
// deterministic.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "api/object.h"

namespace swell::state {

// "namespace/name" ("name" for cluster-scoped objects).
std::string Key(std::string_view ns, std::string_view name);

// One kind's objects.
template <class T>
class Store {
 public:
  const T* Get(std::string_view ns, std::string_view name) const {
    auto it = items_.find(Key(ns, name));
    return it == items_.end() ? nullptr : &it->second;
  }
  T* GetMutable(std::string_view ns, std::string_view name) {
    auto it = items_.find(Key(ns, name));
    return it == items_.end() ? nullptr : &it->second;
  }
  // Inserts or replaces the object stored under its metadata's namespace/name.
  T& Put(T obj) {
    std::string k = Key(obj.metadata.namespace_, obj.metadata.name);
    return items_.insert_or_assign(std::move(k), std::move(obj)).first->second;
  }
  bool Erase(std::string_view ns, std::string_view name) { return items_.erase(Key(ns, name)) > 0; }
  size_t size() const { return items_.size(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }

 private:
  std::map<std::string, T, std::less<>> items_;
};

class ClusterState {
 public:
  Store<api::Pod>& pods() { return std::get<Store<api::Pod>>(stores_); }
  const Store<api::Pod>& pods() const { return std::get<Store<api::Pod>>(stores_); }

  template <class T>
  Store<T>& store() {
    return std::get<Store<T>>(stores_);
  }
  template <class T>
  const Store<T>& store() const {
    return std::get<Store<T>>(stores_);
  }

  // Adds any supported object (a Kind of api::Object) to its store. Namespaced objects without
  // a namespace go to "default", as kubectl apply does.
  void Add(api::Object obj);

  // The pods whose controller ownerReference is (kind, name) in namespace `ns`, in name order.
  std::vector<const api::Pod*> PodsOwnedBy(std::string_view ns, std::string_view kind,
                                           std::string_view name) const;
  // The pods bound to node `node`.
  std::vector<const api::Pod*> PodsOnNode(std::string_view node) const;

  // A counter bumped by every mutation through the world (informers' resourceVersion).
  uint64_t version() const { return version_; }
  void Touch() { version_++; }

 private:
  std::tuple<Store<api::Pod>, Store<api::Node>, Store<api::Deployment>, Store<api::StatefulSet>,
             Store<api::DaemonSet>, Store<api::Job>, Store<api::PodDisruptionBudget>,
             Store<api::Secret>, Store<api::ConfigMap>, Store<api::ScaledObject>,
             Store<api::ScaledJob>, Store<api::TriggerAuthentication>,
             Store<api::ClusterTriggerAuthentication>, Store<api::NodePool>, Store<api::NodeClaim>,
             Store<api::EC2NodeClass>, Store<api::KWOKNodeClass>>
      stores_;
  uint64_t version_ = 0;
};

// Pod helpers shared by controllers and the simulated kubelet.
bool IsPodReady(const api::Pod& p);
bool IsPodTerminating(const api::Pod& p);
// The controller owner of a pod, if any.
const api::OwnerReference* ControllerOf(const api::ObjectMeta& m);

}  // namespace swell::state
