#include "sim/replication/WriteLog.h"

namespace replsim {

WriteIndex WriteLog::add(WriteRecord record, const std::vector<Dot>& context, const std::vector<Dot>& deps) {
  record.context = Span{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(context.size())};
  arena_.insert(arena_.end(), context.begin(), context.end());
  record.deps = Span{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(deps.size())};
  arena_.insert(arena_.end(), deps.begin(), deps.end());
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
  arena_.reserve(writes * 4);
}

}  // namespace replsim
