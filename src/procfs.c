/* procfs.c - see procfs.h */
#include "procfs.h"

#include "sys.h"

/* 8, not the 32 GCC gives large arrays on x86-64: bytes of bss count */
char proc_scratch[PROC_SCRATCH] __attribute__((aligned(8)));

long proc_pread(int fd)
{
	long n = sys_pread(fd, proc_scratch, sizeof proc_scratch - 1, 0);

	proc_scratch[n > 0 ? n : 0] = '\0';
	return n;
}

long proc_read_at(int dirfd, const char *path)
{
	int fd = sys_openat(dirfd, path, O_RDONLY);
	long n;

	if (fd < 0)
		return fd;
	n = sys_read(fd, proc_scratch, sizeof proc_scratch - 1);
	sys_close(fd);
	proc_scratch[n > 0 ? n : 0] = '\0';
	return n;
}
