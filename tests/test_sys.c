/* test_sys.c - the raw syscall seam where 32-bit ABIs split a 64-bit
 * argument into a register pair: pread's offset, low word first on
 * little-endian and high first on big-endian mips, from an even register
 * on arm EABI and mips o32.  bustd itself only reads at offset 0, where
 * any order gives 0, so only this test can see a wrong one.  Runs natively
 * and under qemu-user on each architecture (scripts/cross.sh). */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "sys.h"
#include "t.h"

/* "abc" at each offset of a sparse file, read back through sys_pread */
static void pread_at(int fd, off_t off)
{
	char got[4] = "";

	T_ROW("offset %lld", (long long)off);
	if (!CHECK(pwrite(fd, "abc", 3, off) == 3))
		return;
	CHECK_EQ_I64(sys_pread(fd, got, 3, off), 3);
	CHECK_STR(got, "abc");
}

TEST(sys_pread_splits_the_offset)
{
	char path[] = "/tmp/bustd-test-sys-XXXXXX";
	int fd = mkstemp(path);

	if (!CHECK(fd >= 0))
		return;
	unlink(path);
	/* a swapped pair reads 3 << 32, past the end: 0 bytes */
	pread_at(fd, 3);
	pread_at(fd, 70000);
	/* the high word too, where off_t has one (musl; glibc with
	 * _FILE_OFFSET_BITS=64); sparse, so no disk is used */
	if (sizeof(off_t) == 8)
		pread_at(fd, (off_t)((1ull << 32) + 5));
	close(fd);
}
