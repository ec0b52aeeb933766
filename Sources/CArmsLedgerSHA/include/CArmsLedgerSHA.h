// SHA-256 block compression with the x86 SHA extensions (SHA-NI), for ArmsLedger.
//
// The portable Swift implementation (Sources/ArmsLedger/Format/SHA256.swift) is the reference
// and the fallback; this file only speeds up the compression function on CPUs that have the
// extensions. Both are tested against the same FIPS 180-4 vectors.
#ifndef CARMSLEDGERSHA_H
#define CARMSLEDGERSHA_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA, SSSE3 and SSE4.1 instructions the fast path needs, else 0.
int armsledger_sha256_hardware_available(void);

/// Compresses `blocks` 64-byte blocks at `data` into `state` (eight words, a..h).
/// Call only when armsledger_sha256_hardware_available() returned 1.
void armsledger_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
