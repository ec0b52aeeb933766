// Byte searches of the replay's hot path that want the CPU's vector instructions, which
// Swift does not reach portably. Each has a plain C loop as its fallback; the Swift tests
// check every width against the obvious search.
#ifndef CARMSLEDGERSCAN_H
#define CARMSLEDGERSCAN_H

#include <stddef.h>
#include <stdint.h>

/// The offset of the first occurrence of `key` (of `keyCount` bytes, at least two) at or after
/// `start` in `bytes[0..<count]`, or -1 when there is none. Places holding two of the key's
/// bytes (its second and second-to-last) are found `width` at a test: 32 with AVX2 when the CPU
/// has it (else as 16), 16 with SSE2 (every x86-64 CPU), anything less a byte at a time; only
/// those places are compared in full. The replay asks for 32; the tests check every width
/// against the obvious search.
ptrdiff_t armsledger_find_key(const uint8_t *bytes, size_t count, size_t start, const uint8_t *key, size_t keyCount, int width);

#endif
