// Byte searches of the replay's hot path that want the CPU's vector instructions, which
// Swift does not reach portably. Each has a plain C loop as its fallback; the Swift tests
// check both against the obvious search.
#ifndef CARMSLEDGERSCAN_H
#define CARMSLEDGERSCAN_H

#include <stddef.h>
#include <stdint.h>

/// The offset of the first `"` at or after `start` in `bytes[0..<count]` that is followed by
/// `next`, or -1 when there is none. Sixteen places a test with SSE2 where the compiler
/// targets it (every x86-64 CPU), else a byte at a time.
ptrdiff_t armsledger_quote_followed_by(const uint8_t *bytes, size_t count, size_t start, uint8_t next);

/// `armsledger_quote_followed_by` a byte at a time (the fallback, and the reference the
/// tests compare the vector search with).
ptrdiff_t armsledger_quote_followed_by_portable(const uint8_t *bytes, size_t count, size_t start, uint8_t next);

#endif
