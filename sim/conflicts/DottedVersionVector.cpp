// CausalContext and SiblingObject (see DottedVersionVector.h).
#include "sim/conflicts/DottedVersionVector.h"

#include <algorithm>

namespace replsim {
namespace {

bool byOrigin(const Dot& d, NodeId o) { return d.origin < o; }
bool byDot(const Dot& a, const Dot& b) { return a.origin != b.origin ? a.origin < b.origin : a.seq < b.seq; }
bool siblingByDot(const Sibling& a, const Sibling& b) { return byDot(a.dot, b.dot); }

}  // namespace

// ------------------------------------------------------------ CausalContext

uint32_t CausalContext::max(NodeId node) const {
  uint32_t m = 0;
  const auto b = std::lower_bound(base_.begin(), base_.end(), node, byOrigin);
  if (b != base_.end() && b->origin == node) m = b->seq;
  // The cloud of `node` is sorted by seq: its last dot is its highest.
  const auto c = std::lower_bound(cloud_.begin(), cloud_.end(), node + 1, byOrigin);
  if (c != cloud_.begin() && std::prev(c)->origin == node) m = std::max(m, std::prev(c)->seq);
  return m;
}

bool CausalContext::contains(Dot d) const {
  const auto b = std::lower_bound(base_.begin(), base_.end(), d.origin, byOrigin);
  if (b != base_.end() && b->origin == d.origin && d.seq <= b->seq) return true;
  return std::binary_search(cloud_.begin(), cloud_.end(), d, byDot);
}

void CausalContext::add(Dot d) {
  if (contains(d)) return;
  cloud_.insert(std::upper_bound(cloud_.begin(), cloud_.end(), d, byDot), d);
  compact();
}

void CausalContext::advance(Dot d) {
  const auto b = std::lower_bound(base_.begin(), base_.end(), d.origin, byOrigin);
  if (b != base_.end() && b->origin == d.origin) b->seq = std::max(b->seq, d.seq);
  else base_.insert(b, d);
  compact();
}

void CausalContext::join(const CausalContext& o) {
  for (const Dot& d : o.base_) advance(d);
  for (const Dot& d : o.cloud_) add(d);
}

bool CausalContext::includes(const CausalContext& o) const {
  for (const Dot& d : o.base_) {
    // o claims (origin, 1..seq): this set's base covers up to `top`, so its
    // cloud must hold every dot in (top, seq] — being sorted and without
    // duplicates, it does when it holds seq - top of them in that range.
    const auto b = std::lower_bound(base_.begin(), base_.end(), d.origin, byOrigin);
    const uint32_t top = b != base_.end() && b->origin == d.origin ? b->seq : 0;
    if (d.seq <= top) continue;
    const auto lo = std::upper_bound(cloud_.begin(), cloud_.end(), Dot{d.origin, top}, byDot);
    const auto hi = std::upper_bound(cloud_.begin(), cloud_.end(), d, byDot);
    if (static_cast<uint32_t>(hi - lo) != d.seq - top) return false;
  }
  return std::all_of(o.cloud_.begin(), o.cloud_.end(), [&](const Dot& d) { return contains(d); });
}

void CausalContext::compact() {
  // Drop cloud dots the base covers; move those that continue it.
  std::vector<Dot> rest;
  for (const Dot& d : cloud_) {
    auto b = std::lower_bound(base_.begin(), base_.end(), d.origin, byOrigin);
    const uint32_t top = b != base_.end() && b->origin == d.origin ? b->seq : 0;
    if (d.seq <= top) continue;
    if (d.seq == top + 1) {
      if (top == 0) base_.insert(b, d);
      else b->seq = d.seq;
      continue;
    }
    rest.push_back(d);
  }
  cloud_ = std::move(rest);
}

// ------------------------------------------------------------ SiblingObject

bool SiblingObject::holds(uint32_t id) const {
  return std::any_of(siblings_.begin(), siblings_.end(), [&](const Sibling& s) { return s.id == id; });
}

SiblingObject SiblingObject::write(SiblingClock clock, const SiblingObject& base, Dot dot, uint32_t id,
                                   const CausalContext& past) {
  SiblingObject v;
  if (clock == SiblingClock::Dotted) {
    v.siblings_ = {Sibling{dot, id}};
    v.context_ = past;
    v.context_.add(dot);
    return v;
  }
  if (!past.includes(base.context_)) v.siblings_ = base.siblings_;  // cannot tell what the past saw: keep it all
  v.siblings_.push_back(Sibling{dot, id});
  std::sort(v.siblings_.begin(), v.siblings_.end(), siblingByDot);
  v.context_ = base.context_;
  v.context_.join(past);
  v.context_.advance(dot);
  return v;
}

bool SiblingObject::sync(const SiblingObject& o, SiblingClock clock) {
  if (clock == SiblingClock::Vnode) {
    if (context_.includes(o.context_)) return false;  // this object descends o (or equals it)
    if (o.context_.includes(context_)) {
      const bool changed = !(*this == o);
      *this = o;
      return changed;
    }
    for (const Sibling& s : o.siblings_)
      if (!holds(s.id)) siblings_.push_back(s);
    std::sort(siblings_.begin(), siblings_.end(), siblingByDot);
    context_.join(o.context_);
    return true;
  }
  const SiblingObject before = *this;
  std::vector<Sibling> kept;
  for (const Sibling& s : siblings_)
    if (o.holds(s.id) || !o.context_.contains(s.dot)) kept.push_back(s);
  for (const Sibling& s : o.siblings_)
    if (!holds(s.id) && !context_.contains(s.dot)) kept.push_back(s);
  std::sort(kept.begin(), kept.end(), siblingByDot);
  siblings_ = std::move(kept);
  context_.join(o.context_);
  return !(*this == before);
}

}  // namespace replsim
