#include "sim/replication/WriteLog.h"

#include <algorithm>

namespace replsim {

Span WriteLog::store(const std::vector<Dot>& dots) {
  if (dots.empty()) return Span{};
  if (blocks_.empty() || blockSize_ - blockUsed_ < dots.size()) {
    blockSize_ = std::max(dots.size(), blocks_.empty() ? kFirstBlock : std::min(2 * blockSize_, kMaxBlock));
    blocks_.push_back(std::make_unique_for_overwrite<Dot[]>(blockSize_));
    blockUsed_ = 0;
  }
  Dot* at = blocks_.back().get() + blockUsed_;
  std::copy(dots.begin(), dots.end(), at);
  blockUsed_ += dots.size();
  uint32_t maxSeq = 0;
  for (const Dot& d : dots) maxSeq = std::max(maxSeq, d.seq);
  return Span{at, static_cast<uint32_t>(dots.size()), maxSeq};
}

WriteIndex WriteLog::add(WriteRecord record, const std::vector<Dot>& context, const std::vector<Dot>& deps) {
  record.context = store(context);
  record.deps = store(deps);
  const auto index = static_cast<WriteIndex>(writes_.size());
  if (byOrigin_.size() <= record.dot.origin) byOrigin_.resize(record.dot.origin + 1);
  byOrigin_[record.dot.origin].push_back(index);
  writes_.push_back(std::move(record));
  return index;
}

WriteIndex WriteLog::find(Dot d) const {
  if (d.origin >= byOrigin_.size() || d.seq == 0 || d.seq > byOrigin_[d.origin].size()) return kNone;
  return byOrigin_[d.origin][d.seq - 1];
}

void WriteLog::reserve(size_t writes) {
  writes_.reserve(writes);
}

}  // namespace replsim
