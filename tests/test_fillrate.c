/* test_fillrate.c - the fill-rate arithmetic and the CPU list parser, and
 * real measurements in this process's own memory: that they fault fresh
 * pages in and give every one back. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fillrate.h"
#include "t.h"

TEST(cpulist_count_sysfs_forms)
{
	static const struct {
		const char *text;
		unsigned n;
	} rows[] = {
		{ "0\n", 1 },          { "0-3\n", 4 },
		{ "0-3,6\n", 5 },      { "0,2,4-7\n", 6 },
		{ "0-127\n", 128 },    { "", 0 },
		{ "3-1\n", 0 },        /* backwards: not trusted */
		{ "0-\n", 0 },         { "x\n", 0 },
		{ "0-4294967295\n", 0 }, /* absurd: not trusted */
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_EQ_U64(cpulist_count(rows[i].text,
					   (long)strlen(rows[i].text)),
			     rows[i].n);
}

TEST(fillrate_from_scales_clamps)
{
	/* 256 KiB in 500 us is 500 MiB/s a CPU */
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 1), 500);
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 2), 1000);
	/* past FILLRATE_MAX_CPUS the memory bus is the limit */
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 64), 2000);
	/* CPU count unknown: counted as the most */
	CHECK_EQ_U64(fillrate_from(256 << 10, 500000, 0), 2000);
	/* never slower than the floor, never faster than the default */
	CHECK_EQ_U64(fillrate_from(256 << 10, 100000000, 1), FILLRATE_FLOOR_MIBS);
	CHECK_EQ_U64(fillrate_from(2 << 20, 100000, 4), FILLRATE_CEILING_MIBS);
	/* nothing measured */
	CHECK_EQ_U64(fillrate_from(256 << 10, 0, 1), 0);
}

/* VmSize: KiB of address space mapped, from /proc/self/status. */
static long vm_size_kib(void)
{
	static char text[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	long n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
	const char *p;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	p = strstr(text, "\nVmSize:");
	return p ? strtol(p + 9, NULL, 10) : -1;
}

static long minor_faults(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_minflt;
}

/* The rate itself is clamped into [floor, ceiling] before anyone sees it,
 * so a range check proves only that memory could be mapped (0 otherwise).
 * What can go wrong is checked instead: each trial must fault its pages in
 * for real (a loop the compiler dropped, or a stride past the pages, would
 * time nothing and report the ceiling), and every trial's mapping must be
 * gone afterwards (bustd measures at start-up, then locks all it has into
 * RAM: one forgotten munmap is 256 KiB to 4 MiB held for good). */
static void measure_and_check(int sys_fd, long want_faults)
{
	long vm0 = vm_size_kib(), f0 = minor_faults();
	unsigned r = fillrate_measure(sys_fd);
	long f1 = minor_faults(), vm1 = vm_size_kib();

	T_ROW("%u MiB/s, %ld faults (want >= %ld), VmSize %ld -> %ld KiB", r,
	      f1 - f0, want_faults, vm0, vm1);
	CHECK(r >= FILLRATE_FLOOR_MIBS && r <= FILLRATE_CEILING_MIBS);
	if (CHECK(f0 >= 0 && f1 >= 0))
		CHECK(f1 - f0 >= want_faults);
	/* less than one small trial's mapping may be left over (none is) */
	if (CHECK(vm0 > 0 && vm1 > 0))
		CHECK(vm1 - vm0 < 256);
}

TEST(fillrate_measure_faults_pages_in_and_unmaps_them)
{
	/* no /sys: CPUs unknown, no huge pages; 4 trials of 64 pages, a fault
	 * each (counted as at least one per 16 KiB, should a kernel fault in
	 * small folios of 4 pages) */
	measure_and_check(-1, 4 * 16);
}

TEST(fillrate_measure_with_huge_pages_unmaps_them)
{
	/* a /sys saying THP may be used ("[madvise]") and one CPU: the 2 MiB
	 * trials run too, in 4 MiB mappings (aligned), after the small ones;
	 * at least one fault each, more where this kernel gives no huge page */
	int dfd = open("data/sys-thp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (!CHECK(dfd >= 0))
		return;
	measure_and_check(dfd, 4 * 16 + 2);
	close(dfd);
}
