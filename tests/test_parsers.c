/* test_parsers.c - /proc text as different kernels write it: meminfo,
 * vmstat, PID/status and PID/comm, and sysinfo(2)'s units.  The texts
 * under data/ are captures (*-host, status-6.18-*) or written out field by
 * field after the kernels named in their file names. */
#include <string.h>

#include "meminfo.h"
#include "procscan.h"
#include "t.h"

static char text[8192];

TEST(meminfo_6_18_host_capture)
{
	struct meminfo_fields f;
	long n = t_slurp("data/meminfo-6.18-host", text, sizeof text);

	meminfo_parse(text, n, &f);
	CHECK_EQ_U64(f.total, 24684092);
	CHECK_EQ_U64(f.free, 23875572);
	CHECK(f.has_avail);
	CHECK_EQ_U64(f.avail, 23988148);
	CHECK_EQ_U64(f.active_file, 136660);
	CHECK_EQ_U64(f.inactive_file, 145480);
	CHECK_EQ_U64(f.sreclaimable, 78280);
	CHECK_EQ_U64(f.swap_total, 0);
	CHECK_EQ_U64(meminfo_available(&f), 23988148);
}

TEST(meminfo_3_10_has_no_memavailable)
{
	struct meminfo_fields f;
	long n = t_slurp("data/meminfo-3.10", text, sizeof text);

	meminfo_parse(text, n, &f);
	CHECK(!f.has_avail);
	CHECK_EQ_U64(f.total, 3881692);
	CHECK_EQ_U64(f.swap_total, 2097148);
	CHECK_EQ_U64(f.swap_free, 1902708);
	/* MemFree + Active(file) + Inactive(file) + SReclaimable */
	CHECK_EQ_U64(meminfo_available(&f),
		     212340ull + 1074092 + 636080 + 134216);
}

TEST(meminfo_4_19_and_router)
{
	struct meminfo_fields f;
	long n = t_slurp("data/meminfo-4.19", text, sizeof text);

	meminfo_parse(text, n, &f);
	CHECK(f.has_avail);
	CHECK_EQ_U64(meminfo_available(&f), 5126304);
	CHECK_EQ_U64(f.swap_total, 8385532);
	CHECK_EQ_U64(f.swap_free, 8353276);

	n = t_slurp("data/meminfo-5.4-router-64m", text, sizeof text);
	meminfo_parse(text, n, &f);
	CHECK_EQ_U64(f.total, 59472);
	CHECK_EQ_U64(meminfo_available(&f), 13952);
	CHECK_EQ_U64(f.swap_total, 0);
	CHECK_EQ_U64(f.sreclaimable, 2784); /* not KReclaimable's line */
}

TEST(meminfo_cut_last_line_is_not_trusted)
{
	/* a read that stops inside "MemAvailable:   23988148 kB" must not
	 * report 239 */
	static const char cut[] = "MemTotal:       24684092 kB\n"
				  "MemFree:        23875572 kB\n"
				  "MemAvailable:   239";
	struct meminfo_fields f;

	meminfo_parse(cut, sizeof cut - 1, &f);
	CHECK_EQ_U64(f.total, 24684092);
	CHECK_EQ_U64(f.free, 23875572);
	CHECK(!f.has_avail);
	CHECK_EQ_U64(f.avail, 0);

	/* the same text, newline restored: trusted */
	memcpy(text, cut, sizeof cut - 1);
	text[sizeof cut - 1] = '\n';
	meminfo_parse(text, sizeof cut, &f);
	CHECK(f.has_avail);
	CHECK_EQ_U64(f.avail, 239);
}

TEST(meminfo_odd_lines)
{
	static const char odd[] =
		"\n"
		"MemTotal:\n"                 /* no value */
		"MemFree:  abc kB\n"          /* not a number */
		"MemTotalX:       5 kB\n"     /* longer key */
		"Mem:             6 kB\n"     /* shorter key */
		"MemAvailable:0 kB\n"         /* no space */
		"SwapTotal:       99999999999999999999 kB\n" /* overflow */
		"SwapFree:        7 kB\n";
	struct meminfo_fields f;

	meminfo_parse(odd, sizeof odd - 1, &f);
	CHECK_EQ_U64(f.total, 0);
	CHECK_EQ_U64(f.free, 0);
	CHECK(f.has_avail);
	CHECK_EQ_U64(f.avail, 0);
	CHECK_EQ_U64(f.swap_total, 0);
	CHECK_EQ_U64(f.swap_free, 7);

	meminfo_parse("", 0, &f);
	CHECK_EQ_U64(f.total, 0);
	CHECK(!f.has_avail);
}

TEST(vmstat_activations_across_kernels)
{
	static const struct {
		const char *file;
		bool found;
		uint64_t activate;
	} rows[] = {
		/* 5.9+: activate and restore (MGLRU), each _anon + _file */
		{ "data/vmstat-6.18-host", true, 0 + 39971 + 0 + 0 },
		/* before 5.9: one counter each */
		{ "data/vmstat-5.4", true, 402117 + 98812 },
		/* before 3.15: none */
		{ "data/vmstat-3.10", false, 0 },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct vmstat_fields f;
		long n = t_slurp(rows[i].file, text, sizeof text);

		T_ROW("%s", rows[i].file);
		vmstat_parse(text, n, &f);
		CHECK_EQ_U64(f.found, rows[i].found);
		CHECK_EQ_U64(f.activate, rows[i].activate);
		/* the daemon reads only the first 2 KiB: enough */
		vmstat_parse(text, n < 2048 ? n : 2048, &f);
		CHECK_EQ_U64(f.found, rows[i].found);
		CHECK_EQ_U64(f.activate, rows[i].activate);
	}
}

TEST(vmstat_sums_split_counters_and_ignores_lookalikes)
{
	static const char v[] = "workingset_activate_anon 5\n"
				"workingset_activate_file 7\n"
				"workingset_restore_anon 20\n"
				"workingset_restore_file 100\n"
				"workingset_activated 1000\n"
				"workingset_refault_file 1000\n"
				"workingset_nodereclaim 1000\n"
				"workingset_activate 3";
	struct vmstat_fields f;

	vmstat_parse(v, sizeof v - 1, &f);
	CHECK(f.found);
	CHECK_EQ_U64(f.activate, 132); /* the cut last line is not counted */

	vmstat_parse("workingset_refault 9\nworkingset_nodes 9\n", 40, &f);
	CHECK(!f.found);
	CHECK_EQ_U64(f.activate, 0);
}

TEST(status_across_kernels)
{
	static const struct {
		const char *file;
		char state;
		unsigned uid;
		bool has_rss;
		uint64_t rss;
		bool kthread;
	} rows[] = {
		{ "data/status-6.18-sleep", 'S', 0, true, 1792, false },
		{ "data/status-6.18-kthreadd", 'S', 0, false, 0, true },
		{ "data/status-6.18-zombie", 'Z', 0, false, 0, false },
		{ "data/status-4.19-nginx", 'S', 33, true, 11956, false },
		/* no Kthread: line before 6.x; no VmRSS tells instead */
		{ "data/status-4.19-kthreadd", 'S', 0, false, 0, false },
		{ "data/status-6.18-200-groups", 'S', 1187401234u, true, 3145728,
		  false },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct status_fields f;
		long n = t_slurp(rows[i].file, text, sizeof text);

		T_ROW("%s", rows[i].file);
		status_parse(text, n, &f);
		CHECK_EQ_U64(f.state, rows[i].state);
		CHECK_EQ_U64(f.uid, rows[i].uid);
		CHECK_EQ_U64(f.has_rss, rows[i].has_rss);
		CHECK_EQ_U64(f.rss_kib, rows[i].rss);
		CHECK_EQ_U64(f.kthread, rows[i].kthread);
	}
}

TEST(status_name_cannot_forge_fields)
{
	/* the kernel escapes only '\n' and '\\' in Name:, so a process can
	 * call itself "State: Z" or "VmRSS: 1" */
	static const char s[] = "Name:\tVmRSS: 1\n"
				"State:\tR (running)\n"
				"Uid:\t1000\t1000\t1000\t1000\n"
				"Kthread:\t0\n"
				"VmRSS:\t  204800 kB\n";
	struct status_fields f;

	status_parse(s, sizeof s - 1, &f);
	CHECK_EQ_U64(f.state, 'R');
	CHECK_EQ_U64(f.uid, 1000);
	CHECK(f.has_rss);
	CHECK_EQ_U64(f.rss_kib, 204800);
	CHECK(!f.kthread);
}

TEST(status_cut_last_line_is_not_trusted)
{
	static const char s[] = "State:\tS (sleeping)\n"
				"VmRSS:\t  20";
	struct status_fields f;

	status_parse(s, sizeof s - 1, &f);
	CHECK_EQ_U64(f.state, 'S');
	CHECK(!f.has_rss);
	CHECK_EQ_U64(f.rss_kib, 0);
}

TEST(comm_names)
{
	static const struct {
		const char *what, *file; /* file: the bytes /proc/PID/comm gives */
		long len;
		int rc;
		const char *name;
	} rows[] = {
		{ "plain", "bash\n", 5, 0, "bash" },
		{ "spaces", "Web Content\n", 12, 0, "Web Content" },
		{ "parentheses", "(sd-pam)\n", 9, 0, "(sd-pam)" },
		{ "a name ending in ') S 1'", "x) S 1\n", 7, 0, "x) S 1" },
		{ "newline inside", "a\nb\n", 4, 0, "a\nb" },
		{ "newline at the end of the name", "ab\n\n", 4, 0, "ab\n" },
		{ "15 bytes, the kernel's longest", "123456789012345\n", 16, 0,
		  "123456789012345" },
		{ "15 bytes ending in newline", "12345678901234\n\n", 16, 0,
		  "12345678901234\n" },
		{ "non-UTF-8 bytes", "\xff\xfe\x80z\n", 5, 0, "\xff\xfe\x80z" },
		{ "no newline", "init", 4, 0, "init" },
		{ "empty name", "\n", 1, 0, "" },
		{ "empty read", "", 0, -1, NULL },
		{ "longer than the kernel allows", "12345678901234567890\n", 21,
		  0, "1234567890123456" },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char name[COMM_MAX];

		T_ROW("%s", rows[i].what);
		memset(name, '#', sizeof name);
		CHECK_EQ_I64(comm_parse(rows[i].file, rows[i].len, name),
			     rows[i].rc);
		if (rows[i].name)
			CHECK_STR(name, rows[i].name);
	}
}

TEST(sysinfo_units)
{
	static const struct {
		const char *what;
		unsigned mem_unit;
		unsigned long total, free, swap_total, swap_free;
		uint64_t kib_total, kib_free, kib_swap_total, kib_swap_free;
	} rows[] = {
		{ "64-bit: bytes", 1, 25276510208ul % 0xffffffffu, 1024 * 1024,
		  0, 0, 25276510208ul % 0xffffffffu / 1024, 1024, 0, 0 },
		/* a 32-bit kernel with RAM + swap >= 4 GiB counts pages */
		{ "32-bit, 3 GiB RAM + 2 GiB swap: pages", 4096, 786432, 131072,
		  524288, 524287, 3145728, 524288, 2097152, 2097148 },
		{ "64 MiB router", 1, 60899328, 12144640, 0, 0, 59472, 11860, 0,
		  0 },
		{ "mem_unit 0 is 1", 0, 2048, 1024, 4096, 0, 2, 1, 4, 0 },
		{ "sub-KiB rounds down", 1, 1023, 1, 0, 0, 0, 0, 0, 0 },
		/* sizes cut to 32 bits by qemu-user on a big host */
		{ "free over total: total", 1, 1048576, 2097152, 1024, 4096,
		  1024, 1024, 1, 1 },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct sysinfo si;
		struct mem m;

		T_ROW("%s", rows[i].what);
		memset(&si, 0, sizeof si);
		memset(&m, 0xa5, sizeof m);
		si.mem_unit = rows[i].mem_unit;
		si.totalram = rows[i].total;
		si.freeram = rows[i].free;
		si.totalswap = rows[i].swap_total;
		si.freeswap = rows[i].swap_free;
		mem_from_sysinfo(&si, &m);
		CHECK_EQ_U64(m.total_kib, rows[i].kib_total);
		CHECK_EQ_U64(m.free_kib, rows[i].kib_free);
		CHECK_EQ_U64(m.swap_total_kib, rows[i].kib_swap_total);
		CHECK_EQ_U64(m.swap_free_kib, rows[i].kib_swap_free);
		CHECK(!m.avail_known);
	}
}

TEST(sysinfo_pages_do_not_overflow)
{
	/* 32-bit unsigned long in pages: 16 TiB of RAM is 2^32 - 1 pages */
	struct sysinfo si;
	struct mem m;

	memset(&si, 0, sizeof si);
	si.mem_unit = 4096;
	si.totalram = 0xffffffffu;
	mem_from_sysinfo(&si, &m);
	CHECK_EQ_U64(m.total_kib, 0xffffffffull * 4);
}
