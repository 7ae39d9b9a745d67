// ContextPool: shared merged contexts in a flat table (see ContextPool.h).
#include "sim/replication/ContextPool.h"

#include <algorithm>
#include <new>

namespace replsim {
namespace {

uint64_t hashDots(DotRange m) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ m.size();
  for (const Dot* d = m.begin; d != m.end; ++d) h = (h ^ ((uint64_t{d->origin} << 32) | d->seq)) * 0x100000001B3ULL;
  // (finalised: the table indexes by the top bits)
  h ^= h >> 31;
  h *= 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}

void destroy(ContextPool::Shared* s) noexcept {
  s->~Shared();
  ::operator delete(s);
}

}  // namespace

ContextPool::~ContextPool() {
  for (const Slot& slot : slots_)
    if (slot.ctx) destroy(slot.ctx);
}

ContextPool::Shared* ContextPool::acquire(DotRange m) {
  const uint64_t h = hashDots(m);
  if (!slots_.empty())
    for (size_t i = home(h); slots_[i].ctx; i = (i + 1) & mask())
      if (slots_[i].hash == h && slots_[i].ctx->size == m.size() && std::equal(m.begin, m.end, slots_[i].ctx->dots())) {
        ++slots_[i].ctx->refs;
        return slots_[i].ctx;
      }
  if (2 * (size_ + 1) > slots_.size()) grow();
  Shared* s = new (::operator new(sizeof(Shared) + m.size() * sizeof(Dot)))
      Shared{this, h, 1, static_cast<uint32_t>(m.size()), nextSerial_++};
  std::copy(m.begin, m.end, s->dots());
  size_t i = home(h);
  while (slots_[i].ctx) i = (i + 1) & mask();
  slots_[i] = Slot{h, s};
  ++size_;
  return s;
}

ContextPool::Shared* ContextPool::acquireMerge(uint64_t aId, DotRange a, WriteIndex w, DotRange wCtx) {
  Merge& m = merges_[slotOf(aId, w, kMergeMemo)];
  if (m.result && m.aId == aId && m.w == w) {
    ++m.result->refs;
    return m.result;
  }
  if (w < lastMerge_.size() && lastMerge_[w].result && lastMerge_[w].aId == aId) {
    ++lastMerge_[w].result->refs;
    return lastMerge_[w].result;
  }
  mergeContexts(a, wCtx, scratch_);
  Shared* result = acquire(DotRange{scratch_.data(), scratch_.data() + scratch_.size()});
  rememberLastMerge(w, aId, result);
  // Remember it (the memo's own reference), forgetting what was there.
  retain(result);
  Shared* forgotten = m.result;
  m = Merge{aId, w, result};
  release(forgotten);
  return result;
}

void ContextPool::rememberLastMerge(WriteIndex w, uint64_t aId, Shared* result) {
  if (w >= lastMerge_.size()) lastMerge_.resize(std::max<size_t>(w + 1, 2 * lastMerge_.size()));
  LastMerge& entry = lastMerge_[w];
  retain(result);
  Shared* forgotten = std::exchange(entry.result, result);
  entry.aId = aId;
  release(forgotten);
}

ContextPool::Relation ContextPool::relate(uint64_t aId, DotRange a, WriteIndex w, Dot wDot, DotRange wCtx) {
  Related& r = relations_[slotOf(aId, w, kRelationMemo)];
  if (r.w == w && r.aId == aId) return r.relation;
  if (w >= lastRelation_.size()) lastRelation_.resize(std::max<size_t>(w + 1, 2 * lastRelation_.size()));
  Related& last = lastRelation_[w];
  if (last.w == w && last.aId == aId) return last.relation;
  const Relation relation = covers(a, wDot)     ? Relation::Covered
                            : dominates(wCtx, a) ? Relation::Follows
                                                 : Relation::Concurrent;
  r = Related{aId, w, relation};
  last = r;
  return relation;
}

void ContextPool::erase(Shared* s) noexcept {
  size_t i = home(s->hash);
  while (slots_[i].ctx != s) i = (i + 1) & mask();
  // Backward shift: pull later members of the probe run into the hole, so
  // that every context stays reachable from its home without tombstones.
  for (size_t j = (i + 1) & mask(); slots_[j].ctx; j = (j + 1) & mask()) {
    const size_t h = home(slots_[j].hash);
    // j may move to i when its home is not cyclically in (i, j].
    if (((j - h) & mask()) >= ((j - i) & mask())) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = Slot{};
  --size_;
  destroy(s);
}

void ContextPool::grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  const size_t capacity = old.empty() ? 16 : old.size() * 2;
  slots_.assign(capacity, Slot{});
  shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
  for (const Slot& slot : old) {
    if (!slot.ctx) continue;
    size_t i = home(slot.hash);
    while (slots_[i].ctx) i = (i + 1) & mask();
    slots_[i] = slot;
  }
}

}  // namespace replsim
