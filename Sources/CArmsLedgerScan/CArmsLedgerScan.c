#include "CArmsLedgerScan.h"
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// Each search tests two of the key's bytes at every place at once: the second and the
// second-to-last (the first and last for keys of two or three bytes). For a JSON key such as
// `"recipient":"` those are a letter and the colon, ten places apart: few places hold both,
// where the key's opening quote and first letter (`"r`, `"s`) begin many strings of a line.
// Only those places are compared in full.

/// The places of the two bytes tested, from the start of a place.
static void anchors(size_t keyCount, size_t *first, size_t *second) {
    *first = keyCount >= 4 ? 1 : 0;
    *second = keyCount >= 4 ? keyCount - 2 : keyCount - 1;
}

static ptrdiff_t find_scalar(const uint8_t *bytes, size_t count, size_t p, const uint8_t *key, size_t keyCount) {
    for (; p + keyCount <= count; p++) {
        if (bytes[p] == key[0] && memcmp(bytes + p, key, keyCount) == 0) return (ptrdiff_t)p;
    }
    return -1;
}

#if defined(__x86_64__)
/// The first place `p + i`, for the bits `i` set in `mask` (places holding both tested bytes),
/// where the whole key stands; -1 when none.
static inline ptrdiff_t first_whole_key(const uint8_t *bytes, size_t p, unsigned mask, const uint8_t *key, size_t keyCount) {
    while (mask != 0) {
        size_t at = p + (size_t)__builtin_ctz(mask);
        if (memcmp(bytes + at, key, keyCount) == 0) return (ptrdiff_t)at;
        mask &= mask - 1;
    }
    return -1;
}

static ptrdiff_t find_sse2(const uint8_t *bytes, size_t count, size_t p, const uint8_t *key, size_t keyCount) {
    size_t a, b;
    anchors(keyCount, &a, &b);
    const __m128i wantA = _mm_set1_epi8((char)key[a]);
    const __m128i wantB = _mm_set1_epi8((char)key[b]);
    // Every place of a step then has the whole key in bounds.
    while (p + keyCount + 15 <= count) {
        __m128i atA = _mm_loadu_si128((const __m128i *)(bytes + p + a));
        __m128i atB = _mm_loadu_si128((const __m128i *)(bytes + p + b));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(atA, wantA), _mm_cmpeq_epi8(atB, wantB)));
        ptrdiff_t found = first_whole_key(bytes, p, mask, key, keyCount);
        if (found >= 0) return found;
        p += 16;
    }
    return find_scalar(bytes, count, p, key, keyCount);
}

__attribute__((target("avx2")))
static ptrdiff_t find_avx2(const uint8_t *bytes, size_t count, size_t p, const uint8_t *key, size_t keyCount) {
    size_t a, b;
    anchors(keyCount, &a, &b);
    const __m256i wantA = _mm256_set1_epi8((char)key[a]);
    const __m256i wantB = _mm256_set1_epi8((char)key[b]);
    while (p + keyCount + 31 <= count) {
        __m256i atA = _mm256_loadu_si256((const __m256i *)(bytes + p + a));
        __m256i atB = _mm256_loadu_si256((const __m256i *)(bytes + p + b));
        unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(atA, wantA), _mm256_cmpeq_epi8(atB, wantB)));
        ptrdiff_t found = first_whole_key(bytes, p, mask, key, keyCount);
        if (found >= 0) return found;
        p += 32;
    }
    return find_sse2(bytes, count, p, key, keyCount);
}
#endif

ptrdiff_t armsledger_find_key(const uint8_t *bytes, size_t count, size_t start, const uint8_t *key, size_t keyCount, int width) {
    if (keyCount < 2 || start >= count) return -1;
#if defined(__x86_64__)
    if (width >= 32 && __builtin_cpu_supports("avx2")) return find_avx2(bytes, count, start, key, keyCount);
    if (width >= 16) return find_sse2(bytes, count, start, key, keyCount);
#endif
    return find_scalar(bytes, count, start, key, keyCount);
}
