#pragma once
// parallelFor: runs task(0) ... task(count - 1) on up to `jobs` threads
// (std::thread), each worker taking the next index from an atomic counter.
//
// Contract: tasks must be independent — they may read shared data that
// nothing writes, and each writes only its own result slot (by index), so
// the results do not depend on `jobs` or on scheduling. If tasks throw, the
// exception of the lowest index is rethrown after every worker has stopped
// (the others stop taking new indexes). jobs <= 1 runs on the calling thread.

#include <cstddef>
#include <functional>

namespace replsim {

void parallelFor(size_t count, unsigned jobs, const std::function<void(size_t)>& task);

}  // namespace replsim
