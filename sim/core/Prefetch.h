#pragma once
// prefetchRead: asks the CPU to start loading the cache line at `p`, which
// the caller will read soon. A hint only: no effect on any value, so it
// cannot change a result. REQUIRES: p points into a live object.
//
// Why not plain __builtin_prefetch: g++ 12 at -O2/-O3 silently deletes it
// when it sits in a branch (OriginCounters::prefetch lost both of its); the
// volatile asm on x86 is kept where it is written.

namespace replsim {

inline void prefetchRead(const void* p) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

}  // namespace replsim
