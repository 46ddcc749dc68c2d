/* test_psi.c - /proc/pressure/memory: the text, the windowed stall share
 * and what psi_open says when PSI is missing. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "psi.h"
#include "t.h"

static char text[1024];

TEST(psi_parse_real_text)
{
	static const struct {
		const char *file;
		bool some, full;
		uint64_t some_avg10, some_total, full_avg10, full_total;
	} rows[] = {
		{ "data/pressure-memory-6.18-host", true, true, 0, 0, 0, 0 },
		{ "data/pressure-memory-thrashing", true, true, 1234, 45678901,
		  321, 12345678 },
		/* memory always has both lines; tolerate a file without full */
		{ "data/pressure-memory-no-full", true, false, 52, 987654, 0, 0 },
		/* the cpu file before 5.13 has only "some" */
		{ "data/pressure-cpu-5.10", true, false, 0, 2398712, 0, 0 },
		{ "data/pressure-cpu-6.18-host", true, true, 138, 20093178, 0, 0 },
		{ "data/pressure-memory-saturated", true, true, 10000,
		  UINT64_MAX, 10000, 18446744073709551000ull },
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct psi_fields f;
		long n = t_slurp(rows[i].file, text, sizeof text);

		T_ROW("%s", rows[i].file);
		memset(&f, 0xa5, sizeof f);
		psi_parse(text, n, &f);
		CHECK_EQ_U64(f.some.present, rows[i].some);
		CHECK_EQ_U64(f.some.avg10, rows[i].some_avg10);
		CHECK_EQ_U64(f.some.total_us, rows[i].some_total);
		CHECK_EQ_U64(f.full.present, rows[i].full);
		CHECK_EQ_U64(f.full.avg10, rows[i].full_avg10);
		CHECK_EQ_U64(f.full.total_us, rows[i].full_total);
	}
}

TEST(psi_parse_odd_text)
{
	struct psi_fields f;

	psi_parse("", 0, &f);
	CHECK(!f.some.present && !f.full.present);

	/* no total: the line does not count */
	psi_parse("some avg10=1.00 avg60=0.00 avg300=0.00\n", 39, &f);
	CHECK(!f.some.present);

	/* a line cut inside the total is not trusted */
	static const char cut[] = "some avg10=0.00 avg60=0.00 avg300=0.00 "
				  "total=123456\n"
				  "full avg10=0.00 avg60=0.00 avg300=0.00 total=12";
	psi_parse(cut, sizeof cut - 1, &f);
	CHECK(f.some.present);
	CHECK_EQ_U64(f.some.total_us, 123456);
	CHECK(!f.full.present);

	/* fields in another order, or unknown ones, are fine */
	static const char other[] = "full total=5 avg10=2.50\n"
				    "some avg10=7.00 foo=1 total=9\n";
	psi_parse(other, sizeof other - 1, &f);
	CHECK(f.full.present);
	CHECK_EQ_U64(f.full.total_us, 5);
	CHECK_EQ_U64(f.full.avg10, 250);
	CHECK_EQ_U64(f.some.total_us, 9);
	CHECK_EQ_U64(f.some.avg10, 700);
}

#define S 1000000ull /* one second in microseconds */

TEST(psi_window_needs_a_second_of_history)
{
	struct psi_window w = { 0 };

	CHECK_EQ_I64(psi_window_stall(&w, 10 * S, 1000), -1); /* primes */
	CHECK_EQ_I64(psi_window_stall(&w, 10 * S + 1, 1000), -1);
	CHECK_EQ_I64(psi_window_stall(&w, 10 * S + S / 2, 1000 + S / 4), -1);
	CHECK_EQ_I64(psi_window_stall(&w, 11 * S - 1, 1000 + S / 4), -1);
	/* a second later: 250 ms stalled of 1000 ms is 25.00% */
	CHECK_EQ_I64(psi_window_stall(&w, 11 * S, 1000 + S / 4), 2500);
}

TEST(psi_window_share_over_the_window)
{
	struct psi_window w = { 0 };

	psi_window_stall(&w, 0, 0);
	CHECK_EQ_I64(psi_window_stall(&w, S, S / 10), 1000);     /* 10% */
	/* 1.5 s since the older anchor, 0.3 s stalled */
	CHECK_EQ_I64(psi_window_stall(&w, S + S / 2, 3 * S / 10), 2000);
	/* anchors move: [1 s, 2 s], 0.9 s stalled in it */
	CHECK_EQ_I64(psi_window_stall(&w, 2 * S, S), 9000);
	/* a quiet second after it: [2 s, 3 s] */
	CHECK_EQ_I64(psi_window_stall(&w, 3 * S, S), 0);
	/* a long sleep: the whole gap is the window */
	CHECK_EQ_I64(psi_window_stall(&w, 13 * S, S + S), 1000);
	/* hundredths: 1 us of 1 s is 0.0001%, rounds down */
	CHECK_EQ_I64(psi_window_stall(&w, 14 * S, 2 * S + 1), 0);
	CHECK_EQ_I64(psi_window_stall(&w, 15 * S, 2 * S + 1 + 123400), 1234);
}

TEST(psi_window_caps_at_100_percent)
{
	struct psi_window w = { 0 };

	psi_window_stall(&w, 0, 0);
	CHECK_EQ_I64(psi_window_stall(&w, S, S), 10000);
	/* "some" counts per CPU; more than wall time can accrue */
	CHECK_EQ_I64(psi_window_stall(&w, 2 * S, 5 * S), 10000);
}

TEST(psi_window_restarts_when_counters_go_back)
{
	struct psi_window w = { 0 };

	psi_window_stall(&w, 0, 5 * S);
	CHECK_EQ_I64(psi_window_stall(&w, S, 5 * S + S / 2), 5000);
	/* total went backwards (a different file, a reset): start over */
	CHECK_EQ_I64(psi_window_stall(&w, 2 * S, 100), -1);
	CHECK_EQ_I64(psi_window_stall(&w, 2 * S + S / 2, 100), -1);
	CHECK_EQ_I64(psi_window_stall(&w, 3 * S, 100 + S / 5), 2000);
	/* time went backwards: start over */
	CHECK_EQ_I64(psi_window_stall(&w, S, 100 + S / 5), -1);
	CHECK_EQ_I64(psi_window_stall(&w, 2 * S, 100 + S / 5), 0);
	/* unprimed again (main.c does this after a kill) */
	w.primed = false;
	CHECK_EQ_I64(psi_window_stall(&w, 3 * S, 100 + S), -1);
}

TEST(psi_open_without_pressure_dir)
{
	struct psi_src s;
	char why_mem[256] = { 0 };
	struct buf why = { why_mem, 0, sizeof why_mem - 1, 0 };
	int dfd = open("data/proc-basic", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (!CHECK(dfd >= 0))
		return;
	CHECK_EQ_I64(psi_open(&s, dfd, &why), -1);
	CHECK_EQ_I64(s.read_fd, -1);
	CHECK_EQ_I64(s.trigger_fd, -1);
	CHECK_HAS(why_mem, "no /proc/pressure/memory");
	CHECK(!strchr(why_mem, '\n'));
	/* reads then say "unknown" */
	struct psi_fields f;
	CHECK_EQ_I64(psi_read(&s, 5 * S, &f), -1);
	CHECK(!f.some.present);
	close(dfd);
}

TEST(psi_open_on_an_unreadable_file)
{
	/* psi=0 on 5.x leaves the file in place; reading it fails or
	 * yields nothing */
	struct psi_src s;
	char why_mem[256] = { 0 };
	struct buf why = { why_mem, 0, sizeof why_mem - 1, 0 };
	int dfd = open("data/proc-psi-empty", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (!CHECK(dfd >= 0))
		return;
	CHECK_EQ_I64(psi_open(&s, dfd, &why), -1);
	CHECK_EQ_I64(s.read_fd, -1);
	CHECK_EQ_I64(s.trigger_fd, -1);
	CHECK_HAS(why_mem, "unreadable");
	close(dfd);
}

/* psi_open writes its trigger into the file it opened, so a working
 * "pressure/memory" is a scratch copy, never the fixture itself. */
TEST(psi_open_and_read_a_copy)
{
	char dir[] = "/tmp/bustd-psi-XXXXXX", path[64];
	char why_mem[256] = { 0 };
	struct buf why = { why_mem, 0, sizeof why_mem - 1, 0 };
	struct psi_src s;
	struct psi_fields f;
	long n = t_slurp("data/pressure-memory-thrashing", text, sizeof text);
	int dfd, fd;

	if (!CHECK(mkdtemp(dir) != NULL) || n < 0)
		return;
	snprintf(path, sizeof path, "%s/pressure", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/pressure/memory", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(write(fd, text, (size_t)n) == n);
	close(fd);

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	psi_open(&s, dfd, &why);
	CHECK(s.read_fd >= 0);
	/* a regular file takes the trigger write; /proc would check it */
	CHECK(s.trigger_fd >= 0);
	psi_drop_trigger(&s);
	CHECK_EQ_I64(s.trigger_fd, -1);

	/* the trigger went into the copy: put the text back, then rewrite it
	 * as the kernel would; reads see each version through the same
	 * descriptor */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	CHECK(write(fd, text, (size_t)n) == n);
	close(fd);
	CHECK_EQ_I64(psi_read(&s, 100 * S, &f), -1);
	CHECK(f.some.present);
	CHECK_EQ_U64(f.some.avg10, 1234);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	dprintf(fd, "some avg10=50.00 avg60=0.00 avg300=0.00 total=%llu\n"
		    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		45678901ull + S / 2);
	close(fd);
	CHECK_EQ_I64(psi_read(&s, 101 * S, &f), 5000);
	CHECK_EQ_U64(f.some.avg10, 5000);

	close(s.read_fd);
	close(dfd);
	unlink(path);
	snprintf(path, sizeof path, "%s/pressure", dir);
	rmdir(path);
	rmdir(dir);
}
