// Byte searches of the replay's hot path that want the CPU's vector instructions, which
// Swift does not reach portably. Each has a plain C loop as its fallback; the Swift tests
// check both against the obvious search.
#ifndef CARMSLEDGERSCAN_H
#define CARMSLEDGERSCAN_H

#include <stddef.h>
#include <stdint.h>

/// The offset of the first occurrence of `key` (of `keyCount` bytes, at least two) at or after
/// `start` in `bytes[0..<count]`, or -1 when there is none: places holding the key's first two
/// bytes are found sixteen at a test with SSE2 where the compiler targets it (every x86-64 CPU),
/// else a byte at a time, and the rest of the key is compared in place.
ptrdiff_t armsledger_find_key(const uint8_t *bytes, size_t count, size_t start, const uint8_t *key, size_t keyCount);

#endif
