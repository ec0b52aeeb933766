// System calls ArmsLedger needs that Swift's Glibc module does not import (they need
// _GNU_SOURCE). Each is a thin, documented wrapper; nothing else lives here.
#ifndef CARMSLEDGERIO_H
#define CARMSLEDGERIO_H

#include <stdint.h>

/// Starts writing back `count` bytes of `fd` at `offset` without waiting for them
/// (sync_file_range(2) with SYNC_FILE_RANGE_WRITE on Linux). A hint only: it makes nothing
/// durable. Returns 0, or -1 with errno set (ENOSYS where the call does not exist).
int armsledger_start_writeback(int fd, int64_t offset, int64_t count);

#endif
