#include "CArmsLedgerScan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

ptrdiff_t armsledger_quote_followed_by_portable(const uint8_t *bytes, size_t count, size_t start, uint8_t next) {
    for (size_t p = start; p + 1 < count; p++) {
        if (bytes[p] == '"' && bytes[p + 1] == next) return (ptrdiff_t)p;
    }
    return -1;
}

ptrdiff_t armsledger_quote_followed_by(const uint8_t *bytes, size_t count, size_t start, uint8_t next) {
    size_t p = start;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i wanted = _mm_set1_epi8((char)next);
    // Places p..p+15 are tested at once; the second load reaches p+16, so it must be in bounds.
    while (p + 17 <= count) {
        __m128i here = _mm_loadu_si128((const __m128i *)(bytes + p));
        __m128i after = _mm_loadu_si128((const __m128i *)(bytes + p + 1));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(here, quote), _mm_cmpeq_epi8(after, wanted)));
        if (mask != 0) return (ptrdiff_t)(p + (size_t)__builtin_ctz(mask));
        p += 16;
    }
#endif
    return armsledger_quote_followed_by_portable(bytes, count, p, next);
}
