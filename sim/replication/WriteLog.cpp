#include "sim/replication/WriteLog.h"

#include <algorithm>

namespace replsim {

WriteIndex WriteLog::add(WriteRecord record, const std::vector<Dot>& context, const std::vector<Dot>& deps) {
  record.context = contexts_.store(context);
  uint32_t block = kNone;
  record.deps = deps_.store(deps, &block);
  const auto index = static_cast<WriteIndex>(writes_.size());
  if (recycleAfter_ != 0) {
    depsBlock_.push_back(block);
    processedBy_.push_back(0);
  }
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
  if (recycleAfter_ != 0) {
    depsBlock_.reserve(writes);
    processedBy_.reserve(writes);
  }
}

void WriteLog::releaseDeps(WriteIndex w) {
  deps_.release(depsBlock_[w]);
  depsBlock_[w] = kNone;
  writes_[w].deps = Span{};
}

}  // namespace replsim
