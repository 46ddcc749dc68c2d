/* test_hook.c - the environment a -N/-P hook gets: bustd's names and
 * earlyoom's, so an earlyoom user's script runs unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hook.h"
#include "t.h"

TEST(hook_gets_bustd_and_earlyoom_names)
{
	char dir[] = "/tmp/bustd-hook-XXXXXX", path[64], cmd[160], got[512];
	struct victim v = { .pid = 4242, .uid = 1000, .rss_kib = 77 };
	FILE *f;
	size_t n;
	int st;

	if (!CHECK(mkdtemp(dir)))
		return;
	snprintf(path, sizeof path, "%s/env", dir);
	snprintf(cmd, sizeof cmd,
		 "env | grep -e ^BUSTD_ -e ^EARLYOOM_ | sort > %s", path);
	strcpy(v.name, "my hog");
	CHECK_EQ_I64(hook_run(cmd, &v), 0);
	CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	f = fopen(path, "r");
	if (CHECK(f)) {
		n = fread(got, 1, sizeof got - 1, f);
		got[n] = '\0';
		fclose(f);
		/* BUSTD_NAME as the log escapes it, EARLYOOM_NAME as is */
		CHECK_STR(got, "BUSTD_NAME=my\\x20hog\n"
			       "BUSTD_PID=4242\n"
			       "BUSTD_RSS_KIB=77\n"
			       "BUSTD_UID=1000\n"
			       "EARLYOOM_NAME=my hog\n"
			       "EARLYOOM_PID=4242\n"
			       "EARLYOOM_UID=1000\n");
	}
	unlink(path);
	rmdir(dir);
}
