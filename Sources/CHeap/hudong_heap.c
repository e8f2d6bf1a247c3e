#include "hudong_heap.h"

// (Any C library header defines __GLIBC__ under glibc; it is tested after one.)
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int hudong_heap_trim(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

int hudong_heap_set_thresholds(int trim_bytes, int mmap_bytes) {
#if defined(__GLIBC__)
    return mallopt(M_TRIM_THRESHOLD, trim_bytes) == 1 && mallopt(M_MMAP_THRESHOLD, mmap_bytes) == 1;
#else
    (void)trim_bytes;
    (void)mmap_bytes;
    return 0;
#endif
}
