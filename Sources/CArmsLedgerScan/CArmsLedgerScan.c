#include "CArmsLedgerScan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

ptrdiff_t armsledger_find_key(const uint8_t *bytes, size_t count, size_t start, const uint8_t *key, size_t keyCount) {
    if (keyCount < 2) return -1;
    size_t p = start;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8((char)key[0]);
    const __m128i second = _mm_set1_epi8((char)key[1]);
    while (p + 17 <= count) {
        __m128i here = _mm_loadu_si128((const __m128i *)(bytes + p));
        __m128i after = _mm_loadu_si128((const __m128i *)(bytes + p + 1));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(here, first), _mm_cmpeq_epi8(after, second)));
        while (mask != 0) {
            size_t at = p + (size_t)__builtin_ctz(mask);
            if (count - at < keyCount) return -1;
            size_t matched = 2;
            while (matched < keyCount && bytes[at + matched] == key[matched]) matched++;
            if (matched == keyCount) return (ptrdiff_t)at;
            mask &= mask - 1;
        }
        p += 16;
    }
#endif
    for (; p + keyCount <= count; p++) {
        size_t matched = 0;
        while (matched < keyCount && bytes[p + matched] == key[matched]) matched++;
        if (matched == keyCount) return (ptrdiff_t)p;
    }
    return -1;
}
