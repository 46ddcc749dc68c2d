/* fork.h - fork without atfork handlers, on every C library bustd builds
 * with.  _Fork (musl 1.2.2, glibc 2.34) runs no atfork handlers, of which
 * bustd has none, and in static musl links no thread locks and vDSO lookup
 * (3 KiB) for them.  uClibc-ng (which calls itself glibc 2.2) and older
 * glibc have no _Fork: plain fork there, the same with no handlers. */
#ifndef BUSTD_FORK_H
#define BUSTD_FORK_H

#include <unistd.h>

#if defined(__UCLIBC__) ||                                             \
	(defined(__GLIBC__) &&                                         \
	 (__GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 34)))
#define bustd_fork fork
#else
#define bustd_fork _Fork
#endif

#endif
