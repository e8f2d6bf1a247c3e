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

int hudong_heap_set_trim_threshold(int bytes) {
#if defined(__GLIBC__)
    return mallopt(M_TRIM_THRESHOLD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}
