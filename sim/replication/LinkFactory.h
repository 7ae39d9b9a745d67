#pragma once
// LinkFactory: adds links while the run goes on (reconfigure,
// auto_reconfigure, failover, rejoin), and keeps the partition in force,
// which a new link must respect.
//
// Contract: a link added now starts in the world as it is — a crashed or
// offline end and a partition between its ends hold it down. addLinkNow
// takes the topology's settings for that pair when the original topology had
// the link, else links.default with the overrides that name it.
// Invariant: partitionGroup is empty, or holds one group per node while a
// partition is in force (FaultInjector sets and clears it).

#include <vector>

#include "sim/network/Network.h"
#include "sim/replication/SimContext.h"

namespace replsim {

class LinkFactory {
 public:
  explicit LinkFactory(const SimContext& ctx) : ctx_(ctx) {}

  LinkId addLinkNow(NodeId from, NodeId to);
  LinkId addLinkWith(NodeId from, NodeId to, const LinkParams& params);

  std::vector<int>& partitionGroup() { return partitionGroup_; }

 private:
  SimContext ctx_;
  std::vector<int> partitionGroup_;  // per node while a partition is in force; empty otherwise
};

}  // namespace replsim
