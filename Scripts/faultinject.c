/* LD_PRELOAD fault injector for Scripts/out-of-space.sh: makes the store's system calls fail
 * on one file, the way a failing disk would.
 *
 *   FAULT_PATH=/abs/path/ledger.jsonl   the file to fail on (matched via /proc/self/fd/N)
 *   FAULT_PWRITE=1                      the first pwrite writes half its bytes, the next fails EIO
 *   FAULT_FSYNC=1                       fsync fails with EIO
 *
 * Build: cc -shared -fPIC -O2 -o faultinject.so Scripts/faultinject.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int is_target(int fd) {
    const char *target = getenv("FAULT_PATH");
    if (!target) return 0;
    char link[64], resolved[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, resolved, sizeof resolved - 1);
    if (n < 0) return 0;
    resolved[n] = 0;
    return strcmp(resolved, target) == 0;
}

static int pwrite_calls = 0;

static ssize_t faulty_pwrite(ssize_t (*real)(int, const void *, size_t, off_t), int fd, const void *buf, size_t count, off_t offset) {
    if (getenv("FAULT_PWRITE") && is_target(fd)) {
        if (++pwrite_calls == 1 && count > 1) return real(fd, buf, count / 2, offset);
        errno = EIO;
        return -1;
    }
    return real(fd, buf, count, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    return faulty_pwrite(real, fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
    return faulty_pwrite(real, fd, buf, count, offset);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (getenv("FAULT_FSYNC") && is_target(fd)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}
