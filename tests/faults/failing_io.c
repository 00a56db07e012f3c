/* A disk that fails on demand: an LD_PRELOAD shim for the fault-injection tests.
 *
 * Build:  gcc -shared -fPIC -O2 -o failing_io.so failing_io.c -ldl
 * Use:    LD_PRELOAD=/path/failing_io.so SHANHAI_FAIL_DIR=/some/folder SHANHAI_FAIL=write python ...
 *
 * It wraps open/openat (and their 64-bit and fortified forms), write, fsync, fdatasync, close and
 * rename/renameat/renameat2, and only ever touches calls on paths inside SHANHAI_FAIL_DIR (the
 * folder itself included) and on descriptors opened there, so the interpreter's own I/O runs
 * undisturbed. The settings are read from the environment at every call, so a process can save
 * cleanly first and then set SHANHAI_FAIL (os.environ) to make the next save fail.
 *
 *   SHANHAI_FAIL_DIR    the folder whose files fail (required; nothing fails without it)
 *   SHANHAI_FAIL        the operation that fails:
 *                         open       creating a file (open with O_CREAT), e.g. the temporary file
 *                         write      write to a file opened in the folder
 *                         short      not a failure: every write writes at most half (at least 1 byte)
 *                         fsync      fsync/fdatasync of a file
 *                         close      close of a file (the descriptor is released, as Linux does)
 *                         rename     rename into or out of the folder
 *                         open_dir   opening the folder itself (O_DIRECTORY)
 *                         fsync_dir  fsync of the folder
 *   SHANHAI_FAIL_ERRNO  ENOSPC (default), EIO, EDQUOT, EROFS, EINTR, EACCES, EEXIST or a number
 *   SHANHAI_FAIL_AFTER  fail the n-th matching call only (default 1); 0 fails every matching call
 *
 * Changing any of the three settings restarts the count. Every injected failure, and every
 * close() of a descriptor the shim already saw released by a failed close, is reported as one
 * line on stderr starting with "failing_io:".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FDS 65536

/* what the shim knows of each descriptor: 0 untracked, 1 a file in the folder, 2 the folder */
static unsigned char tracked[MAX_FDS];
/* descriptors released by an injected close failure and not reopened since */
static unsigned char released[MAX_FDS];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char config[PATH_MAX + 64];
static long calls; /* matching calls seen since the configuration last changed */

static void* next(const char* name) {
  void* f = dlsym(RTLD_NEXT, name);
  if (!f) {
    fprintf(stderr, "failing_io: cannot find %s\n", name);
    abort();
  }
  return f;
}

#define REAL(ret, name, ...)                          \
  static ret (*real)(__VA_ARGS__);                    \
  if (!real) real = (ret(*)(__VA_ARGS__))next(name)

static const char* folder(void) {
  const char* d = getenv("SHANHAI_FAIL_DIR");
  return d && *d ? d : NULL;
}

static int errno_value(void) {
  const char* e = getenv("SHANHAI_FAIL_ERRNO");
  if (!e || !*e || !strcmp(e, "ENOSPC")) return ENOSPC;
  if (!strcmp(e, "EIO")) return EIO;
  if (!strcmp(e, "EDQUOT")) return EDQUOT;
  if (!strcmp(e, "EROFS")) return EROFS;
  if (!strcmp(e, "EINTR")) return EINTR;
  if (!strcmp(e, "EACCES")) return EACCES;
  if (!strcmp(e, "EEXIST")) return EEXIST;
  return atoi(e);
}

/* Is `path` (as given, relative to `dirfd` or the working directory) the folder or inside it? */
static int inside(int dirfd, const char* path) {
  const char* d = folder();
  if (!d || !path) return 0;
  char full[PATH_MAX * 2];
  if (path[0] == '/') {
    snprintf(full, sizeof full, "%s", path);
  } else {
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD || dirfd < 0) {
      if (!getcwd(base, sizeof base)) return 0;
    } else {
      char link[64];
      snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
      const ssize_t n = readlink(link, base, sizeof base - 1);
      if (n < 0) return 0;
      base[n] = '\0';
    }
    snprintf(full, sizeof full, "%s/%s", base, path);
  }
  size_t n = strlen(d);
  while (n > 1 && d[n - 1] == '/') --n;
  if (strncmp(full, d, n) != 0) return 0;
  return full[n] == '\0' || full[n] == '/';
}

/* Should this call of `op` fail? Counts the matching calls of the current configuration. */
static int should_fail(const char* op, const char* what) {
  const char* want = getenv("SHANHAI_FAIL");
  if (!want || strcmp(want, op) != 0 || !folder()) return 0;
  const char* after_text = getenv("SHANHAI_FAIL_AFTER");
  const char* err_text = getenv("SHANHAI_FAIL_ERRNO");
  char now[sizeof config];
  snprintf(now, sizeof now, "%s|%s|%s", want, after_text ? after_text : "", err_text ? err_text : "");
  const long after = after_text && *after_text ? atol(after_text) : 1;
  pthread_mutex_lock(&lock);
  if (strcmp(now, config) != 0) {
    strcpy(config, now);
    calls = 0;
  }
  const long n = ++calls;
  pthread_mutex_unlock(&lock);
  const int fail = after == 0 || n == after;
  if (fail) {
    const int e = errno_value();
    fprintf(stderr, "failing_io: %s #%ld on %s fails with errno %d (%s)\n", op, n, what, e, strerror(e));
  }
  return fail;
}

static void track(int fd, int kind) {
  if (fd >= 0 && fd < MAX_FDS) {
    tracked[fd] = (unsigned char)kind;
    released[fd] = 0;
  }
}

static int kind_of(int fd) { return fd >= 0 && fd < MAX_FDS ? tracked[fd] : 0; }

static int is_directory(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Before an open: -1 (errno set) when it is to fail, else 0. After it: record the descriptor. */
static int before_open(int dirfd, const char* path, int flags, int* in) {
  *in = inside(dirfd, path);
  if (!*in) return 0;
  if (((flags & O_DIRECTORY) && should_fail("open_dir", path)) || ((flags & O_CREAT) && should_fail("open", path))) {
    errno = errno_value();
    return -1;
  }
  return 0;
}

static int after_open(int fd, int in) {
  if (fd >= 0) track(fd, !in ? 0 : is_directory(fd) ? 2 : 1);
  return fd;
}

/* ------------------------------------------------------------------------------- opening */

static mode_t mode_arg(int flags, va_list ap) {
  return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

#define DEFINE_OPEN(name)                                                          \
  int name(const char* path, int flags, ...) {                                     \
    va_list ap;                                                                    \
    va_start(ap, flags);                                                           \
    const mode_t mode = mode_arg(flags, ap);                                       \
    va_end(ap);                                                                    \
    REAL(int, #name, const char*, int, ...);                                       \
    int in;                                                                        \
    if (before_open(AT_FDCWD, path, flags, &in)) return -1;                        \
    return after_open(real(path, flags, mode), in);                                \
  }
#define DEFINE_OPENAT(name)                                                        \
  int name(int dirfd, const char* path, int flags, ...) {                          \
    va_list ap;                                                                    \
    va_start(ap, flags);                                                           \
    const mode_t mode = mode_arg(flags, ap);                                       \
    va_end(ap);                                                                    \
    REAL(int, #name, int, const char*, int, ...);                                  \
    int in;                                                                        \
    if (before_open(dirfd, path, flags, &in)) return -1;                           \
    return after_open(real(dirfd, path, flags, mode), in);                         \
  }

DEFINE_OPEN(open)
DEFINE_OPEN(open64)
DEFINE_OPENAT(openat)
DEFINE_OPENAT(openat64)

/* the fortified forms (_FORTIFY_SOURCE) take no mode */
#define DEFINE_OPEN_2(name)                                                        \
  int name(const char* path, int flags) {                                          \
    REAL(int, #name, const char*, int);                                            \
    int in;                                                                        \
    if (before_open(AT_FDCWD, path, flags, &in)) return -1;                        \
    return after_open(real(path, flags), in);                                      \
  }
DEFINE_OPEN_2(__open_2)
DEFINE_OPEN_2(__open64_2)

int __openat_2(int dirfd, const char* path, int flags) {
  REAL(int, "__openat_2", int, const char*, int);
  int in;
  if (before_open(dirfd, path, flags, &in)) return -1;
  return after_open(real(dirfd, path, flags), in);
}

/* ------------------------------------------------------------------------ descriptors */

static const char* name_of(int fd, char* buf, size_t size) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, buf, size - 1);
  if (n < 0) return "?";
  buf[n] = '\0';
  return buf;
}

ssize_t write(int fd, const void* data, size_t size) {
  REAL(ssize_t, "write", int, const void*, size_t);
  if (kind_of(fd) == 1) {
    char buf[PATH_MAX];
    const char* want = getenv("SHANHAI_FAIL");
    if (want && !strcmp(want, "short") && folder() && size > 1) return real(fd, data, size / 2);
    if (should_fail("write", name_of(fd, buf, sizeof buf))) {
      errno = errno_value();
      return -1;
    }
  }
  return real(fd, data, size);
}

static int synced(int fd, int (*real)(int)) {
  const int kind = kind_of(fd);
  if (kind) {
    char buf[PATH_MAX];
    if (should_fail(kind == 2 ? "fsync_dir" : "fsync", name_of(fd, buf, sizeof buf))) {
      errno = errno_value();
      return -1;
    }
  }
  return real(fd);
}

int fsync(int fd) {
  REAL(int, "fsync", int);
  return synced(fd, real);
}

int fdatasync(int fd) {
  REAL(int, "fdatasync", int);
  return synced(fd, real);
}

int close(int fd) {
  REAL(int, "close", int);
  if (fd >= 0 && fd < MAX_FDS && released[fd]) {
    /* The descriptor was released by a close that failed: closing it again closes nothing, or
     * worse, a file another thread has opened since under the same number. */
    released[fd] = 0;
    fprintf(stderr, "failing_io: close(%d) again after a failed close already released it\n", fd);
  }
  if (kind_of(fd) == 1) {
    char buf[PATH_MAX];
    if (should_fail("close", name_of(fd, buf, sizeof buf))) {
      const int e = errno_value();
      real(fd); /* Linux releases the descriptor even when close reports an error */
      tracked[fd] = 0;
      released[fd] = 1;
      errno = e;
      return -1;
    }
  }
  if (fd >= 0 && fd < MAX_FDS) tracked[fd] = 0;
  return real(fd);
}

/* ----------------------------------------------------------------------------- renaming */

static int renamed(int olddir, const char* from, int newdir, const char* to) {
  if (!inside(olddir, from) && !inside(newdir, to)) return 0;
  if (should_fail("rename", to)) {
    errno = errno_value();
    return 1;
  }
  return 0;
}

int rename(const char* from, const char* to) {
  REAL(int, "rename", const char*, const char*);
  if (renamed(AT_FDCWD, from, AT_FDCWD, to)) return -1;
  return real(from, to);
}

int renameat(int olddir, const char* from, int newdir, const char* to) {
  REAL(int, "renameat", int, const char*, int, const char*);
  if (renamed(olddir, from, newdir, to)) return -1;
  return real(olddir, from, newdir, to);
}

int renameat2(int olddir, const char* from, int newdir, const char* to, unsigned flags) {
  REAL(int, "renameat2", int, const char*, int, const char*, unsigned);
  if (renamed(olddir, from, newdir, to)) return -1;
  return real(olddir, from, newdir, to, flags);
}
