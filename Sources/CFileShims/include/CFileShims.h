#ifndef CANARY_CFILESHIMS_H
#define CANARY_CFILESHIMS_H

#include <stddef.h>
#include <sys/types.h>

/// Reads up to `count` bytes at the descriptor's offset only if the page cache already holds
/// them (Linux `preadv2(2)` with `RWF_NOWAIT`).
///
/// Returns the bytes read (fewer than asked when the cache holds only the first part of the
/// range), 0 at the end of the file, or -1 with `errno`: `EAGAIN` when reading would wait for
/// the device, `EOPNOTSUPP` (also on systems without the call) or `EINVAL`/`ENOSYS` when the
/// system or the file's file system cannot tell, any other error of `read(2)`.
ssize_t canary_read_if_cached(int descriptor, void *buffer, size_t count);

/// Asks the kernel to start reading the whole file into the page cache and returns at once
/// (`posix_fadvise(2)` with `POSIX_FADV_WILLNEED`); 0 on success, an error number otherwise.
int canary_advise_will_need(int descriptor);

#endif
