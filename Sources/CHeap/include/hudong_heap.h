// Hudong's window on the C heap: what Swift's Glibc module does not bring in.
#ifndef HUDONG_HEAP_H
#define HUDONG_HEAP_H

/// Gives the heap's free pages back to the system (glibc's `malloc_trim(0)`) after a bulk
/// operation freed a lot of it; returns 1 when some memory was released. Does nothing (returns
/// 0) on other C libraries.
int hudong_heap_trim(void);

/// Fixes glibc's trim and mmap thresholds (`mallopt(M_TRIM_THRESHOLD)`,
/// `mallopt(M_MMAP_THRESHOLD)`), which also stops it from raising them as large blocks are
/// freed; returns 1 when both are set. Does nothing (returns 0) on other C libraries.
int hudong_heap_set_thresholds(int trim_bytes, int mmap_bytes);

/// Asks the processor to bring the cache line holding `address` in for reading, without
/// waiting for it (`__builtin_prefetch`): several such hints let the misses of independent
/// loads overlap. Never faults, whatever the address.
static inline void hudong_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
