/* test_meminfo.c - meminfo_open and the reads against fixture trees:
 * MemAvailable where the kernel has it, the estimate where it does not,
 * and the working-set counters. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "meminfo.h"
#include "t.h"

static int open_tree(const char *tree)
{
	return open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static void close_src(struct meminfo_src *s)
{
	if (s->meminfo_fd >= 0)
		close(s->meminfo_fd);
	if (s->vmstat_fd >= 0)
		close(s->vmstat_fd);
}

TEST(mem_read_from_trees)
{
	static const struct {
		const char *tree;
		uint64_t avail;
		int vm_rc;
		uint64_t activate;
		const char *log; /* what bustd says, once */
	} rows[] = {
		{ "data/proc-basic", 23988148, 0, 39971, "" },
		/* MemFree + Active(file) + Inactive(file) + SReclaimable */
		{ "data/proc-old", 212340ull + 1074092 + 636080 + 134216, -ENOENT, 0,
		  "bustd: warning: /proc/meminfo has no MemAvailable (kernel "
		  "before 3.14): estimating it\n" },
		{ "data/proc-router", 13952, 0, 402117 + 98812, "" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct meminfo_src s;
		struct vmstat_fields vf;
		struct mem m = { .free_kib = 1 };
		char log[256];
		int dfd = open_tree(rows[i].tree);

		T_ROW("%s", rows[i].tree);
		if (!CHECK(dfd >= 0))
			continue;
		CHECK_EQ_I64(meminfo_open(&s, dfd), 0);
		t_stderr_begin();
		CHECK_EQ_I64(mem_read_avail(&s, &m), 0);
		CHECK(m.avail_known);
		CHECK_EQ_U64(m.avail_kib, rows[i].avail);
		CHECK_EQ_U64(m.free_kib, 1); /* sysinfo's fields untouched */
		/* re-read through the same descriptor */
		CHECK_EQ_I64(mem_read_avail(&s, &m), 0);
		CHECK_EQ_U64(m.avail_kib, rows[i].avail);
		t_stderr_end(log, sizeof log);
		CHECK_STR(log, rows[i].log);
		CHECK_EQ_I64(mem_read_vmstat(&s, &vf), rows[i].vm_rc);
		CHECK_EQ_U64(vf.activate, rows[i].activate);
		close_src(&s);
		close(dfd);
	}
}

TEST(meminfo_open_without_files)
{
	struct meminfo_src s;
	struct vmstat_fields vf;
	int dfd = open_tree("data/proc-empty");

	if (!CHECK(dfd >= 0))
		return;
	CHECK_EQ_I64(meminfo_open(&s, dfd), -ENOENT);
	CHECK(s.vmstat_fd < 0);
	CHECK_EQ_I64(mem_read_vmstat(&s, &vf), -ENOENT);
	close(dfd);
}

TEST(mem_read_fast_on_this_host)
{
	struct mem m;

	CHECK_EQ_I64(mem_read_fast(&m), 0);
	CHECK(m.total_kib > 0);
	CHECK(m.free_kib <= m.total_kib);
	CHECK(m.swap_free_kib <= m.swap_total_kib);
	CHECK(!m.avail_known);
}
