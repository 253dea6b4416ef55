// Calls the Swift Glibc module does not import: preadv2(2) needs _GNU_SOURCE.
#define _GNU_SOURCE
#include "CFileShims.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>

ssize_t canary_read_if_cached(int descriptor, void *buffer, size_t count) {
#if defined(__linux__) && defined(RWF_NOWAIT)
  struct iovec vector = {.iov_base = buffer, .iov_len = count};
  return preadv2(descriptor, &vector, 1, -1, RWF_NOWAIT);
#else
  (void)descriptor;
  (void)buffer;
  (void)count;
  errno = EOPNOTSUPP;
  return -1;
#endif
}

int canary_advise_will_need(int descriptor) {
#if defined(POSIX_FADV_WILLNEED)
  return posix_fadvise(descriptor, 0, 0, POSIX_FADV_WILLNEED);
#else
  (void)descriptor;
  return 0;
#endif
}
